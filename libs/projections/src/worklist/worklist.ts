import { BusinessDate, CurrencyCode, addDays, daysBetween } from '@collections/domain';
import { ReadStore } from '@collections/read-store';
import { overdueFromLedger } from '../aging/aging';
import { AGING_LEDGER, AgingLedgerDocument } from '../aging/invoice-ledger.projection';
import { LikelyLateInvoice, likelyLateInvoicesOf } from '../predictions/predictions.query';
import { WORKLIST_ACCOUNTS, WorklistAccountDocument, WorklistInvoice } from './worklist.projection';

/**
 * `call_now` is the only state a collector acts on by calling; the others say what the item is
 * waiting for, so that nobody calls a customer who has promised, disputes, pays by plan or is
 * with an agency or in court. `cash_to_apply` is an item that would be a call while the account
 * holds unapplied cash in the item's currency, however much: the cash is applied first (it may
 * pay the very invoices a call would be about), then the item leaves the list if they are paid,
 * or becomes a call again for what is left. `reply_waiting` is an item whose customer wrote (or
 * asked for a fresh link) and waits for an answer: it comes before anything else the item would
 * be, except an agency's or a court's hold (the account is no longer the collector's to work;
 * the reply queue still shows the message).
 */
export const WORKLIST_STATES = [
  'reply_waiting',
  'call_now',
  'cash_to_apply',
  'promised',
  'payment_plan',
  'disputed',
  'with_agency',
  'in_legal',
] as const;
export type WorklistState = (typeof WORKLIST_STATES)[number];
export const SEGMENTS = ['high', 'medium', 'low'] as const;
export type Segment = (typeof SEGMENTS)[number];

export interface WorklistItem {
  customerId: string;
  currency: CurrencyCode;
  invoiceIds: string[];
  /** Overdue and still open, in minor units. */
  balance: number;
  /** Days since the oldest overdue invoice fell due. */
  daysOverdue: number;
  state: WorklistState;
  nextAction:
    | 'answer_reply'
    | 'call'
    | 'apply_cash'
    | 'check_promise'
    | 'check_installment'
    | 'resolve_dispute'
    | 'await_agency'
    | 'follow_legal_action';
  nextActionOn: BusinessDate | null;
  /** Cash on the account in the item's currency not yet applied to any invoice, in minor units. */
  unappliedCash: number;
  /** 0–100: balance, age, broken promises, the customer's share of overdue AR and likely late (see below). */
  priority: number;
  /** Whether any of its invoices is predicted to be paid more than LIKELY_LATE_DAYS after its due date. */
  likelyLate: boolean;
  /** Why: those invoices, with their due and predicted days (empty when not likely late). */
  likelyLateInvoices: LikelyLateInvoice[];
  segment: Segment;
  brokenPromises: number;
  lastContactOn: BusinessDate | null;
}

/** Segment thresholds, in minor units and shares of the currency's overdue AR. */
export const HIGH_VALUE = { balance: 1_000_000, share: 0.05 };
export const MEDIUM_VALUE = { balance: 100_000 };

/**
 * Priority, 0–100, so that the highest-value items get the most attention:
 *  30 × balance on a log scale (1 major unit → 0, 1,000,000 → 30),
 *  25 × days overdue (120 days or more → 25),
 *  15 × broken promises (two or more → 15),
 *  20 × share of the currency's overdue AR (10% or more → 20),
 *  10 × likely late (an invoice predicted to be paid more than LIKELY_LATE_DAYS after its due date).
 */
export function priorityOf(balance: number, daysOverdue: number, brokenPromises: number, share: number, likelyLate: boolean): number {
  const balanceScore = 30 * Math.min(1, Math.log10(1 + balance / 100) / 6);
  const ageScore = 25 * Math.min(1, daysOverdue / 120);
  const brokenScore = 15 * Math.min(1, brokenPromises / 2);
  const shareScore = 20 * Math.min(1, share * 10);
  const lateScore = likelyLate ? 10 : 0;
  return Math.round((balanceScore + ageScore + brokenScore + shareScore + lateScore) * 10) / 10;
}

export function segmentOf(balance: number, share: number): Segment {
  if (balance >= HIGH_VALUE.balance || share >= HIGH_VALUE.share) return 'high';
  return balance >= MEDIUM_VALUE.balance ? 'medium' : 'low';
}

/**
 * The account's items as of `today`: one per currency with something overdue. `likelyLate`: the
 * account's invoices predicted to be paid more than LIKELY_LATE_DAYS late, by invoice id.
 */
