import {
  AccountState,
  ActiveAccount,
  BusinessDate,
  CollectionCommand,
  EscalationKind,
  InvoiceState,
  RootCause,
  addDays,
  daysBetween,
  decide,
  dueThrough,
  evolve,
  idKey,
  sumAmounts,
} from '@collections/domain';
import type { CustomerPlan, SimulatedCommand, SimulationActor } from './book';
import {
  AGENCIES,
  CONTACT_PEOPLE,
  DEDUCTION_PROGRAMME,
  DISPUTE_CATEGORIES_SIMULATED,
  DISPUTE_DESCRIPTIONS,
  LATENESS_REASONS,
  ROOT_CAUSE_MIX,
} from './profiles';
import { Draws } from './random';

/**
 * One customer's day: what the ledger, the bank, the customer, its collector and the managers
 * do, decided from the account as it stands. Each command is folded into a working copy of the
 * account as it is emitted (through the domain's own `decide` and `evolve`), so later rules of
 * the same day see its effect and the list, applied in order, is always accepted.
 */
export class CustomerDay {
  private state: AccountState;
  private readonly id: string;

  constructor(
    private readonly plan: CustomerPlan,
    private readonly date: BusinessDate,
    account: AccountState,
    private readonly draws: Draws,
    private readonly out: SimulatedCommand[],
  ) {
    this.state = account;
    this.id = plan.customerId;
  }

  run(): void {
    this.registerInvoice();
    if (this.state.status !== 'active') return;
    this.assignCollector();
    switch (this.plan.profile) {
      case 'on_time':
      case 'late_payer':
        this.payOnSchedule();
        return;
      case 'pays_after_reminder':
        this.payAfterReminder();
        return;
      case 'promise_keeper':
        this.promise(true);
        return;
      case 'promise_breaker':
        this.promise(false);
        return;
      case 'disputer':
        this.dispute();
        return;
      case 'payment_plan':
        this.paymentPlan();
        return;
      case 'agency_bound':
        this.referToAgency();
        this.writeOff(['write_off']);
        this.postMortems();
        this.agencyCollections();
        this.recoveries();
        return;
      case 'write_off':
        this.writeOff(['agency_referral', 'write_off']);
        this.postMortems();
        return;
    }
  }

  // Integration and manager: the invoice of the day, and the collector.

  /** The ledger registers the invoice issued today, unless the account is on credit hold (no deliveries). */
  private registerInvoice(): void {
    const invoice = this.plan.issuedOn.get(this.date);
    if (invoice === undefined) return;
    if (this.state.status === 'active' && (this.state.creditHold !== undefined || this.state.invoices.has(invoice.invoiceId))) return;
    const { invoiceId, amount, currency, issuedOn, dueOn } = invoice;
    this.emit('integration', invoiceId, { type: 'RegisterInvoice', data: { invoiceId, amount, currency, issuedOn, dueOn } });
  }

  private assignCollector(): void {
    if (this.account.collectorId !== undefined) return;
    this.emit('manager', this.id, { type: 'AssignCollector', data: { collectorId: this.plan.collectorId, assignedOn: this.date } });
  }

  // Payers.

  /** on_time, late_payer (and a disputer's other invoices): each invoice in full on its drawn day. */
  private payOnSchedule(except?: string): void {
    const due: InvoiceState[] = [];
    for (const invoice of this.account.invoices.values()) {
      if (invoice.balance === 0 || invoice.invoiceId === except) continue;
      const payOn = this.plan.invoicePlans.get(invoice.invoiceId)?.payOn;
      if (payOn !== undefined && this.date >= payOn) due.push(invoice);
    }
    for (const invoice of due.sort(byDueDate)) this.pay(invoice.invoiceId, invoice.balance);
  }

  /** Pays an invoice a few days after its dunning level reaches the drawn level. */
  private payAfterReminder(): void {
    const due: InvoiceState[] = [];
    for (const [invoiceId, dunning] of this.account.dunning) {
      const invoice = this.invoice(invoiceId);
      const planned = this.plan.invoicePlans.get(invoiceId);
      if (invoice === undefined || invoice.balance === 0 || planned?.payAfterLevel === undefined || dunning.level < planned.payAfterLevel)
        continue;
      const remindedOn = dunning.lastReminderOn ?? invoice.dueOn;
      if (this.date >= addDays(remindedOn, planned.payAfterDays ?? 1)) due.push(invoice);
    }
    for (const invoice of due.sort(byDueDate)) this.pay(invoice.invoiceId, invoice.balance);
  }

