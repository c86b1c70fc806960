import { ActiveAccount, put, settle, update, withId } from '../../account-state';
import { BusinessDate } from '../../business-date';
import { DomainError } from '../../errors';
import { openInvoice, requireCurrency, requireNewId, requireNotBefore, requirePositive, requireWithinBalance } from '../../guards';
import type { Command, Event } from '../../message';
import { CurrencyCode, formatMoney } from '../../money';
import { procedureStep } from '../../procedure-step';
import { claimDeduction, DeductionClaimed } from '../disputes-and-deductions/disputes-and-deductions';
import { applyPaymentToArrangements } from '../intake-and-cash/arrangements';

/**
 * Cash application: money the bank reports arrives on the customer's account as **unapplied
 * cash** and is then applied to invoices, in one or several applications, each of which a
 * person may reverse. What is never applied can be refunded. An overpayment is kept as
 * unapplied cash, never refused, so no received money is lost or sits outside the account; and
 * the policy engine does not dun while unapplied cash covers what is overdue (the source
 * documents' "immediate cash posting, so that nobody calls about a paid invoice").
 */

/** Which rule put cash on an invoice: recorded with every application, so each can be explained. */
export const CASH_APPLICATION_RULES = [
  /** The remittance information names the invoice. */
  'remittance-reference',
  /** The amount equals one open invoice's balance. */
  'exact-amount',
  /** The amount equals the balances of a set of the customer's open invoices together. */
  'exact-set',
  /** Oldest due first, where the policy allows it. */
  'oldest-first',
  /** A payment posted against a named invoice that exceeded its balance: the invoice is paid, the rest kept. */
  'named-invoice',
  /** A person chose the invoices. */
  'manual',
] as const;
export type CashApplicationRule = (typeof CASH_APPLICATION_RULES)[number];

export interface Allocation {
  invoiceId: string;
  amount: number;
}

export interface Payer {
  name?: string;
  /** The account it paid from (an IBAN, in its electronic form). */
  account?: string;
}

// Events

/** What the bank reported of money received: on a customer's account, or not yet anyone's. */
export type ReceivedCash = {
  paymentId: string;
  amount: number;
  currency: CurrencyCode;
  /** The day the bank booked it: from then on it is the customer's money on account. */
  receivedOn: BusinessDate;
  /** The bank's value date, when it reported one. */
  valueOn?: BusinessDate;
  payer?: Payer;
  /** The remittance information as the payer wrote it (free text and references, joined). */
  remittance?: string;
  /** The bank's reference for the entry it came in. */
  bankReference?: string;
};

export type UnappliedCashReceived = Event<'UnappliedCashReceived', ReceivedCash>;
export type CashApplied = Event<
  'CashApplied',
  {
    paymentId: string;
    applicationId: string;
    allocations: Allocation[];
    currency: CurrencyCode;
    appliedOn: BusinessDate;
    rule: CashApplicationRule;
  }
>;
export type CashUnapplied = Event<
  'CashUnapplied',
  {
    paymentId: string;
    /** The application it reverses, whole: its allocations are restored to the invoices and the cash. */
    applicationId: string;
    allocations: Allocation[];
    currency: CurrencyCode;
    unappliedOn: BusinessDate;
    reason: string;
  }
>;
export type UnappliedCashRefunded = Event<
  'UnappliedCashRefunded',
  { paymentId: string; refundId: string; amount: number; currency: CurrencyCode; refundedOn: BusinessDate; reason: string }
>;
/** A bank account the customer pays from: learned when its cash is identified otherwise, or set by a person. */
export type PayerAccountRecorded = Event<
  'PayerAccountRecorded',
  { account: string; recordedOn: BusinessDate; source: 'payment' | 'person' }
>;

/** The events this step records. */
export type CashApplicationEvent = UnappliedCashReceived | CashApplied | CashUnapplied | UnappliedCashRefunded | PayerAccountRecorded;

// Commands