export function worklistItems(
  account: WorklistAccountDocument,
  today: BusinessDate,
  overdueAr: ReadonlyMap<CurrencyCode, number>,
  daysOverdueSince: (dueOn: BusinessDate) => number = (dueOn) => daysBetween(dueOn, today),
  likelyLate: ReadonlyMap<string, LikelyLateInvoice> = new Map(),
): WorklistItem[] {
  const items: WorklistItem[] = [];
  for (const invoices of overdueByCurrency(account.invoices, today)) {
    const { currency } = invoices[0];
    let balance = 0;
    let oldestDueOn = invoices[0].dueOn;
    const invoiceIds: string[] = [];
    for (const invoice of invoices) {
      balance += invoice.balance;
      if (invoice.dueOn < oldestDueOn) oldestDueOn = invoice.dueOn;
      invoiceIds.push(invoice.invoiceId);
    }
    const daysOverdue = daysOverdueSince(oldestDueOn);
    const total = overdueAr.get(currency) ?? 0;
    const share = total > 0 ? balance / total : 0;
    const unappliedCash = account.unappliedCash?.[currency] ?? 0;
    const { state, nextAction, nextActionOn } = stateOf(account, invoices, today, unappliedCash);
    const likelyLateInvoices = invoiceIds.flatMap((id) => likelyLate.get(id) ?? []);
    items.push({
      customerId: account.customerId,
      currency,
      invoiceIds,
      balance,
      daysOverdue,
      state,
      nextAction,
      nextActionOn,
      unappliedCash,
      priority: priorityOf(balance, daysOverdue, account.brokenPromises, share, likelyLateInvoices.length > 0),
      likelyLate: likelyLateInvoices.length > 0,
      likelyLateInvoices,
      segment: segmentOf(balance, share),
      brokenPromises: account.brokenPromises,
      lastContactOn: account.lastContactOn,
    });
  }
  return items;
}

/** The overdue, open invoices grouped by currency, in the order the currencies first appear. */
function overdueByCurrency(invoices: readonly WorklistInvoice[], today: BusinessDate): WorklistInvoice[][] {
  const groups: WorklistInvoice[][] = [];
  for (const invoice of invoices) {
    if (!(invoice.dueOn < today && invoice.balance > 0)) continue;
    // Accounts owe in one currency or a few: a scan beats a Map.
    const group = groups.find((candidate) => candidate[0].currency === invoice.currency);
    if (group) group.push(invoice);
    else groups.push([invoice]);
  }
  return groups;
}

/**
 * An item is `reply_waiting` while its customer waits for an answer (from the day the first
 * waiting message arrived), unless an agency or a court holds it. Otherwise it is `call_now`
 * when any of its invoices is held back by nothing, unless unapplied cash in its currency is to
 * be applied first (`cash_to_apply`); the other holds stay as they are.
 */
function stateOf(
  account: WorklistAccountDocument,
  invoices: WorklistInvoice[],
  today: BusinessDate,
  unappliedCash: number,
): Pick<WorklistItem, 'state' | 'nextAction' | 'nextActionOn'> {
  const held = heldStateOf(account, invoices, today);
  const firstWaiting = (account.waitingMessages ?? []).map((message) => message.receivedOn).sort()[0];
  if (firstWaiting !== undefined && held.state !== 'with_agency' && held.state !== 'in_legal') {
    return { state: 'reply_waiting', nextAction: 'answer_reply', nextActionOn: firstWaiting };
  }
  if (held.state === 'call_now' && unappliedCash > 0) return { state: 'cash_to_apply', nextAction: 'apply_cash', nextActionOn: today };
  return held;
}

/** The states the invoices themselves decide. */
type HoldState = Exclude<WorklistState, 'cash_to_apply' | 'reply_waiting'>;

/** What holds the item back from a call, if anything: `call_now` when any invoice is held back by nothing. */
function heldStateOf(
  account: WorklistAccountDocument,
  invoices: WorklistInvoice[],
  today: BusinessDate,
): Pick<WorklistItem, 'state' | 'nextAction' | 'nextActionOn'> {
  if (!isHeldBack(account)) return { state: 'call_now', nextAction: 'call', nextActionOn: today };
  const covers = (groups: { invoiceIds: string[] }[], invoiceId: string) => groups.some((group) => group.invoiceIds.includes(invoiceId));
  const promisesNotDue = account.openPromises.filter((promise) => promise.promisedFor >= today);
  const holdOf = (invoiceId: string): HoldState => {
    if (covers(account.legalActions, invoiceId)) return 'in_legal';
    if (covers(account.agencyReferrals, invoiceId)) return 'with_agency';
    if (account.openDisputes.some((dispute) => dispute.invoiceId === invoiceId)) return 'disputed';
    if (covers(account.currentPlans, invoiceId)) return 'payment_plan';
    if (covers(promisesNotDue, invoiceId)) return 'promised';
    return 'call_now';
  };
  // One invoice held back by nothing makes the item a call; the other holds need looking at only without one.
  const holds = new Set<HoldState>();
  for (const { invoiceId } of invoices) {
    const hold = holdOf(invoiceId);
    holds.add(hold);
    if (hold === 'call_now') break;
  }
  const state = (['call_now', 'in_legal', 'with_agency', 'disputed', 'payment_plan', 'promised'] as const).find((candidate) =>
    holds.has(candidate),
  ) as HoldState;
  switch (state) {
    case 'call_now':
      return { state, nextAction: 'call', nextActionOn: today };
    case 'promised': {
      const promisedFor = promisesNotDue.map((promise) => promise.promisedFor).sort()[0];
      return { state, nextAction: 'check_promise', nextActionOn: addDays(promisedFor, 1) };
    }
    case 'payment_plan': {
      const next = account.currentPlans.flatMap((plan) => plan.installments.filter((i) => i.open).map((i) => i.dueOn)).sort()[0];
      return { state, nextAction: 'check_installment', nextActionOn: next ?? today };
    }
    case 'disputed':
      return { state, nextAction: 'resolve_dispute', nextActionOn: today };
    case 'with_agency':
      return { state, nextAction: 'await_agency', nextActionOn: null };
    case 'in_legal':
      return { state, nextAction: 'follow_legal_action', nextActionOn: null };
  }
}

