import {
  AccountState,
  ActiveAccount,
  BusinessDate,
  CollectionCommand,
  EscalationKind,
  InvoiceState,
  decide,
  evolve,
  idKey,
} from '@collections/domain';
import type { CustomerPlan, SimulatedCommand, SimulationActor } from '../book';
import { CONTACT_PEOPLE, LATENESS_REASONS } from '../profiles';
import { Draws } from '../random';
import { dispute } from './disputes';
import { agencyCollections, postMortems, recoveries, referToAgency, writeOff } from './managers';
import { assignCollector, payAfterReminder, payOnSchedule, registerInvoice } from './payers';
import { paymentPlan, promise } from './promises-and-plans';
import { byDueDate, sortedBy } from './ordering';

/**
 * One customer's day: what the ledger, the bank, the customer, its collector and the managers
 * do, decided from the account as it stands. Each command is folded into a working copy of the
 * account as it is emitted (through the domain's own `decide` and `evolve`), so later rules of
 * the same day see its effect and the list, applied in order, is always accepted.
 *
 * The day dispatches on the customer's profile to what each party does (payers.ts,
 * promises-and-plans.ts, disputes.ts, managers.ts); this class holds the account and what they
 * share: reading it, paying, logging a contact, and emitting a command.
 */
export class CustomerDay {
  readonly id: string;
  private current: AccountState;

  constructor(
    readonly plan: CustomerPlan,
    readonly date: BusinessDate,
    account: AccountState,
    readonly draws: Draws,
    private readonly out: SimulatedCommand[],
  ) {
    this.current = account;
    this.id = plan.customerId;
  }

  run(): void {
    registerInvoice(this);
    if (this.current.status !== 'active') return;
    assignCollector(this);
    switch (this.plan.profile) {
      case 'on_time':
      case 'late_payer':
        payOnSchedule(this);
        return;
      case 'pays_after_reminder':
        payAfterReminder(this);
        return;
      case 'promise_keeper':
        promise(this, true);
        return;
      case 'promise_breaker':
        promise(this, false);
        return;
      case 'disputer':
        dispute(this);
        return;
      case 'payment_plan':
        paymentPlan(this);
        return;
      case 'agency_bound':
        referToAgency(this);
        writeOff(this, ['write_off']);
        postMortems(this);
        agencyCollections(this);
        recoveries(this);
        return;
      case 'write_off':
        writeOff(this, ['agency_referral', 'write_off']);
        postMortems(this);
        return;
    }
  }

  /** The account as the day's commands so far left it. */
  get state(): AccountState {
    return this.current;
  }

  /** The day as ids carry it: 20250203. */
  get stamp(): string {
    return this.date.replace(/-/g, '');
  }

  get account(): ActiveAccount {
    return this.state as ActiveAccount;
  }

  invoice(invoiceId: string): InvoiceState | undefined {
    return this.account.invoices.get(invoiceId);
  }

  openInvoices(): InvoiceState[] {
    return [...this.account.invoices.values()].filter((invoice) => invoice.balance > 0).sort(byDueDate);
  }

  stillOpen(invoiceIds: readonly string[]): string[] {
    return invoiceIds.filter((invoiceId) => (this.invoice(invoiceId)?.balance ?? 0) > 0);
  }

  /**
   * The open invoices past due that dunning has reached level 2 on, not in an open dispute nor
   * in `taken` (ids already promised, or put on a plan), with the day of the latest reminder among
   * them: what a collector calls about. Oldest due first.
   */
  remindedOverdue(taken: ReadonlySet<string>): { invoices: InvoiceState[]; remindedOn: BusinessDate } | undefined {
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

  proposals(kinds: readonly EscalationKind[]) {
    return sortedBy(
      [...this.account.escalationProposals.values()].filter((proposal) => kinds.includes(proposal.kind)),
      (proposal) => proposal.proposalId,
    );
  }

  logContact(notes: string): void {
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
  pay(invoiceId: string, amount: number, paymentId = `${invoiceId}-PAY-${this.stamp}`): void {
    const invoice = this.invoice(invoiceId);
    const paid = Math.min(amount, invoice?.balance ?? 0);
    if (invoice === undefined || paid <= 0 || this.account.usedIds.has(idKey('payment', paymentId))) return;
    this.emit('integration', paymentId, {
      type: 'ReceivePayment',
      data: { paymentId, invoiceId, amount: paid, currency: invoice.currency, receivedOn: this.date },
    });
  }

  payInFull(invoiceIds: readonly string[]): void {
    for (const invoiceId of invoiceIds) this.pay(invoiceId, this.invoice(invoiceId)?.balance ?? 0);
  }

  /** `amount` spread over the invoices in order, each paid up to its balance. */
  payAcross(invoiceIds: readonly string[], amount: number): void {
    let left = amount;
    for (const invoiceId of invoiceIds) {
      const part = Math.min(left, this.invoice(invoiceId)?.balance ?? 0);
      if (part <= 0) continue;
      this.pay(invoiceId, part);
      left -= part;
    }
  }

  /** Folds the command into the working account; a refusal is a bug in the simulation, never skipped. */
  emit(actor: SimulationActor, id: string, command: CollectionCommand): void {
    let events;
    try {
      events = decide(command, this.current);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(
        `The simulation asked for a command the account refuses (${this.id}, ${this.date}): ${why}\n${JSON.stringify(command)}`,
        {
          cause: error,
        },
      );
    }
    this.current = events.reduce(evolve, this.current);
    this.out.push({ customerId: this.id, command, idempotencyKey: `sim:${command.type}:${id}`, actor });
  }
}
