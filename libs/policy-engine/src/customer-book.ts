import { AccountState, UnidentifiedCashEvent, initialState, isUnidentifiedCashEvent } from '@collections/domain';
import { EventHandler, InMemoryCheckpointStore, StoredCollectionEvent } from '@collections/event-processor';
import { FoldingAccount, LoadedAccount, emptyAccount, foldInto } from '@collections/accounts';
import { CandidateCash } from '@collections/policy';

/**
 * Every customer's account, folded from the event store: what a run plans from. A handler of the
 * engine's event processor, kept in memory (its checkpoint too), so it reads the collection
 * streams once and then only what was appended since, by anyone. It is the engine's own fold,
 * not a read model, so the engine works whether or not the process that owns the read models
 * runs. It folds as the command side does (`foldInto`), so it can hand the command side an
 * account it need not read again; the command side still appends with the expected revision, so
 * a stale book can plan too little, never write wrongly.
 *
 * Beside the accounts it keeps the unidentified cash (`unidentified-cash-<paymentId>` streams,
 * whose events carry no customer) by each customer it names as a candidate, with the day it was
 * settled (assigned or refunded): the planner pauses dunning for them while it waits.
 */
export class CustomerBook implements EventHandler<undefined> {
  readonly name = 'book';
  readonly checkpoints = new InMemoryCheckpointStore();
  private readonly accounts = new Map<string, FoldingAccount>();
  /** By payment id: the cash as planning sees it. */
  private readonly unidentified = new Map<string, CandidateCash>();
  /** By customer id: the payment ids of the unidentified cash naming them. */
  private readonly candidacies = new Map<string, Set<string>>();

  async handle(events: readonly StoredCollectionEvent[]): Promise<void> {
    for (const stored of events) {
      if (isUnidentifiedCashEvent(stored.event)) {
        this.foldUnidentified(stored.event);
        continue;
      }
      // Only an account's stream names a customer; never open an account for '' (another stream).
      if (stored.customerId === '') continue;
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

  /** The unidentified cash naming the customer as a candidate, settled or not, by payment id. */
  candidateCash(customerId: string): CandidateCash[] {
    const paymentIds = [...(this.candidacies.get(customerId) ?? [])].sort();
    return paymentIds.flatMap((paymentId) => {
      const cash = this.unidentified.get(paymentId);
      return cash === undefined ? [] : [{ ...cash }];
    });
  }

  /** The account as the command side loads it: a copy it may keep. */
  loaded(customerId: string): LoadedAccount | undefined {
    const entry = this.accounts.get(customerId);
    return entry && { ...entry, keyedCommands: new Map(entry.keyedCommands) };
  }

  get size(): number {
    return this.accounts.size;
  }

  private foldUnidentified(event: UnidentifiedCashEvent): void {
    switch (event.type) {
      case 'UnidentifiedCashReceived': {
        const { paymentId, amount, currency, receivedOn, candidates } = event.data;
        this.unidentified.set(paymentId, { paymentId, amount, currency, receivedOn });
        for (const customerId of new Set(candidates.map((candidate) => candidate.customerId))) {
          const paymentIds = this.candidacies.get(customerId) ?? new Set<string>();
          this.candidacies.set(customerId, paymentIds.add(paymentId));
        }
        return;
      }
      case 'UnidentifiedCashAssigned':
        return this.settle(event.data.paymentId, event.data.assignedOn);
      case 'UnidentifiedCashRefunded':
        return this.settle(event.data.paymentId, event.data.refundedOn);
    }
  }

  /** Kept with the day it was settled, so a run for an earlier date (catching up) still sees it waiting then. */
  private settle(paymentId: string, settledOn: CandidateCash['receivedOn']): void {
    const cash = this.unidentified.get(paymentId);
    if (cash !== undefined && cash.settledOn === undefined) this.unidentified.set(paymentId, { ...cash, settledOn });
  }
}
