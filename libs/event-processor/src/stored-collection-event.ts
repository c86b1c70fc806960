import { BusinessDate, CollectionEvent, customerIdOf, toCollectionEvent } from '@collections/domain';
import { RecordedEvent } from '@collections/event-store';
import { Actor } from './actor';

/** What every collection event records beside its data: the one metadata type. */
export interface CollectionEventMetadata {
  eventId: string;
  /** The command that appended it; deterministic when the client sent an Idempotency-Key. */
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  /** The business date it happened on (YYYY-MM-DD). */
  occurredAt: BusinessDate;
  /** When it was recorded (ISO 8601 instant, from the Clock). */
  recordedAt: string;
  /** The version of its type's data shape it was written with (see CURRENT_SCHEMA_VERSIONS). */
  schemaVersion: number;
  idempotencyKey?: string;
  /** Hash of the request that carried the Idempotency-Key, to refuse the key's reuse. */
  requestHash?: string;
  /**
   * SHA-256 linking the event to the one before it in its stream (`chainHash`, libs/evidence);
   * absent from events recorded before the chain existed.
   */
  hash?: string;
}

/**
 * A collection event as it was stored: the domain event (its data upcast to the current shape),
 * whose account it belongs to, where the store put it, and its metadata. The one decoded form of
 * a stored event; the event store's `RecordedEvent` is the raw one.
 */
export interface StoredCollectionEvent {
  event: CollectionEvent;
  /** Whose account it belongs to; '' for cash nobody is known for yet (an `unidentified-cash-` stream). */
  customerId: string;
  /** The store's id of the event (a UUID). */
  id: string;
  /** 0-based, gapless position within the customer's stream. */
  revision: number;
  /** Global position: the order every follower applies events in. */
  position: number;
  metadata: CollectionEventMetadata;
}

/** The decoded event; undefined for an event type this release does not know. */
export function decodeStoredEvent(recorded: RecordedEvent): StoredCollectionEvent | undefined {
  const event = toCollectionEvent(recorded);
  if (event === undefined) return undefined;
  return {
    event,
    customerId: customerIdOf(recorded.streamId),
    id: recorded.id,
    revision: recorded.revision,
    position: recorded.position,
    metadata: recorded.metadata as unknown as CollectionEventMetadata,
  };
}
