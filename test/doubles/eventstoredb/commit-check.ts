import type { StoredEvent } from './event-log';

/** What an append expects of its stream: a keyword, or the exact 0-based revision of the last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** The stream an append targets, as the commit check needs to see it. */
export interface StreamState {
  events: readonly StoredEvent[];
  /** Whether the stream's metadata stream ($$stream) holds an event. */
  metadataExists: boolean;
  /** The stored event with this id if it was last written to this stream. */
  storedHere(eventId: string): StoredEvent | undefined;
}

export type CommitDecision =
  | { kind: 'write' }
  /** Every proposed event is already stored where this append would put it: answer, write nothing. */
  | { kind: 'idempotent'; last: StoredEvent }
  /** Includes a retry whose ids match only in part: EventStoreDB answers that as a wrong expected version too. */
  | { kind: 'wrong-expected-version' };

const WRITE: CommitDecision = { kind: 'write' };
const WRONG_EXPECTED_VERSION: CommitDecision = { kind: 'wrong-expected-version' };

/**
 * Decides an append the way EventStoreDB's IndexWriter.CheckCommit does:
 *  - `stream_exists` fails on a stream that has neither events nor metadata;
 *  - `any` and `stream_exists` are idempotent by event id: when every id is already in the
 *    stream the append is answered from the stored events; when only the first id is new it
 *    is written; a mix is rejected;
 *  - an exact revision (`no_stream` being -1) behind the stream is a retry if the stored events
 *    right after that revision carry the proposed ids in order, otherwise a conflict;
 *  - a revision ahead of the stream is a conflict; the current revision is a write.
 */
export function checkCommit(stream: StreamState, expected: ExpectedRevision, eventIds: readonly string[]): CommitDecision {
  const current = stream.events.length - 1;
  if (expected === 'stream_exists' && current < 0 && !stream.metadataExists) return WRONG_EXPECTED_VERSION;
  if (expected === 'any' || expected === 'stream_exists') return checkByEventIds(stream, eventIds);

  const expectedRevision = expected === 'no_stream' ? -1 : expected;
  if (expectedRevision < current) return checkRetryAfter(stream, expectedRevision, eventIds);
  if (expectedRevision > current) return WRONG_EXPECTED_VERSION;
  return WRITE;
}

function checkByEventIds(stream: StreamState, eventIds: readonly string[]): CommitDecision {
  let last: StoredEvent | undefined;
  for (const [index, id] of eventIds.entries()) {
    const stored = stream.storedHere(id);
    if (!stored) return index === 0 ? WRITE : WRONG_EXPECTED_VERSION;
    last = stored;
  }
  return last ? { kind: 'idempotent', last } : WRITE;
}

function checkRetryAfter(stream: StreamState, expectedRevision: number, eventIds: readonly string[]): CommitDecision {
  let last: StoredEvent | undefined;
  for (const [offset, id] of eventIds.entries()) {
    const stored: StoredEvent | undefined = stream.events[expectedRevision + 1 + offset];
    if (stored?.id !== id) return WRONG_EXPECTED_VERSION;
    last = stored;
  }
  return last ? { kind: 'idempotent', last } : WRONG_EXPECTED_VERSION;
}
