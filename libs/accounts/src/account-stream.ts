import {
  AccountState,
  BusinessDate,
  CollectionEvent,
  evolve,
  initialState,
  streamIdOf,
  toCollectionEvent,
} from '@collections/domain';
import { EventStore, RecordedEvent } from '@collections/event-store';
import { Actor } from './actor';

/** What every collection event records beside its data. */
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
}

export interface StoredCollectionEvent {
  event: CollectionEvent;
  metadata: CollectionEventMetadata;
  revision: number;
  position: number;
}

function toStored(recorded: RecordedEvent): StoredCollectionEvent | undefined {
  const event = toCollectionEvent(recorded);
  if (!event) return undefined;
  const metadata = recorded.metadata as unknown as CollectionEventMetadata;
  return { event, metadata, revision: recorded.revision, position: recorded.position };
}

export interface CustomerHistory {
  history: StoredCollectionEvent[];
  /** The stream's last revision, counting events of unknown types; undefined for no stream. */
  lastRevision: number | undefined;
}

export async function readCustomerHistory(store: EventStore, customerId: string): Promise<CustomerHistory> {
  const recorded = await store.readStream(streamIdOf(customerId));
  return {
    history: recorded.flatMap((event) => toStored(event) ?? []),
    lastRevision: recorded.length === 0 ? undefined : recorded[recorded.length - 1].revision,
  };
}

/** The account folded from its history, optionally only from events on or before `asOf`. */
export function foldAccount(history: StoredCollectionEvent[], asOf?: BusinessDate): AccountState {
  let state = initialState();
  for (const { event, metadata } of history) {
    if (asOf === undefined || metadata.occurredAt <= asOf) state = evolve(state, event);
  }
  return state;
}
