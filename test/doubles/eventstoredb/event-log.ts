import { checkCommit, ExpectedRevision } from './commit-check';

/** An event as a client proposes it in an append. */
export interface ProposedEvent {
  /** Canonical lower-case UUID. */
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

/** An event once the log holds it. */
export interface StoredEvent extends ProposedEvent {
  streamId: string;
  /** 0-based, gapless within the stream. */
  revision: number;
  /**
   * Byte offset of the event's record in the log. Each event is its own implicitly committed
   * record, so this is both its commit and its prepare position, as in EventStoreDB.
   */
  position: number;
  /** Offset just past the record ("post-position"), where the next record starts. */
  endPosition: number;
  created: Date;
}

/** A place in $all as EventStoreDB names it: a commit and a prepare position. */
export interface LogPosition {
  commit: number;
  prepare: number;
}

export type AppendOutcome =
  /** Written now, or found already written by an earlier append of the same event ids. */
  | { kind: 'success'; written: boolean; lastRevision: number | undefined; position: number | undefined }
  | { kind: 'wrong-expected-version'; currentRevision: number | undefined };

/**
 * Fixed bytes of a prepare record around its variable parts (stream, type, data, metadata):
 * a rough figure for EventStoreDB's v2 record layout. Positions advance by whole record sizes,
 * so they are byte offsets with gaps, never event counters.
 */
const RECORD_OVERHEAD_BYTES = 96;
/** A fresh log starts with an epoch record that is not an event: no event sits at position 0. */
const EPOCH_RECORD_BYTES = 128;

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

/** The metadata stream of a stream, as EventStoreDB names it. */
export const metadataStreamOf = (streamId: string) => `$$${streamId}`;

/**
 * The in-memory transaction log of one double: every event in global order ($all), indexed
 * by stream and by event id, with listeners told of each write.
 */
export class EventLog {
  private readonly events: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  /** The last event stored under each id: what EventStoreDB's idempotency check consults. */
  private readonly byId = new Map<string, StoredEvent>();
  private readonly listeners = new Set<(written: readonly StoredEvent[]) => void>();
  private nextPosition = EPOCH_RECORD_BYTES;

  get length(): number {
    return this.events.length;
  }

  /** The event at an index of $all, or undefined past the end. */
  eventAt(index: number): StoredEvent | undefined {
    return this.events[index];
  }

  stream(streamId: string): readonly StoredEvent[] {
    return this.streams.get(streamId) ?? [];
  }

  /** Index of the first event at or after `position` (forward reads of $all include it). */
  indexAtOrAfter(position: LogPosition): number {
    return this.firstIndexWhere((event) => compare(at(event.position), position) >= 0);
  }

  /** Index of the first event strictly after `position` (subscriptions start after it). */
  indexAfter(position: LogPosition): number {
    return this.firstIndexWhere((event) => compare(at(event.position), position) > 0);
  }

  /**
   * How many events end at or before `position`: a backward read of $all from a position
   * returns these, newest first (the server treats the position as a post-position).
   */
  countEndingBy(position: LogPosition): number {
    return this.firstIndexWhere((event) => compare(at(event.endPosition), position) > 0);
  }

  /** Appends with EventStoreDB's expected-revision and idempotency rules (see commit-check.ts). */
  append(streamId: string, expected: ExpectedRevision, proposed: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.stream(streamId);
    const currentRevision = stream.length > 0 ? stream.length - 1 : undefined;
    const decision = checkCommit(
      {
        events: stream,
        metadataExists: this.stream(metadataStreamOf(streamId)).length > 0,
        storedHere: (id) => {
          const event = this.byId.get(id);
          return event?.streamId === streamId ? event : undefined;
        },
      },
      expected,
      proposed.map((event) => event.id),
    );
    switch (decision.kind) {
      case 'wrong-expected-version':
        return { kind: 'wrong-expected-version', currentRevision };
      case 'idempotent':
        return { kind: 'success', written: false, lastRevision: decision.last.revision, position: decision.last.position };
      case 'write': {
        const written = this.write(streamId, proposed);
        const last = written.at(-1);
        return { kind: 'success', written: true, lastRevision: last?.revision ?? currentRevision, position: last?.position };
      }
    }
  }

  /** Registers a listener for every write; returns the function that removes it. */
  onWritten(listener: (written: readonly StoredEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(streamId: string, proposed: readonly ProposedEvent[]): StoredEvent[] {
    if (proposed.length === 0) return [];
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    const created = new Date();
    const written = proposed.map((event) => {
      const size = RECORD_OVERHEAD_BYTES + utf8Length(streamId) + utf8Length(event.type) + event.data.length + event.metadata.length;
      const stored: StoredEvent = {
        ...event,
        streamId,
        revision: stream.length,
        position: this.nextPosition,
        endPosition: this.nextPosition + size,
        created,
      };
      this.nextPosition = stored.endPosition;
      stream.push(stored);
      this.events.push(stored);
      this.byId.set(stored.id, stored);
      return stored;
    });
    // A listener may write in turn (system streams do); it sees the log already grown.
    for (const listener of [...this.listeners]) listener(written);
    return written;
  }

  /** Positions grow with the index, so a binary search finds the first event past a boundary. */
  private firstIndexWhere(isPast: (event: StoredEvent) => boolean): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (isPast(this.events[middle])) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

const at = (offset: number): LogPosition => ({ commit: offset, prepare: offset });

/** Orders positions the way EventStoreDB's TFPos does: by commit, then by prepare. */
function compare(a: LogPosition, b: LogPosition): number {
  return a.commit - b.commit || a.prepare - b.prepare;
}