  // Promises (step 4).

  private promise(keeps: boolean): void {
    const due = this.remindedOverdue(invoiceIdsIn(this.account.promises));
    if (
      due !== undefined &&
      this.date >= addDays(due.remindedOn, this.draws.int([this.id, due.invoices[0].invoiceId, 'contact-delay'], 1, 3))
    ) {
      const promiseId = `${this.id}-PRM-${this.stamp}`;
      const invoiceIds = due.invoices.map((invoice) => invoice.invoiceId);
      this.logContact('Promised to pay the overdue invoices');
      this.emit('collector', promiseId, {
        type: 'MakePromise',
        data: {
          promiseId,
          invoiceIds,
          amount: sumAmounts(due.invoices.map((invoice) => invoice.balance)),
          currency: this.plan.currency,
          promisedFor: addDays(this.date, this.draws.int([this.id, promiseId, 'promised-in'], 5, 14)),
          madeOn: this.date,
        },
      });
    }
    const followed = [...this.account.promises.values()].filter(
      (promise) => promise.status === 'open' || (!keeps && promise.status === 'broken' && this.stillOpen(promise.invoiceIds).length > 0),
    );
    for (const promise of sortedBy(followed, (p) => p.promiseId)) {
      const key = [this.id, promise.promiseId];
      if (promise.status === 'open' && this.date > promise.madeOn) {
        const span = daysBetween(promise.madeOn, promise.promisedFor);
        const payOn = addDays(promise.madeOn, this.draws.int([...key, 'pay-day'], 1, Math.max(1, span)));
        if (this.date < payOn) continue;
        if (keeps) {
          this.payInFull(promise.invoiceIds);
        } else if (promise.paid === 0 && this.draws.chance([...key, 'pays-part'], 0.4)) {
          this.payAcross(promise.invoiceIds, Math.max(1, Math.round(promise.amount * this.draws.between([...key, 'part'], 0.3, 0.7))));
        }
      } else if (!keeps && promise.status === 'broken' && this.draws.chance([...key, 'pays-late'], 0.6)) {
        if (this.date >= addDays(promise.promisedFor, this.draws.int([...key, 'days-late'], 9, 44))) this.payInFull(promise.invoiceIds);
      }
    }
  }

  // Disputes and deductions (step 2 and the complaints loop).

  private dispute(): void {
    const disputed = this.plan.disputed;
    if (disputed === undefined) {
      this.payOnSchedule();
      return;
    }
    const { invoiceId, kind } = disputed;
    const disputeId = `${invoiceId}-${kind === 'dispute' ? 'DSP' : 'DED'}`;
    const key = [this.id, disputeId];
    const existing = this.account.disputes.get(disputeId);
    // The collector resolves it, with a credit memo or not; then the customer pays what is left.
    if (existing?.status === 'open' && this.date >= addDays(existing.raisedOn, this.draws.int([...key, 'days-to-resolve'], 20, 60))) {
      const balance = this.invoice(invoiceId)?.balance ?? 0;
      const credited = this.draws.chance([...key, 'credited'], existing.kind === 'deduction' ? 0.8 : 0.6);
      const whole = this.draws.chance([...key, 'credit-whole'], 0.7);
      const amount = Math.min(
        balance,
        whole ? existing.amount : Math.max(1, Math.round(existing.amount * this.draws.between([...key, 'credit-part'], 0.5, 0.9))),
      );
      this.emit('collector', disputeId, {
        type: 'ResolveDispute',
        data:
          credited && amount > 0
            ? {
                disputeId,
                resolution: 'credit_issued',
                resolvedOn: this.date,
                note: 'Claim upheld',
                credit: { creditMemoId: `${disputeId}-CM`, amount },
              }
            : { disputeId, resolution: 'customer_liable', resolvedOn: this.date, note: 'Claim not upheld' },
      });
    } else if (existing?.status === 'resolved' && existing.resolvedOn !== undefined) {
      const balance = this.invoice(invoiceId)?.balance ?? 0;
      if (balance > 0 && this.date >= addDays(existing.resolvedOn, this.draws.int([...key, 'pays-after'], 3, 15)))
        this.pay(invoiceId, balance);
    } else if (existing === undefined) {
      this.raise(disputed.kind, invoiceId, disputeId);
    }
    this.payOnSchedule(invoiceId);
  }

