import { AccountState, COLLECTION_STREAM_PREFIX, customerIdOf, initialState } from '@collections/domain';
import { EventStore } from '@collections/event-store';
import { KeyedCommand, LoadedAccount, foldInto } from '@collections/accounts';

interface BookEntry {
  state: AccountState;
  lastRevision: number | undefined;
  keyedCommands: Map<string, KeyedCommand>;
}

/**
 * Every customer's account, folded from the event store: what a run plans from. It reads the
 * collection streams once from the start and then only what was appended since its last
 * refresh, by anyone. It is the engine's own fold, not a read model, so the engine works
 * whether or not the process that owns the read models runs. It folds as the command side does
 * (`foldInto`), so it can hand the command side an account it need not read again; the command
 * side still appends with the expected revision, so a stale book can plan too little, never
 * write wrongly.
 */
export class CustomerBook {
  private readonly accounts = new Map<string, BookEntry>();
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
        this.position = recorded.position;
        const customerId = customerIdOf(recorded.streamId);
        let entry = this.accounts.get(customerId);
        if (entry === undefined) {
          entry = { state: initialState(), lastRevision: undefined, keyedCommands: new Map() };
          this.accounts.set(customerId, entry);
        }
        foldInto(entry, recorded);
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
    return this.accounts.get(customerId)?.state ?? initialState();
  }

  /** The account as the command side loads it: a copy it may keep. */
  loaded(customerId: string): LoadedAccount | undefined {
    const entry = this.accounts.get(customerId);
    return entry && { state: entry.state, lastRevision: entry.lastRevision, keyedCommands: new Map(entry.keyedCommands) };
  }

  get size(): number {
    return this.accounts.size;
  }
}
