import { createHash } from 'node:crypto';
import type { JsonObject, NewEvent } from '@collections/event-store';
import { canonicalJson } from '@collections/platform';

/**
 * The hash chain of a stream: every event's metadata carries `hash`, a SHA-256 over a canonical
 * form of its stored id, type, data and metadata (less the hash) and the hash of the event before
 * it in its stream. The id is covered because it is what makes a retried command idempotent:
 * changed, the same command could be recorded twice. Changing, removing or reordering a recorded event breaks the chain from there on.
 * The writer (the command side, the policy stream) adds it, so it holds on every store adapter.
 */
export const CHAIN_HASH_FIELD = 'hash';

/** What the chain covers of an event: what the store gives back, whatever adapter it is. */
export interface ChainedContent {
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

/**
 * The event's link: `previousHash` is the stored hash of the event before it in its stream, or null
 * for a stream's first event and for the first event written after a stream without hashes (a
 * stream recorded before the chain existed starts its chain there).
 */
export function chainHash({ id, type, data, metadata }: ChainedContent, previousHash: string | null): string {
  const { [CHAIN_HASH_FIELD]: _hash, ...covered } = metadata;
  return createHash('sha256')
    .update(canonicalJson({ id, type, data, metadata: covered, previousHash }))
    .digest('hex');
}

/** The hash an event's metadata records, or undefined for an event written before the chain. */
export function storedHashOf(metadata: unknown): string | undefined {
  const hash = (metadata as Record<string, unknown> | undefined)?.[CHAIN_HASH_FIELD];
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * The events with their hashes, chained in order after `previousHash` (the stream's last stored
 * hash, undefined when it has none); `lastHash` is what the next append chains to.
 */
export function chainEvents(
  events: readonly NewEvent[],
  previousHash: string | undefined,
): { events: NewEvent[]; lastHash: string | undefined } {
  let previous = previousHash ?? null;
  const chained = events.map((event) => {
    const hash = chainHash(event, previous);
    previous = hash;
    return { ...event, metadata: { ...event.metadata, [CHAIN_HASH_FIELD]: hash } };
  });
  return { events: chained, lastHash: previous ?? undefined };
}
