import { AccountState, initialState } from '@collections/domain';
import { EventHandler, InMemoryCheckpointStore, StoredCollectionEvent } from '@collections/event-processor';
import { FoldingAccount, LoadedAccount, emptyAccount, foldInto } from '@collections/accounts';

/**
 * Every customer's account, folded from the event store: what a run plans from. A handler of the
 * engine's event processor, kept in memory (its checkpoint too), so it reads the collection
 * streams once and then only what was appended since, by anyone. It is the engine's own fold,
 * not a read model, so the engine works whether or not the process that owns the read models
 * runs. It folds as the command side does (`foldInto`), so it can hand the command side an
 * account it need not read again; the command side still appends with the expected revision, so
 * a stale book can plan too little, never write wrongly.
 */
export class CustomerBook implements EventHandler<undefined> {
  readonly name = 'book';
  readonly checkpoints = new InMemoryCheckpointStore();
  private readonly accounts = new Map<string, FoldingAccount>();

  async handle(events: readonly StoredCollectionEvent[]): Promise<void> {
    for (const stored of events) {
      let entry = this.accounts.get(stored.customerId);
      if (entry === undefined) {
        entry = emptyAccount();
        this.accounts.set(stored.customerId, entry);
      }
      foldInto(entry, stored);
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
    return entry && { ...entry, keyedCommands: new Map(entry.keyedCommands) };
  }

  get size(): number {
    return this.accounts.size;
  }
}
