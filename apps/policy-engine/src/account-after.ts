import { AccountState, customerIdOf, evolve, initialState, toCollectionEvent } from '@collections/domain';
import { EventStore, RecordedEvent } from '@collections/event-store';

/**
 * The customer's account right after `recorded`: its stream folded up to and including that
 * revision, so a reaction or a letter depends on the event alone, not on when it is handled.
 */
export async function accountAfter(store: EventStore, recorded: RecordedEvent): Promise<{ customerId: string; account: AccountState }> {
  const history = await store.readStream(recorded.streamId, { fromRevision: 'start', maxCount: recorded.revision + 1 });
  let account = initialState();
  for (const stored of history) {
    const event = toCollectionEvent(stored);
    if (event !== undefined) account = evolve(account, event);
  }
  return { customerId: customerIdOf(recorded.streamId), account };
}
