import { AccountState, customerIdOf, evolve, initialState, toCollectionEvent } from '@collections/domain';
import { EventStore, RecordedEvent } from '@collections/event-store';

/** Accounts kept folded, least recently used first out. */
const CAPACITY = 10_000;

/**
 * The customer's account right after a recorded event: its stream folded up to and including
 * that revision, so a reaction or a letter depends on the event alone, not on when it is
 * handled. A follower meets each customer's events in stream order, so the account folded for
 * the last one is kept and only the events since are read; going back (a follower that
 * restarted behind) folds from the start again.
 */
export class AccountsAfterEvents {
  private readonly folded = new Map<string, { revision: number; account: AccountState }>();

  constructor(private readonly store: EventStore) {}

  async after(recorded: RecordedEvent): Promise<{ customerId: string; account: AccountState }> {
    const customerId = customerIdOf(recorded.streamId);
    const known = this.folded.get(customerId);
    const base = known !== undefined && known.revision <= recorded.revision ? known : { revision: -1, account: initialState() };
    let { account } = base;
    if (base.revision < recorded.revision) {
      const tail = await this.store.readStream(recorded.streamId, {
        fromRevision: base.revision + 1,
        maxCount: recorded.revision - base.revision,
      });
      for (const stored of tail) {
        const event = toCollectionEvent(stored);
        if (event !== undefined) account = evolve(account, event);
      }
    }
    this.folded.delete(customerId);
    this.folded.set(customerId, { revision: recorded.revision, account });
    if (this.folded.size > CAPACITY) this.folded.delete(this.folded.keys().next().value as string);
    return { customerId, account };
  }
}