export type ReceiveCash = Command<
  'ReceiveCash',
  UnappliedCashReceived['data'] & {
    /** Applied at once, in the same append, when the matcher found where it goes. */
    application?: { applicationId: string; allocations: Allocation[]; rule: CashApplicationRule };
    /** Deductions the remittance says were taken: each opens a deduction claim for what the payment left open. */
    deductions?: { deductionId: string; invoiceId: string; amount: number; reason: string }[];
    /** Whether the payer's account should be learned (the cash was identified by something else). */
    learnPayerAccount?: boolean;
  }
>;
export type ApplyCash = Command<
  'ApplyCash',
  { paymentId: string; applicationId: string; allocations: Allocation[]; appliedOn: BusinessDate; rule?: CashApplicationRule }
>;
export type UnapplyCash = Command<'UnapplyCash', { paymentId: string; applicationId: string; unappliedOn: BusinessDate; reason: string }>;
export type RefundCash = Command<
  'RefundCash',
  { paymentId: string; refundId: string; amount: number; refundedOn: BusinessDate; reason: string }
>;
export type RecordPayerAccount = Command<'RecordPayerAccount', { account: string; recordedOn: BusinessDate }>;

/** The commands this step decides. */
export type CashApplicationCommand = ReceiveCash | ApplyCash | UnapplyCash | RefundCash | RecordPayerAccount;

// State

export interface CashApplicationState {
  applicationId: string;
  allocations: Allocation[];
  appliedOn: BusinessDate;
  rule: CashApplicationRule;
  status: 'applied' | 'reversed';
}

export interface CashState {
  paymentId: string;
  amount: number;
  currency: CurrencyCode;
  receivedOn: BusinessDate;
  applied: number;
  refunded: number;
  /** amount − applied − refunded: what is still on account, never negative. */
  unapplied: number;
  applications: ReadonlyMap<string, CashApplicationState>;
}

/** The customer's unapplied cash per currency (only currencies with some). */
export function unappliedCashOf(account: ActiveAccount): Map<CurrencyCode, number> {
  const totals = new Map<CurrencyCode, number>();
  for (const cash of account.cash.values()) {
    if (cash.unapplied > 0) totals.set(cash.currency, (totals.get(cash.currency) ?? 0) + cash.unapplied);
  }
  return totals;
}

// Decide

export function receiveCash(command: ReceiveCash, account: ActiveAccount): (CashApplicationEvent | DeductionClaimed)[] {
  const { application, deductions = [], learnPayerAccount, ...received } = command.data;
  requireNewId(account, 'payment', received.paymentId);
  requirePositive(received.amount, 'A payment');
  const events: (CashApplicationEvent | DeductionClaimed)[] = [{ type: 'UnappliedCashReceived', data: received }];
  let state = unappliedCashReceived(account, events[0] as UnappliedCashReceived);
  const payerAccount = received.payer?.account;
  if (learnPayerAccount && payerAccount !== undefined && !account.payerAccounts.has(payerAccount)) {
    events.push({ type: 'PayerAccountRecorded', data: { account: payerAccount, recordedOn: received.receivedOn, source: 'payment' } });
  }
  if (application) {
    const [applied] = applyCash(
      { type: 'ApplyCash', data: { paymentId: received.paymentId, appliedOn: received.receivedOn, ...application } },
      state,
    );
    events.push(applied);
    state = cashApplied(state, applied);
  }
  for (const { deductionId, invoiceId, amount, reason } of deductions) {
    const { currency, receivedOn } = received;
    const claim = { deductionId, invoiceId, amount, currency, programme: reason, claimedOn: receivedOn };
    const [claimed] = claimDeduction({ type: 'ClaimDeduction', data: claim }, state);
    events.push(claimed);
  }
  return events;
}