/** Whether anything at all may hold the account's invoices back from a call. */
function isHeldBack(account: WorklistAccountDocument): boolean {
  return (
    account.openDisputes.length > 0 ||
    account.openPromises.length > 0 ||
    account.currentPlans.length > 0 ||
    account.agencyReferrals.length > 0 ||
    account.legalActions.length > 0
  );
}

export interface WorklistQuery {
  /** null: the accounts nobody is assigned to (for managers). */
  collectorId: string | null;
  today: BusinessDate;
  state?: WorklistState;
  segment?: Segment;
  currency?: CurrencyCode;
  page?: number;
  pageSize?: number;
}

/** What a worklist is of: its items before they are cut into pages. */
export type WorklistSelection = Omit<WorklistQuery, 'page' | 'pageSize'>;

/** One page of a worklist as of a day. */
export interface WorklistPage {
  /** null: the accounts nobody is assigned to. */
  collectorId: string | null;
  asOf: BusinessDate;
  /** Items over all pages. */
  total: number;
  page: number;
  pageSize: number;
  items: WorklistItem[];
}

/**
 * Where a state puts an item on the list before its priority counts: a customer waiting for an
 * answer first (whatever the priority: the boost docs/read-models.md describes), then the calls.
 */
const rankOf = (state: WorklistState): number => (state === 'reply_waiting' ? 0 : state === 'call_now' ? 1 : 2);

/** A collector's items, `reply_waiting` first, then `call_now`, then by priority, highest first: one page. */
export async function queryWorklist(readStore: ReadStore, query: WorklistQuery): Promise<WorklistPage> {
  return worklistPage(await sortedWorklist(readStore, query), query);
}

/** Every item of the selection, in worklist order. */
export async function sortedWorklist(readStore: ReadStore, query: WorklistSelection): Promise<WorklistItem[]> {
  const { collectorId, today } = query;
  const accounts = await readStore
    .collection<WorklistAccountDocument>(WORKLIST_ACCOUNTS)
    .find({ collectorId, earliestDueOn: { $lt: today } }, { readOnly: true });
  const overdueAr = await overdueArByCurrency(readStore, today);
  // Many accounts share due dates: count the days to today once per date.
  const days = new Map<BusinessDate, number>();
  const daysOverdueSince = (dueOn: BusinessDate) => {
    let count = days.get(dueOn);
    if (count === undefined) days.set(dueOn, (count = daysBetween(dueOn, today)));
    return count;
  };
  // The predictions read model says which invoices are likely late (LIKELY_LATE_DAYS): only those customers' are loaded.
  const likelyLate = await likelyLateInvoicesOf(
    readStore,
    accounts.map((account) => account.customerId),
  );
  const noneLate = new Map<string, LikelyLateInvoice>();
  return accounts
    .flatMap((account) => worklistItems(account, today, overdueAr, daysOverdueSince, likelyLate.get(account.customerId) ?? noneLate))
    .filter(
      (item) =>
        (query.state === undefined || item.state === query.state) &&
        (query.segment === undefined || item.segment === query.segment) &&
        (query.currency === undefined || item.currency === query.currency),
    )
    .sort((a, b) => rankOf(a.state) - rankOf(b.state) || b.priority - a.priority || (a.customerId < b.customerId ? -1 : 1));
}

/** One page of the sorted items. */
export function worklistPage(items: readonly WorklistItem[], query: WorklistQuery): WorklistPage {
  const { collectorId, today, page = 1, pageSize = 50 } = query;
  return {
    collectorId,
    asOf: today,
    total: items.length,
    page,
    pageSize,
    items: items.slice((page - 1) * pageSize, page * pageSize),
  };
}

/**
 * Overdue AR per currency as of today (all customers), from the aging ledger: a few documents per
 * due date. Only a share is made of it, so past 2^53 an approximate figure serves, and a huge
 * book never keeps collectors from their lists.
 */
async function overdueArByCurrency(readStore: ReadStore, today: BusinessDate): Promise<Map<CurrencyCode, number>> {
  const byCurrency = new Map<CurrencyCode, AgingLedgerDocument[]>();
  for (const ledger of await readStore.collection<AgingLedgerDocument>(AGING_LEDGER).find({}, { readOnly: true })) {
    const ledgers = byCurrency.get(ledger.currency);
    if (ledgers) ledgers.push(ledger);
    else byCurrency.set(ledger.currency, [ledger]);
  }
  const totals = new Map<CurrencyCode, number>();
  for (const [currency, ledgers] of byCurrency) totals.set(currency, overdueFromLedger(ledgers, today));
  return totals;
}
