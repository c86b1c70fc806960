import {
  ActiveAccount,
  BusinessDate,
  CurrencyCode,
  InvoiceState,
  addDays,
  isWithinDaysOf,
  unappliedCashOf,
  waitingMessagesOf,
} from '@collections/domain';
import { CollectionPolicy } from './collection-policy';

/**
 * What holds the engine's dunning back: per invoice (disputes, promises, plans, agencies, legal
 * action, the quiet period) and per customer and currency, money the customer already paid
 * (unapplied cash on the account, unidentified cash that may be theirs). Nobody is dunned for
 * money already received, so the cash rules also hold back what would otherwise declare a
 * promise broken or an installment missed.
 */

/** Why the engine's dunning leaves an invoice alone on a date (each is its own rule). */
export type SuppressionReason =
  | 'open_dispute'
  | 'promise_not_due'
  | 'payment_plan_current'
  | 'with_agency'
  | 'in_legal_action'
  | 'quiet_period'
  | 'excluded'
  | 'reply_waiting'
  | 'payment_reported'
  | CashPauseReason;

/**
 * The cash rules' reasons: the customer's unapplied cash in the invoice's currency covers what is
 * overdue in it (`cash_to_apply`), or unidentified cash naming the customer as a candidate waits
 * within the policy's grace days (`unidentified_cash_waiting`, every currency).
 */
export const CASH_PAUSE_REASONS = ['cash_to_apply', 'unidentified_cash_waiting'] as const;
export type CashPauseReason = (typeof CASH_PAUSE_REASONS)[number];

/** The grace when a policy does not set `cashApplicationGraceDays` (versions recorded before it existed). */
export const DEFAULT_CASH_APPLICATION_GRACE_DAYS = 5;

/**
 * Unidentified cash that names the customer as a candidate (`UnidentifiedCashReceived.candidates`),
 * as the engine's book keeps it: the planner judges "waiting on the date" from these dates.
 */
export interface CandidateCash {
  paymentId: string;
  amount: number;
  currency: CurrencyCode;
  receivedOn: BusinessDate;
  /** The day it was assigned to a customer (whoever) or refunded; absent while it waits. */
  settledOn?: BusinessDate;
}

/** What the cash rules hold back for one customer on one date. */
export interface CashPause {
  /** Unidentified cash naming the customer that waits on the date: pauses everything. */
  waiting: readonly CandidateCash[];
  /** Currencies whose unapplied cash covers the overdue balance: pauses what concerns them. */
  covered: ReadonlySet<CurrencyCode>;
}

export const NO_CASH_PAUSE: CashPause = { waiting: [], covered: new Set() };

export const cashApplicationGraceDaysOf = (policy: CollectionPolicy): number =>
  policy.cashApplicationGraceDays ?? DEFAULT_CASH_APPLICATION_GRACE_DAYS;

/**
 * The cash rules for a customer on `date`:
 * - a currency is **covered** when the unapplied cash in it is positive and at least the overdue
 *   balance in it (open invoices issued by `date` and past their due date). Partial cover pauses
 *   nothing: the customer is dunned as before. With nothing overdue, any unapplied cash covers
 *   (courtesy reminders before the due date wait too: the cash may be their payment).
 * - unidentified cash **waits** for the customer when it names them as a candidate, was received
 *   within the last `cashApplicationGraceDays` days (the day received is the first) and was
 *   neither assigned nor refunded by `date`. Once assigned to this customer it arrives on the
 *   account as unapplied cash, and the first rule takes over.
 */
export function cashPauseOf(
  account: ActiveAccount,
  policy: CollectionPolicy,
  date: BusinessDate,
  unidentifiedCash: readonly CandidateCash[] = [],
): CashPause {
  const grace = cashApplicationGraceDaysOf(policy);
  const waiting = unidentifiedCash.filter(
    (cash) => isWithinDaysOf(cash.receivedOn, grace, date) && (cash.settledOn === undefined || cash.settledOn > date),
  );
  const unapplied = unappliedCashOf(account);
  if (waiting.length === 0 && unapplied.size === 0) return NO_CASH_PAUSE;
  const overdue = new Map<CurrencyCode, number>();
  for (const invoice of account.invoices.values()) {
    if (invoice.balance > 0 && invoice.issuedOn <= date && date > invoice.dueOn) {
      overdue.set(invoice.currency, (overdue.get(invoice.currency) ?? 0) + invoice.balance);
    }
  }
  const covered = new Set([...unapplied].filter(([currency, cash]) => cash >= (overdue.get(currency) ?? 0)).map(([currency]) => currency));
  return { waiting, covered };
}

/** Why the cash rules hold back what concerns `currency`, or undefined when they do not. */
export function cashPauseReason(pause: CashPause, currency: CurrencyCode): CashPauseReason | undefined {
  if (pause.waiting.length > 0) return 'unidentified_cash_waiting';
  return pause.covered.has(currency) ? 'cash_to_apply' : undefined;
}

/**
 * Why dunning leaves an invoice alone on `date`, or undefined when nothing does. Bookkeeping
 * (overdue, promises kept, installments paid) is never suppressed: it records what happened.
 * The cash rules come before an agency's hold, so a write-off (which an agency does not hold
 * back) waits for the cash too.
 */
export function suppressionOf(
  account: ActiveAccount,
  invoice: InvoiceState,
  policy: CollectionPolicy,
  date: BusinessDate,
  cash: CashPause = cashPauseOf(account, policy, date),
): SuppressionReason | undefined {
  const covers = (invoiceIds: readonly string[]) => invoiceIds.includes(invoice.invoiceId);
  if ([...account.legalActions.values()].length > 0) return 'in_legal_action';
  // The customer wrote to us (or asked for a fresh link): nothing more goes out until a collector answered.
  if (waitingMessagesOf(account).length > 0) return 'reply_waiting';
  if (paymentReportedFor(account, invoice, policy, date)) return 'payment_reported';
  const paused = cashPauseReason(cash, invoice.currency);
  if (paused !== undefined) return paused;
  if ([...account.agencyReferrals.values()].some((referral) => referral.status === 'active')) return 'with_agency';
  if ([...account.disputes.values()].some((d) => d.status === 'open' && d.invoiceId === invoice.invoiceId)) return 'open_dispute';
  if ([...account.paymentPlans.values()].some((plan) => plan.status === 'current' && covers(plan.invoiceIds))) {
    return 'payment_plan_current';
  }
  const promiseHolds = [...account.promises.values()].some(
    (promise) =>
      promise.status === 'open' && covers(promise.invoiceIds) && date <= addDays(promise.promisedFor, policy.promiseToleranceDays),
  );
  if (promiseHolds) return 'promise_not_due';
  if (account.lastContactOn !== undefined && isWithinDaysOf(account.lastContactOn, policy.quietPeriodDays, date)) {
    return 'quiet_period';
  }
  return undefined;
}

/**
 * The customer reported paying this invoice (or named none, in its currency) within the last
 * `cashApplicationGraceDays` days: the money is looked for before anyone is dunned for it.
 */
export function paymentReportedFor(account: ActiveAccount, invoice: InvoiceState, policy: CollectionPolicy, date: BusinessDate): boolean {
  const grace = cashApplicationGraceDaysOf(policy);
  for (const report of account.paymentReports.values()) {
    if (report.reportedOn > date || !isWithinDaysOf(report.reportedOn, grace, date)) continue;
    const covers = report.invoiceIds.length === 0 ? report.currency === invoice.currency : report.invoiceIds.includes(invoice.invoiceId);
    if (covers) return true;
  }
  return false;
}
