import { AccountState, COLLECTION_STREAM_PREFIX, customerIdOf, evolve, initialState, toCollectionEvent } from '@collections/domain';
import { EventStore } from '@collections/event-store';

/**
 * Every customer's account, folded from the event store: what a run plans from. It reads the
 * collection streams once from the start and then only what was appended since its last
 * refresh, by anyone. It is the engine's own fold, not a read model, so the engine works
 * whether or not the process that owns the read models runs; the command side folds the
 * account again before each append, so a stale book can plan too little, never write wrongly.
 */
export class CustomerBook {
  private readonly accounts = new Map<string, AccountState>();
  private position: number | undefined;

  constructor(private readonly store: EventStore) {}

  /** Folds everything appended since the last refresh. */
  async refresh(): Promise<void> {
    const subscription = this.store.subscribeToAll({
      fromPosition: this.position ?? 'start',
      filter: { streamPrefixes: [COLLECTION_STREAM_PREFIX] },
    });
    try {
      for await (const message of subscription) {
        if (message.kind === 'caught-up') break;
        const { event: recorded } = message;
        const event = toCollectionEvent(recorded);
        this.position = recorded.position;
        if (event === undefined) continue;
        const customerId = customerIdOf(recorded.streamId);
        this.accounts.set(customerId, evolve(this.accounts.get(customerId) ?? initialState(), event));
      }
    } finally {
      await subscription.unsubscribe();
    }
  }

  /** Customer ids in a fixed order, so a run goes through them the same way every time. */
  customerIds(): string[] {
    return [...this.accounts.keys()].sort();
  }

  account(customerId: string): AccountState {
    return this.accounts.get(customerId) ?? initialState();
  }

  get size(): number {
    return this.accounts.size;
  }
}
