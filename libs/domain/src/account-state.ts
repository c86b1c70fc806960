import { BusinessDate } from './business-date';
import { CurrencyCode } from './money';
import type { CashState } from './steps/cash-application/cash-application';
import type { CallTaskState, PromiseState } from './steps/contacts-and-promises/contacts-and-promises';
import type { CustomerMessageState, PaymentReportState } from './steps/customer-conversation/customer-conversation';
import type { DisputeState } from './steps/disputes-and-deductions/disputes-and-deductions';
import type { InvoiceDunningState } from './steps/dunning/dunning';
import type { PostMortemState, WriteOffState } from './steps/escalation-and-closing/closing';
import type { AgencyReferralState, EscalationProposalState, LegalActionState } from './steps/escalation-and-closing/escalation';
import type { PaymentPlanState } from './steps/payment-plans/payment-plans';

// The state of what each procedure step keeps is declared with the step; the account holds them.
export type { CashApplicationState, CashState } from './steps/cash-application/cash-application';
export type { CallTaskState, PromiseState } from './steps/contacts-and-promises/contacts-and-promises';
export type {
  CustomerConversationState,
  CustomerMessageState,
  PaymentReportState,
} from './steps/customer-conversation/customer-conversation';
export type { DisputeState } from './steps/disputes-and-deductions/disputes-and-deductions';
export type { InvoiceDunningState } from './steps/dunning/dunning';
export type { PostMortemState, WriteOffState } from './steps/escalation-and-closing/closing';
export type { AgencyReferralState, EscalationProposalState, LegalActionState } from './steps/escalation-and-closing/escalation';
export type { InstallmentState, PaymentPlanState } from './steps/payment-plans/payment-plans';

/**
 * A customer's collection account as its events describe it. `evolve` folds one event into it;
 * it never throws and never checks rules (those belong to `decide`), so that any history that
 * was once accepted can always be replayed.
 */
export interface InvoiceState {
  invoiceId: string;
  amount: number;
  currency: CurrencyCode;
  issuedOn: BusinessDate;
  dueOn: BusinessDate;
  paid: number;
  credited: number;
  writtenOff: number;
  recovered: number;
  /** amount − paid − credited − written off; never negative. */
  balance: number;
  /** The day the policy engine found it past due and unpaid. */
  overdueOn?: BusinessDate;
}

export interface EmptyAccount {
  status: 'empty';
}

export interface ActiveAccount {
  status: 'active';
  invoices: ReadonlyMap<string, InvoiceState>;
  /** Money received on the account, per payment id: what is applied to invoices and what is still unapplied. */
  cash: ReadonlyMap<string, CashState>;
  /** The bank accounts (IBANs) the customer is known to pay from. */
  payerAccounts: ReadonlySet<string>;
  collectorId?: string;
  disputes: ReadonlyMap<string, DisputeState>;
  promises: ReadonlyMap<string, PromiseState>;
  paymentPlans: ReadonlyMap<string, PaymentPlanState>;
  agencyReferrals: ReadonlyMap<string, AgencyReferralState>;
  legalActions: ReadonlyMap<string, LegalActionState>;
  writeOffs: ReadonlyMap<string, WriteOffState>;
  postMortems: ReadonlyMap<string, PostMortemState>;
  creditHold?: { reason: string; placedOn: BusinessDate };
  creditLimitRecommendation?: { recommendedLimit: number; currency: CurrencyCode; recommendedOn: BusinessDate };
  highestReminderLevel: number;
  lastReminderOn?: BusinessDate;
  finalNotice?: { sentOn: BusinessDate; referralOn: BusinessDate };
  lastContactOn?: BusinessDate;
  /** Per invoice id; an invoice no reminder or notice was sent for has no entry. */
  dunning: ReadonlyMap<string, InvoiceDunningState>;
  callTasks: ReadonlyMap<string, CallTaskState>;
  escalationProposals: ReadonlyMap<string, EscalationProposalState>;
  /** Replies to letters and fresh-link requests, per message id: those waiting pause dunning. */
  messages: ReadonlyMap<string, CustomerMessageState>;
  /** Payments the customer reported making, per report id. */
  paymentReports: ReadonlyMap<string, PaymentReportState>;
  /** The letters whose customer links a manager revoked. */
  revokedLinks: ReadonlySet<string>;
  /**
   * Ids that must not be reused, as `kind:id` (payments, credit memos, reminders, contacts, …):
   * a second payment with the same id is a mistake, not a second payment.
   */
  usedIds: ReadonlySet<string>;
}

export type AccountState = EmptyAccount | ActiveAccount;

export const initialState = (): AccountState => ({ status: 'empty' });

/** The account its first invoice opens: nothing recorded yet of any kind. */
export function openAccount(state: AccountState): ActiveAccount {
  if (state.status === 'active') return state;
  return {
    status: 'active',
    invoices: new Map(),
    cash: new Map(),
    payerAccounts: new Set(),
    disputes: new Map(),
    promises: new Map(),
    paymentPlans: new Map(),
    agencyReferrals: new Map(),
    legalActions: new Map(),
    writeOffs: new Map(),
    postMortems: new Map(),
    highestReminderLevel: 0,
    dunning: new Map(),
    callTasks: new Map(),
    escalationProposals: new Map(),
    messages: new Map(),
    paymentReports: new Map(),
    revokedLinks: new Set(),
    usedIds: new Set(),
  };
}

export const idKey = (kind: string, id: string): string => `${kind}:${id}`;

// Helpers the steps' evolve functions share: each returns a new value and changes none it is given.

/** The account's used ids with `kind:id` added. */
export function withId(account: ActiveAccount, kind: string, id: string): ReadonlySet<string> {
  return new Set(account.usedIds).add(idKey(kind, id));
}

export function put<V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> {
  return new Map(map).set(key, value);
}

/** Applies `change` to the entry at `key`; an unknown key leaves the map as it is. */
export function update<V>(map: ReadonlyMap<string, V>, key: string, change: (value: V) => V): ReadonlyMap<string, V> {
  const value = map.get(key);
  return value === undefined ? map : put(map, key, change(value));
}

/** The invoice with `change` applied and its balance computed again from what settled it. */
export function settle(invoice: InvoiceState, change: Partial<Pick<InvoiceState, 'paid' | 'credited' | 'writtenOff'>>): InvoiceState {
  const next = { ...invoice, ...change };
  return { ...next, balance: Math.max(0, next.amount - next.paid - next.credited - next.writtenOff) };
}