  private raise(kind: 'dispute' | 'deduction', invoiceId: string, disputeId: string): void {
    const invoice = this.invoice(invoiceId);
    const planned = this.plan.invoicePlans.get(invoiceId);
    if (invoice === undefined || invoice.balance === 0 || planned === undefined) return;
    const key = [this.id, disputeId];
    const { currency } = invoice;
    if (kind === 'deduction') {
      // Paid short on the usual day, the remittance advice claiming a deduction.
      if (planned.payOn === undefined || this.date < planned.payOn) return;
      const amount = Math.min(invoice.balance, Math.max(1, Math.round(invoice.amount * this.draws.between([...key, 'share'], 0.05, 0.15))));
      this.emit('integration', disputeId, {
        type: 'ClaimDeduction',
        data: { deductionId: disputeId, invoiceId, amount, currency, programme: DEDUCTION_PROGRAMME, claimedOn: this.date },
      });
      this.pay(invoiceId, invoice.balance - amount);
      return;
    }
    if (this.date < addDays(invoice.dueOn, this.draws.int([...key, 'days-after-due'], 2, 10))) return;
    const whole = this.draws.chance([...key, 'whole'], 0.5);
    const amount = whole ? invoice.balance : Math.max(1, Math.round(invoice.balance * this.draws.between([...key, 'share'], 0.2, 0.6)));
    const category = this.draws.pick([...key, 'category'], DISPUTE_CATEGORIES_SIMULATED);
    this.emit('collector', disputeId, {
      type: 'RaiseDispute',
      data: { disputeId, invoiceId, amount, currency, category, description: DISPUTE_DESCRIPTIONS[category], raisedOn: this.date },
    });
    // A partial dispute: the customer pays the part it does not contest at once.
    this.pay(invoiceId, invoice.balance - amount);
  }

  // Payment plans (steps 5 and 7).

  private paymentPlan(): void {
    // One plan at a time: what falls overdue meanwhile waits for the next one.
    const plans = [...this.account.paymentPlans.values()];
    const current = plans.some((plan) => plan.status === 'current');
    const due = current ? undefined : this.remindedOverdue(invoiceIdsIn(this.account.paymentPlans));
    if (
      due !== undefined &&
      this.date >= addDays(due.remindedOn, this.draws.int([this.id, due.invoices[0].invoiceId, 'plan-delay'], 1, 5))
    ) {
      const planId = `${this.id}-PLN-${this.stamp}`;
      const total = sumAmounts(due.invoices.map((invoice) => invoice.balance));
      const third = Math.floor(total / 3);
      const guarantor = this.draws.chance([this.id, planId, 'guaranteed'], 0.3);
      this.logContact('Cannot pay at once; offered installments');
      this.emit('collector', planId, {
        type: 'AgreePaymentPlan',
        data: {
          planId,
          invoiceIds: due.invoices.map((invoice) => invoice.invoiceId),
          currency: this.plan.currency,
          installments: [1, 2, 3].map((number) => ({
            number,
            dueOn: addDays(this.date, 30 * number),
            amount: number < 3 ? third : total - 2 * third,
          })),
          interestRateBasisPoints: this.draws.pick([this.id, planId, 'interest'], [0, 0, 300, 500]),
          guarantors: guarantor ? [this.draws.pick([this.id, planId, 'guarantor'], CONTACT_PEOPLE)] : [],
          terms: 'Three monthly installments; the whole balance falls due if one is missed',
          agreedOn: this.date,
        },
      });
    }
    const followed = plans.filter(
      (plan) => plan.status === 'current' || (plan.status === 'defaulted' && this.stillOpen(plan.invoiceIds).length > 0),
    );
    for (const plan of sortedBy(followed, (p) => p.planId)) {
      const key = [this.id, plan.planId];
      const missed = this.draws.chance([...key, 'misses'], 0.25) ? this.draws.int([...key, 'missed'], 1, 3) : 0;
      if (plan.status === 'current' && this.date > plan.agreedOn) {
        let owed = 0;
        for (const installment of plan.installments) {
          if (installment.number === missed) break;
          if (this.date < addDays(installment.dueOn, -this.draws.int([...key, installment.number, 'days-early'], 0, 5))) break;
          owed = dueThrough(plan, installment.number);
        }
        if (owed > plan.paid) this.payAcross(plan.invoiceIds, owed - plan.paid);
      } else if (plan.status === 'defaulted' && missed > 0 && this.draws.chance([...key, 'pays-late'], 0.6)) {
        const missedOn = plan.installments[missed - 1].dueOn;
        if (this.date >= addDays(missedOn, this.draws.int([...key, 'days-late'], 10, 40))) this.payInFull(plan.invoiceIds);
      }
    }
  }

