import { AccountState, ActiveAccount, InvoiceState, put, settle, update, withId } from '../../account-state';
import { BusinessDate } from '../../business-date';
import { DomainError } from '../../errors';
import {
  openInvoice,
  requireCurrency,
  requireNewId,
  requireNotBefore,
  requirePositive,
  requireWithinAccountTotal,
  requireWithinBalance,
} from '../../guards';
import type { Command, Event } from '../../message';
import { procedureStep } from '../../procedure-step';
import { CurrencyCode } from '../../money';
import type { CashApplied, UnappliedCashReceived } from '../cash-application/cash-application';
import { applyPaymentToArrangements } from './arrangements';

/**
 * Intake and cash posting: invoices arrive, payments and credits settle them at once (so nobody
 * calls about an invoice that is already paid), the policy engine notices one that falls due
 * unpaid, and the account is assigned to a collector (step 1 of the collection procedure,
 * docs/architecture.md#the-collection-procedure).
 */

// Events

export type InvoiceRegistered = Event<
  'InvoiceRegistered',
  { invoiceId: string; amount: number; currency: CurrencyCode; issuedOn: BusinessDate; dueOn: BusinessDate }
>;
export type PaymentReceived = Event<
  'PaymentReceived',
  { paymentId: string; invoiceId: string; amount: number; currency: CurrencyCode; receivedOn: BusinessDate }
>;
export type CreditMemoIssued = Event<
  'CreditMemoIssued',
  {
    creditMemoId: string;
    invoiceId: string;
    amount: number;
    currency: CurrencyCode;
    issuedOn: BusinessDate;
    reason: string;
    /** Set when the credit settles a dispute or an authorized deduction. */
    disputeId?: string;
  }
>;
export type InvoiceOverdue = Event<
  'InvoiceOverdue',
  { invoiceId: string; dueOn: BusinessDate; detectedOn: BusinessDate; balance: number; currency: CurrencyCode }
>;

// Step 1: assignment
export type CollectorAssigned = Event<'CollectorAssigned', { collectorId: string; assignedOn: BusinessDate }>;

/** The events this step records. */
export type IntakeAndCashEvent = InvoiceRegistered | PaymentReceived | CreditMemoIssued | InvoiceOverdue | CollectorAssigned;

// Commands

export type RegisterInvoice = Command<'RegisterInvoice', InvoiceRegistered['data']>;
export type ReceivePayment = Command<'ReceivePayment', PaymentReceived['data']>;
export type IssueCreditMemo = Command<'IssueCreditMemo', Omit<CreditMemoIssued['data'], 'disputeId'>>;
export type MarkInvoiceOverdue = Command<'MarkInvoiceOverdue', { invoiceId: string; detectedOn: BusinessDate }>;
export type AssignCollector = Command<'AssignCollector', CollectorAssigned['data']>;

/** The commands this step decides. */
export type IntakeAndCashCommand = RegisterInvoice | ReceivePayment | IssueCreditMemo | MarkInvoiceOverdue | AssignCollector;

// Decide

/** The only command an empty account takes: its first invoice opens it. */
export function registerInvoice(command: RegisterInvoice, state: AccountState): InvoiceRegistered[] {
  const { data } = command;
  if (state.status === 'active' && state.invoices.has(data.invoiceId)) {
    throw new DomainError('invoice-already-registered', `Invoice ${data.invoiceId} is already registered`);
  }
  requirePositive(data.amount, 'An invoice amount');
  requireWithinAccountTotal(state.status === 'active' ? state.invoices.values() : [], data.amount, "The account's invoices");
  if (data.dueOn < data.issuedOn) {
    throw new DomainError('invalid-date', `Invoice ${data.invoiceId} falls due (${data.dueOn}) before it is issued (${data.issuedOn})`);
  }
  return [{ type: 'InvoiceRegistered', data }];
}

/**
 * A payment posted against a named invoice settles it. One larger than the invoice's balance is
 * not refused: the money was received, so the invoice is paid in full and the rest is kept on
 * the account as unapplied cash (recorded as cash received and applied, with the rule that says
 * why). History recorded before stays as it was: a `PaymentReceived` keeps its meaning.
 */
export function receivePayment(command: ReceivePayment, account: ActiveAccount): (PaymentReceived | UnappliedCashReceived | CashApplied)[] {
  const { paymentId, invoiceId, amount, currency, receivedOn } = command.data;
  requireNewId(account, 'payment', paymentId);
  const invoice = openInvoice(account, invoiceId, 'receive a payment on');
  requireCurrency(invoice, currency);
  requirePositive(amount, 'A payment');
  requireNotBefore(receivedOn, invoice.issuedOn, `Payment ${paymentId} is dated before invoice ${invoiceId} was issued`);
  if (amount <= invoice.balance) return [{ type: 'PaymentReceived', data: command.data }];
  return [
    { type: 'UnappliedCashReceived', data: { paymentId, amount, currency, receivedOn } },
    {
      type: 'CashApplied',
      data: {
        paymentId,
        applicationId: paymentId,
        allocations: [{ invoiceId, amount: invoice.balance }],
        currency,
        appliedOn: receivedOn,
        rule: 'named-invoice',
      },
    },
  ];
}

