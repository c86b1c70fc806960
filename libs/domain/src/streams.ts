import { COLLECTION_EVENT_TYPES, CollectionEvent } from './events';

/**
 * How collection accounts are stored: one stream per customer, `collection-<customerId>`, so a
 * customer's whole history is one ordered stream and all of them form the `collection` category.
 */
export const COLLECTION_STREAM_PREFIX = 'collection-';

export const streamIdOf = (customerId: string): string => `${COLLECTION_STREAM_PREFIX}${customerId}`;

export const customerIdOf = (streamId: string): string => streamId.slice(COLLECTION_STREAM_PREFIX.length);

const KNOWN_TYPES = new Set<string>(COLLECTION_EVENT_TYPES);

/** The domain event a stored one carries; undefined for a type this release does not know. */
export function toCollectionEvent(stored: { type: string; data: unknown }): CollectionEvent | undefined {
  return KNOWN_TYPES.has(stored.type) ? ({ type: stored.type, data: stored.data } as CollectionEvent) : undefined;
}