  // Managers: agency referral, write-off, post-mortem (steps 8, 10, 11).

  private referToAgency(): void {
    for (const proposal of this.proposals(['agency_referral'])) {
      const referralId = `${this.id}-REF-${proposal.proposedOn.replace(/-/g, '')}`;
      if (this.account.agencyReferrals.has(referralId)) continue;
      if (this.date < addDays(proposal.proposedOn, this.draws.int([this.id, proposal.proposalId, 'refer-delay'], 2, 7))) continue;
      const referred = new Set(
        [...this.account.agencyReferrals.values()]
          .filter((referral) => referral.status === 'active')
          .flatMap((referral) => referral.invoiceIds),
      );
      const invoiceIds = this.stillOpen(proposal.invoiceIds).filter((invoiceId) => !referred.has(invoiceId));
      if (invoiceIds.length === 0) continue;
      this.emit('manager', referralId, {
        type: 'ReferToAgency',
        data: {
          referralId,
          agency: this.draws.pick([this.id, 'agency'], AGENCIES),
          invoiceIds,
          reason: `Approved proposal ${proposal.proposalId}: in-house collection exhausted`,
          referredOn: this.date,
        },
      });
    }
  }

  /** The agency remits part of a referred invoice before anything is written off: a payment. */
  private agencyCollections(): void {
    for (const referral of sortedBy([...this.account.agencyReferrals.values()], (r) => r.referralId)) {
      const key = [this.id, referral.referralId];
      const paymentId = `${referral.referralId}-AGY`;
      if (referral.status !== 'active' || this.account.usedIds.has(idKey('payment', paymentId))) continue;
      if (!this.draws.chance([...key, 'collects'], 0.4)) continue;
      if (this.date < addDays(referral.referredOn, this.draws.int([...key, 'collects-after'], 30, 90))) continue;
      const invoice = this.stillOpen(referral.invoiceIds).map((invoiceId) => this.invoice(invoiceId) as InvoiceState)[0];
      if (invoice === undefined) continue;
      this.pay(invoice.invoiceId, Math.max(1, Math.round(invoice.balance * this.draws.between([...key, 'share'], 0.2, 0.6))), paymentId);
    }
  }

  private writeOff(kinds: readonly EscalationKind[]): void {
    for (const proposal of this.proposals(kinds)) {
      const writeOffId = `${this.id}-WO-${proposal.proposedOn.replace(/-/g, '')}-${proposal.kind === 'write_off' ? 'W' : 'R'}`;
      if (this.account.writeOffs.has(writeOffId)) continue;
      if (this.date < addDays(proposal.proposedOn, this.draws.int([this.id, proposal.proposalId, 'write-off-delay'], 3, 10))) continue;
      // The account is lost: the manager writes off its whole balance, not only what the proposal names.
      const insolvent = this.plan.profile === 'write_off';
      const invoiceIds = this.openInvoices().map((invoice) => invoice.invoiceId);
      if (invoiceIds.length === 0) continue;
      if (insolvent && this.account.creditHold === undefined) {
        this.emit('manager', `${this.id}:${this.date}`, {
          type: 'PlaceCreditHold',
          data: { reason: 'Customer insolvent: no further deliveries', placedOn: this.date },
        });
      }
      this.emit('manager', writeOffId, {
        type: 'WriteOff',
        data: {
          writeOffId,
          invoiceIds,
          reason: insolvent
            ? `Customer insolvent; proposal ${proposal.proposalId} (${proposal.kind}) answered with a write-off`
            : `Agency could not collect; approved proposal ${proposal.proposalId}`,
          writtenOffOn: this.date,
        },
      });
    }
  }