export function applyCash(command: ApplyCash, account: ActiveAccount): CashApplied[] {
  const { paymentId, applicationId, allocations, appliedOn, rule = 'manual' } = command.data;
  const cash = receivedCash(account, paymentId);
  requireNewId(account, 'cash-application', applicationId);
  requireNotBefore(
    appliedOn,
    cash.receivedOn,
    `Payment ${paymentId} cannot be applied on ${appliedOn}, before it was received on ${cash.receivedOn}`,
  );
  if (allocations.length === 0) throw new DomainError('invoice-not-found', 'Name at least one invoice to apply the cash to');
  if (new Set(allocations.map(({ invoiceId }) => invoiceId)).size !== allocations.length) {
    throw new DomainError('invoice-not-found', 'An invoice is listed twice');
  }
  let total = 0;
  for (const { invoiceId, amount } of allocations) {
    const invoice = openInvoice(account, invoiceId, 'apply cash to');
    requireCurrency(invoice, cash.currency);
    requireNotBefore(
      appliedOn,
      invoice.issuedOn,
      `Cash cannot be applied to invoice ${invoiceId} on ${appliedOn}, before it was issued on ${invoice.issuedOn}`,
    );
    requirePositive(amount, `The amount applied to invoice ${invoiceId}`);
    requireWithinBalance(invoice, amount, `Applying ${paymentId}`);
    total += amount;
  }
  if (total > cash.unapplied) {
    throw new DomainError(
      'amount-exceeds-cash',
      `Applying ${formatMoney(total, cash.currency)} exceeds the ${formatMoney(cash.unapplied, cash.currency)} of payment ${paymentId} still unapplied`,
    );
  }
  return [{ type: 'CashApplied', data: { paymentId, applicationId, allocations, currency: cash.currency, appliedOn, rule } }];
}

export function unapplyCash(command: UnapplyCash, account: ActiveAccount): CashUnapplied[] {
  const { paymentId, applicationId, unappliedOn, reason } = command.data;
  const cash = receivedCash(account, paymentId);
  const application = cash.applications.get(applicationId);
  if (!application) throw new DomainError('application-not-found', `Payment ${paymentId} has no application ${applicationId}`);
  if (application.status === 'reversed') {
    throw new DomainError('application-reversed', `Application ${applicationId} of payment ${paymentId} was already reversed`);
  }
  requireNotBefore(
    unappliedOn,
    application.appliedOn,
    `Application ${applicationId} cannot be reversed before it was made on ${application.appliedOn}`,
  );
  const { allocations } = application;
  return [{ type: 'CashUnapplied', data: { paymentId, applicationId, allocations, currency: cash.currency, unappliedOn, reason } }];
}

export function refundCash(command: RefundCash, account: ActiveAccount): UnappliedCashRefunded[] {
  const { paymentId, refundId, amount, refundedOn, reason } = command.data;
  const cash = receivedCash(account, paymentId);
  requireNewId(account, 'refund', refundId);
  requirePositive(amount, 'A refund');
  requireNotBefore(refundedOn, cash.receivedOn, `Payment ${paymentId} cannot be refunded before it was received on ${cash.receivedOn}`);
  if (amount > cash.unapplied) {
    throw new DomainError(
      'amount-exceeds-cash',
      `A refund of ${formatMoney(amount, cash.currency)} exceeds the ${formatMoney(cash.unapplied, cash.currency)} of payment ${paymentId} still unapplied`,
    );
  }
  return [{ type: 'UnappliedCashRefunded', data: { paymentId, refundId, amount, currency: cash.currency, refundedOn, reason } }];
}

export function recordPayerAccount(command: RecordPayerAccount, account: ActiveAccount): PayerAccountRecorded[] {
  if (account.payerAccounts.has(command.data.account)) {
    throw new DomainError('duplicate-id', `The bank account ${command.data.account} is already known as this customer's`);
  }
  return [{ type: 'PayerAccountRecorded', data: { ...command.data, source: 'person' } }];
}

function receivedCash(account: ActiveAccount, paymentId: string): CashState {
  const cash = account.cash.get(paymentId);
  if (!cash) throw new DomainError('payment-not-found', `There is no received cash ${paymentId} on this account`);
  return cash;
}

// Evolve

