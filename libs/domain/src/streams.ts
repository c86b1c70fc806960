import { COLLECTION_EVENT_TYPES, CollectionEvent, CollectionEventType } from './events';
import { StoredData, upcast } from './upcasting';

/**
 * How collection accounts are stored: one stream per customer, `collection-<customerId>`, so a
 * customer's whole history is one ordered stream and all of them form the `collection` category.
 */
export const COLLECTION_STREAM_PREFIX = 'collection-';

export const streamIdOf = (customerId: string): string => `${COLLECTION_STREAM_PREFIX}${customerId}`;

export const customerIdOf = (streamId: string): string =>
  streamId.startsWith(COLLECTION_STREAM_PREFIX) ? streamId.slice(COLLECTION_STREAM_PREFIX.length) : '';

/** Cash nobody is known for yet: one stream per payment, `unidentified-cash-<paymentId>` (unidentified-cash/). */
export const UNIDENTIFIED_CASH_STREAM_PREFIX = 'unidentified-cash-';

export const unidentifiedCashStreamIdOf = (paymentId: string): string => `${UNIDENTIFIED_CASH_STREAM_PREFIX}${paymentId}`;

/** The streams whose events readers follow (projections, the engine): the accounts and unidentified cash. */
export const FOLLOWED_STREAM_PREFIXES: readonly string[] = [COLLECTION_STREAM_PREFIX, UNIDENTIFIED_CASH_STREAM_PREFIX];

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
