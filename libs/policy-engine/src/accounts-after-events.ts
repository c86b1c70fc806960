import { AccountState, evolve, initialState, streamIdOf, toCollectionEvent } from '@collections/domain';
import { EventStore } from '@collections/event-store';
import { StoredCollectionEvent } from '@collections/event-processor';
import { LruMap } from '@collections/platform';

/** Accounts kept folded, least recently used first out. */
const CAPACITY = 10_000;

/**
 * The customer's account right after a stored event: its stream folded up to and including that
 * revision, so a reaction or a letter depends on the event alone, not on when it is handled. The
 * handler meets each customer's events in stream order, so the account folded for the last one is
 * kept (each handler has its own, as each is at its own place in the store) and only the events
 * since are read; going back (a handler that restarted behind) folds from the start again.
 */
export class AccountsAfterEvents {
  private readonly folded = new LruMap<string, { revision: number; account: AccountState }>(CAPACITY);

  constructor(private readonly store: EventStore) {}

  async after({ customerId, revision }: StoredCollectionEvent): Promise<AccountState> {
    const known = this.folded.get(customerId);
    const base = known !== undefined && known.revision <= revision ? known : { revision: -1, account: initialState() };
    let { account } = base;
    if (base.revision < revision) {
      const tail = await this.store.readStream(streamIdOf(customerId), {
        fromRevision: base.revision + 1,
        maxCount: revision - base.revision,
      });
      for (const stored of tail) {
        const event = toCollectionEvent(stored);
        if (event !== undefined) account = evolve(account, event);
      }
    }
    this.folded.set(customerId, { revision, account });
    return account;
  }
}
