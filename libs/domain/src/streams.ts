import { COLLECTION_EVENT_TYPES, CollectionEvent, CollectionEventType } from './events';
import { StoredData, upcast } from './upcasting';

/**
 * How collection accounts are stored: one stream per customer, `collection-<customerId>`, so a
 * customer's whole history is one ordered stream and all of them form the `collection` category.
 */
export const COLLECTION_STREAM_PREFIX = 'collection-';

export const streamIdOf = (customerId: string): string => `${COLLECTION_STREAM_PREFIX}${customerId}`;

export const customerIdOf = (streamId: string): string => streamId.slice(COLLECTION_STREAM_PREFIX.length);

const KNOWN_TYPES = new Set<string>(COLLECTION_EVENT_TYPES);

/** What the store hands back: the metadata carries the `schemaVersion` the data was written with. */
export interface StoredEventShape {
  type: string;
  data: unknown;
  metadata?: unknown;
}

/**
 * The domain event a stored one carries, its data upcast to the current shape of its type;
 * undefined for a type this release does not know. Every reader (write side, projector,
 * audit, feed) turns stored events into domain events here and nowhere else.
 */
export function toCollectionEvent(stored: StoredEventShape): CollectionEvent | undefined {
  if (!KNOWN_TYPES.has(stored.type)) return undefined;
  const type = stored.type as CollectionEventType;
  const version = (stored.metadata as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  return { type, data: upcast(type, stored.data as StoredData, version) } as CollectionEvent;
}
