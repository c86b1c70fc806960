import { AccountState, BusinessDate, evolve, initialState, streamIdOf } from '@collections/domain';
import { EventStore, RecordedEvent } from '@collections/event-store';
import { StoredCollectionEvent, decodeStoredEvent } from '@collections/event-processor';

export interface CustomerHistory {
  /** The stream as stored, events of unknown types included: what is shown and verified as it was recorded. */
  recorded: RecordedEvent[];
  /** Its collection events, decoded and upcast: what is folded. */
  history: StoredCollectionEvent[];
  /** The stream's last revision, counting events of unknown types; undefined for no stream. */
  lastRevision: number | undefined;
}

export async function readCustomerHistory(store: EventStore, customerId: string): Promise<CustomerHistory> {
  const recorded = await store.readStream(streamIdOf(customerId));
  return {
    recorded,
    history: recorded.flatMap((event) => decodeStoredEvent(event) ?? []),
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