export function unappliedCashReceived(account: ActiveAccount, event: UnappliedCashReceived): ActiveAccount {
  const { paymentId, amount, currency, receivedOn } = event.data;
  const cash: CashState = { paymentId, amount, currency, receivedOn, applied: 0, refunded: 0, unapplied: amount, applications: new Map() };
  return { ...account, cash: put(account.cash, paymentId, cash), usedIds: withId(account, 'payment', paymentId) };
}

export function cashApplied(account: ActiveAccount, event: CashApplied): ActiveAccount {
  const { paymentId, applicationId, allocations, appliedOn, rule } = event.data;
  let next: ActiveAccount = {
    ...account,
    cash: update(account.cash, paymentId, (cash) =>
      withApplied(
        {
          ...cash,
          applications: put(cash.applications, applicationId, { applicationId, allocations, appliedOn, rule, status: 'applied' }),
        },
        cash.applied + total(allocations),
      ),
    ),
    usedIds: withId(account, 'cash-application', applicationId),
  };
  for (const { invoiceId, amount } of allocations) {
    next = {
      ...next,
      ...applyPaymentToArrangements(next, invoiceId, amount, appliedOn),
      invoices: update(next.invoices, invoiceId, (invoice) => settle(invoice, { paid: invoice.paid + amount })),
    };
  }
  return next;
}

export function cashUnapplied(account: ActiveAccount, event: CashUnapplied): ActiveAccount {
  const { paymentId, applicationId, allocations, unappliedOn } = event.data;
  let next: ActiveAccount = {
    ...account,
    cash: update(account.cash, paymentId, (cash) =>
      withApplied(
        {
          ...cash,
          applications: update(cash.applications, applicationId, (application) => ({ ...application, status: 'reversed' as const })),
        },
        cash.applied - total(allocations),
      ),
    ),
  };
  for (const { invoiceId, amount } of allocations) {
    next = {
      ...next,
      ...applyPaymentToArrangements(next, invoiceId, -amount, unappliedOn),
      invoices: update(next.invoices, invoiceId, (invoice) => settle(invoice, { paid: Math.max(0, invoice.paid - amount) })),
    };
  }
  return next;
}

export function unappliedCashRefunded(account: ActiveAccount, event: UnappliedCashRefunded): ActiveAccount {
  const { paymentId, refundId, amount } = event.data;
  return {
    ...account,
    cash: update(account.cash, paymentId, (cash) => withRefunded(cash, cash.refunded + amount)),
    usedIds: withId(account, 'refund', refundId),
  };
}

export function payerAccountRecorded(account: ActiveAccount, event: PayerAccountRecorded): ActiveAccount {
  return { ...account, payerAccounts: new Set(account.payerAccounts).add(event.data.account) };
}

const total = (allocations: readonly Allocation[]): number => allocations.reduce((sum, { amount }) => sum + amount, 0);

function withApplied(cash: CashState, applied: number): CashState {
  return { ...cash, applied, unapplied: Math.max(0, cash.amount - applied - cash.refunded) };
}

function withRefunded(cash: CashState, refunded: number): CashState {
  return { ...cash, refunded, unapplied: Math.max(0, cash.amount - cash.applied - refunded) };
}

// The step as decide, evolve and occurredOn dispatch to it

export const cashApplication = procedureStep<CashApplicationCommand, CashApplicationEvent>({
  decide: {
    ReceiveCash: receiveCash,
    ApplyCash: applyCash,
    UnapplyCash: unapplyCash,
    RefundCash: refundCash,
    RecordPayerAccount: recordPayerAccount,
  },
  evolve: {
    UnappliedCashReceived: unappliedCashReceived,
    CashApplied: cashApplied,
    CashUnapplied: cashUnapplied,
    UnappliedCashRefunded: unappliedCashRefunded,
    PayerAccountRecorded: payerAccountRecorded,
  },
  occurredOn: {
    UnappliedCashReceived: 'receivedOn',
    CashApplied: 'appliedOn',
    CashUnapplied: 'unappliedOn',
    UnappliedCashRefunded: 'refundedOn',
    PayerAccountRecorded: 'recordedOn',
  },
});