export function issueCreditMemo(command: IssueCreditMemo, account: ActiveAccount): CreditMemoIssued[] {
  const { creditMemoId, invoiceId, amount, currency, issuedOn } = command.data;
  requireNewId(account, 'credit-memo', creditMemoId);
  const invoice = openInvoice(account, invoiceId, 'credit');
  requireCurrency(invoice, currency);
  requirePositive(amount, 'A credit memo');
  requireNotBefore(issuedOn, invoice.issuedOn, `Credit memo ${creditMemoId} is dated before invoice ${invoiceId} was issued`);
  requireWithinBalance(invoice, amount, `Credit memo ${creditMemoId}`);
  return [{ type: 'CreditMemoIssued', data: command.data }];
}

export function markInvoiceOverdue(command: MarkInvoiceOverdue, account: ActiveAccount): InvoiceOverdue[] {
  const { invoiceId, detectedOn } = command.data;
  const invoice = openInvoice(account, invoiceId, 'mark overdue');
  if (detectedOn <= invoice.dueOn) {
    throw new DomainError('not-overdue', `Invoice ${invoiceId} is not overdue on ${detectedOn}: it is due on ${invoice.dueOn}`);
  }
  if (invoice.overdueOn !== undefined) {
    throw new DomainError('already-overdue', `Invoice ${invoiceId} was already marked overdue on ${invoice.overdueOn}`);
  }
  const { dueOn, balance, currency } = invoice;
  return [{ type: 'InvoiceOverdue', data: { invoiceId, dueOn, detectedOn, balance, currency } }];
}

export function assignCollector(command: AssignCollector, account: ActiveAccount): CollectorAssigned[] {
  if (account.collectorId === command.data.collectorId) {
    throw new DomainError('already-assigned', `The account is already assigned to ${command.data.collectorId}`);
  }
  return [{ type: 'CollectorAssigned', data: command.data }];
}

// Evolve

export function invoiceRegistered(account: ActiveAccount, event: InvoiceRegistered): ActiveAccount {
  const { invoiceId, amount, currency, issuedOn, dueOn } = event.data;
  const invoice: InvoiceState = {
    invoiceId,
    amount,
    currency,
    issuedOn,
    dueOn,
    paid: 0,
    credited: 0,
    writtenOff: 0,
    recovered: 0,
    balance: amount,
  };
  return { ...account, invoices: put(account.invoices, invoiceId, invoice) };
}

export function paymentReceived(account: ActiveAccount, event: PaymentReceived): ActiveAccount {
  const { paymentId, invoiceId, amount, receivedOn } = event.data;
  return {
    ...account,
    ...applyPaymentToArrangements(account, invoiceId, amount, receivedOn),
    invoices: update(account.invoices, invoiceId, (invoice) => settle(invoice, { paid: invoice.paid + amount })),
    usedIds: withId(account, 'payment', paymentId),
  };
}

export function creditMemoIssued(account: ActiveAccount, event: CreditMemoIssued): ActiveAccount {
  const { creditMemoId, invoiceId, amount } = event.data;
  return {
    ...account,
    invoices: update(account.invoices, invoiceId, (invoice) => settle(invoice, { credited: invoice.credited + amount })),
    usedIds: withId(account, 'credit-memo', creditMemoId),
  };
}

export function invoiceOverdue(account: ActiveAccount, event: InvoiceOverdue): ActiveAccount {
  return {
    ...account,
    invoices: update(account.invoices, event.data.invoiceId, (invoice) => ({
      ...invoice,
      overdueOn: event.data.detectedOn,
    })),
  };
}

export function collectorAssigned(account: ActiveAccount, event: CollectorAssigned): ActiveAccount {
  return { ...account, collectorId: event.data.collectorId };
}

// The step as decide, evolve and occurredOn dispatch to it

export const intakeAndCash = procedureStep<IntakeAndCashCommand, IntakeAndCashEvent>({
  decide: {
    RegisterInvoice: registerInvoice,
    ReceivePayment: receivePayment,
    IssueCreditMemo: issueCreditMemo,
    MarkInvoiceOverdue: markInvoiceOverdue,
    AssignCollector: assignCollector,
  },
  evolve: {
    InvoiceRegistered: invoiceRegistered,
    PaymentReceived: paymentReceived,
    CreditMemoIssued: creditMemoIssued,
    InvoiceOverdue: invoiceOverdue,
    CollectorAssigned: collectorAssigned,
  },
  occurredOn: {
    InvoiceRegistered: 'issuedOn',
    PaymentReceived: 'receivedOn',
    CreditMemoIssued: 'issuedOn',
    InvoiceOverdue: 'detectedOn',
    CollectorAssigned: 'assignedOn',
  },
});