  private postMortems(): void {
    for (const writeOff of sortedBy([...this.account.writeOffs.values()], (w) => w.writeOffId)) {
      const postMortemId = `${writeOff.writeOffId}-PM`;
      const key = [this.id, writeOff.writeOffId];
      if (this.account.postMortems.has(postMortemId)) continue;
      if (this.date < addDays(writeOff.writtenOffOn, this.draws.int([...key, 'post-mortem-delay'], 1, 10))) continue;
      const rootCause = this.draws.weighted([...key, 'root-cause'], ROOT_CAUSE_MIX as Record<RootCause, number>);
      const actionItems = [
        { description: 'Review the credit limit and terms of similar customers', owner: 'Credit team', dueOn: addDays(this.date, 14) },
      ];
      if (this.draws.chance([...key, 'second-item'], 0.5)) {
        actionItems.push({
          description: 'Escalate earlier when a customer stops answering calls',
          owner: this.plan.collectorId,
          dueOn: addDays(this.date, 30),
        });
      }
      this.emit('manager', postMortemId, {
        type: 'RecordPostMortem',
        data: {
          postMortemId,
          rootCause,
          summary: `Bad debt on ${writeOff.invoiceIds.length} invoice(s) of ${this.id}, written off on ${writeOff.writtenOffOn}`,
          actionItems,
          recordedOn: this.date,
        },
      });
    }
  }

  /** What the agency still recovers on referred invoices after they were written off. */
  private recoveries(): void {
    const referred = new Set([...this.account.agencyReferrals.values()].flatMap((referral) => referral.invoiceIds));
    for (const writeOff of sortedBy([...this.account.writeOffs.values()], (w) => w.writeOffId)) {
      for (const invoiceId of writeOff.invoiceIds) {
        const invoice = this.invoice(invoiceId);
        const recoveryId = `${invoiceId}-REC`;
        const key = [this.id, recoveryId];
        if (invoice === undefined || !referred.has(invoiceId) || this.account.usedIds.has(idKey('recovery', recoveryId))) continue;
        const recoverable = invoice.writtenOff - invoice.recovered;
        if (recoverable <= 0 || !this.draws.chance([...key, 'recovers'], 0.3)) continue;
        if (this.date < addDays(writeOff.writtenOffOn, this.draws.int([...key, 'recovers-after'], 20, 120))) continue;
        const amount = Math.min(recoverable, Math.max(1, Math.round(recoverable * this.draws.between([...key, 'share'], 0.1, 0.4))));
        this.emit('integration', recoveryId, {
          type: 'ReceiveRecovery',
          data: { recoveryId, invoiceId, amount, currency: invoice.currency, receivedOn: this.date },
        });
      }
    }
  }

  // Helpers.

  /** The day as ids carry it: 20250203. */
  private get stamp(): string {
    return this.date.replace(/-/g, '');
  }

  private get account(): ActiveAccount {
    return this.state as ActiveAccount;
  }

  private invoice(invoiceId: string): InvoiceState | undefined {
    return this.account.invoices.get(invoiceId);
  }

  private openInvoices(): InvoiceState[] {
    return [...this.account.invoices.values()].filter((invoice) => invoice.balance > 0).sort(byDueDate);
  }

  private stillOpen(invoiceIds: readonly string[]): string[] {
    return invoiceIds.filter((invoiceId) => (this.invoice(invoiceId)?.balance ?? 0) > 0);
  }

  /**
   * The open invoices past due that dunning has reached level 2 on, not in an open dispute nor
   * in `taken` (ids already promised, or put on a plan), with the day of the latest reminder among
   * them: what a collector calls about. Oldest due first.
   */
  private remindedOverdue(taken: ReadonlySet<string>): { invoices: InvoiceState[]; remindedOn: BusinessDate } | undefined {
    const candidates: InvoiceState[] = [];
    for (const [invoiceId, dunning] of this.account.dunning) {
      if (dunning.level < 2 || taken.has(invoiceId)) continue;
      const invoice = this.invoice(invoiceId);
      if (invoice !== undefined && invoice.balance > 0 && this.date > invoice.dueOn) candidates.push(invoice);
    }
    if (candidates.length === 0) return undefined;
    const disputed = new Set(
      [...this.account.disputes.values()].filter((dispute) => dispute.status === 'open').map((dispute) => dispute.invoiceId),
    );
    const invoices = candidates.filter((invoice) => !disputed.has(invoice.invoiceId)).sort(byDueDate);
    if (invoices.length === 0) return undefined;
    const remindedOn = invoices
      .map((invoice) => this.account.dunning.get(invoice.invoiceId)?.lastReminderOn ?? invoice.dueOn)
      .reduce((latest, on) => (on > latest ? on : latest));
    return { invoices, remindedOn };
  }

  private proposals(kinds: readonly EscalationKind[]) {
    return sortedBy(
      [...this.account.escalationProposals.values()].filter((proposal) => kinds.includes(proposal.kind)),
      (proposal) => proposal.proposalId,
    );
  }

  private logContact(notes: string): void {
    const contactId = `${this.id}-CON-${this.stamp}`;
    if (this.account.usedIds.has(idKey('contact', contactId))) return;
    this.emit('collector', contactId, {
      type: 'LogContact',
      data: {
        contactId,
        contactedOn: this.date,
        channel: 'phone',
        person: this.draws.pick([this.id, 'contact-person'], CONTACT_PEOPLE),
        outcome: 'reached',
        reasonForLateness: this.draws.pick([this.id, contactId, 'reason'], LATENESS_REASONS),
        notes,
      },
    });
  }

  /** A payment of up to `amount` on one invoice (never more than its balance; at most one a day). */
  private pay(invoiceId: string, amount: number, paymentId = `${invoiceId}-PAY-${this.stamp}`): void {
    const invoice = this.invoice(invoiceId);
    const paid = Math.min(amount, invoice?.balance ?? 0);
    if (invoice === undefined || paid <= 0 || this.account.usedIds.has(idKey('payment', paymentId))) return;
    this.emit('integration', paymentId, {
      type: 'ReceivePayment',
      data: { paymentId, invoiceId, amount: paid, currency: invoice.currency, receivedOn: this.date },
    });
  }

  private payInFull(invoiceIds: readonly string[]): void {
    for (const invoiceId of invoiceIds) this.pay(invoiceId, this.invoice(invoiceId)?.balance ?? 0);
  }

  /** `amount` spread over the invoices in order, each paid up to its balance. */
  private payAcross(invoiceIds: readonly string[], amount: number): void {
    let left = amount;
    for (const invoiceId of invoiceIds) {
      const part = Math.min(left, this.invoice(invoiceId)?.balance ?? 0);
      if (part <= 0) continue;
      this.pay(invoiceId, part);
      left -= part;
    }
  }

  /** Folds the command into the working account; a refusal is a bug in the simulation, never skipped. */
  private emit(actor: SimulationActor, id: string, command: CollectionCommand): void {
    let events;
    try {
      events = decide(command, this.state);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(
        `The simulation asked for a command the account refuses (${this.id}, ${this.date}): ${why}\n${JSON.stringify(command)}`,
        {
          cause: error,
        },
      );
    }
    this.state = events.reduce(evolve, this.state);
    this.out.push({ customerId: this.id, command, idempotencyKey: `sim:${command.type}:${id}`, actor });
  }
}

/**
 * The invoice ids a customer's promises (or plans) cover. Memoized on the map itself: the
 * account's maps are immutable (evolve replaces one when it changes), so a map seen before
 * covers the same ids, and the book need not rebuild the set every day.
 */
const coveredInvoiceIds = new WeakMap<ReadonlyMap<string, { invoiceIds: readonly string[] }>, ReadonlySet<string>>();

function invoiceIdsIn(arrangements: ReadonlyMap<string, { invoiceIds: readonly string[] }>): ReadonlySet<string> {
  let covered = coveredInvoiceIds.get(arrangements);
  if (covered === undefined) {
    covered = new Set([...arrangements.values()].flatMap((arrangement) => arrangement.invoiceIds));
    coveredInvoiceIds.set(arrangements, covered);
  }
  return covered;
}

function byDueDate(a: InvoiceState, b: InvoiceState): number {
  return a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0;
}

function sortedBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
