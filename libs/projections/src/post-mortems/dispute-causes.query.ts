import { BusinessDate, CurrencyCode, DISPUTE_CATEGORIES, DisputeCategory, ExactSum, requireExactTotal } from '@collections/domain';
import { Pipeline, ReadStore } from '@collections/read-store';
import { INVOICES } from '../aging/invoice-ledger.projection';
import { TimesToResolve, queryTimesToResolve } from '../disputes/time-to-resolve';

/**
 * The complaints behind non-payment, fed back to management by category (docs/architecture.md#the-collection-procedure): disputed
 * amounts and counts per complaint category and period of the day each dispute was raised, and how
 * long they take to resolve per category and owner team (from the disputes board).
 */
export type DisputePeriod = 'month' | 'quarter';

export interface DisputeCausesQuery {
  from: BusinessDate;
  to: BusinessDate;
  currency: CurrencyCode;
  period: DisputePeriod;
  /** The day "open past target" is judged on: `to` unless said (the api says today). */
  asOf?: BusinessDate;
}

export interface DisputedAmount {
  amount: number;
  count: number;
}

export type DisputedByCategory = Record<DisputeCategory, DisputedAmount>;

export interface DisputeCausesReport extends Required<DisputeCausesQuery> {
  /** Every period that overlaps [from, to], oldest first, with every category (zeros included). */
  periods: { period: string; categories: DisputedByCategory }[];
  /** Per category over the whole range. */
  totals: DisputedByCategory;
  /** Of the disputes raised in the range: how many were resolved, in how many days, and how many are open past target. */
  timeToResolve: TimesToResolve;
}

const QUARTER_OF_MONTH = ['Q1', 'Q1', 'Q1', 'Q2', 'Q2', 'Q2', 'Q3', 'Q3', 'Q3', 'Q4', 'Q4', 'Q4'];

/** `2024-05` for a month, `2024-Q2` for a quarter. */
export function periodOf(date: BusinessDate, period: DisputePeriod): string {
  return period === 'month' ? date.slice(0, 7) : `${date.slice(0, 4)}-${QUARTER_OF_MONTH[Number(date.slice(5, 7)) - 1]}`;
}

/** The same as `periodOf`, as an aggregation expression that MongoDB itself evaluates. */
function periodExpression(field: string, period: DisputePeriod): Record<string, unknown> {
  if (period === 'month') return { $substrBytes: [field, 0, 7] };
  const monthIndex = { $subtract: [{ $toInt: { $substrBytes: [field, 5, 2] } }, 1] };
  return { $concat: [{ $substrBytes: [field, 0, 4] }, '-', { $arrayElemAt: [QUARTER_OF_MONTH, monthIndex] }] };
}

/**
 * Every period from the one holding `from` to the one holding `to`, oldest first. Months are
 * counted as numbers, so the walk ends whatever the years look like as text; its length is the
 * caller's to bound (the API refuses reports over ten years).
 */
export function periodsBetween(from: BusinessDate, to: BusinessDate, period: DisputePeriod): string[] {
  const periods: string[] = [];
  for (let month = monthNumber(from); month <= monthNumber(to); month += 1) {
    const current = periodOf(firstDayOfMonth(month), period);
    if (periods[periods.length - 1] !== current) periods.push(current);
  }
  return periods;
}

/** Months since year 0: 2024-05-17 → 2024 × 12 + 4. */
const monthNumber = (date: BusinessDate): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/** The first day of a month number, its year written with four digits as business dates are. */
const firstDayOfMonth = (month: number): BusinessDate =>
  `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}-01`;

const noDisputes = (): DisputedByCategory =>
  Object.fromEntries(DISPUTE_CATEGORIES.map((category) => [category, { amount: 0, count: 0 }])) as DisputedByCategory;

interface DisputeGroup {
  _id: { period: string; category: DisputeCategory };
  amount: number;
  count: number;
}

/** Disputes (deductions included) raised in [from, to] on invoices in `currency`, by period and category. */
export async function queryDisputeCauses(readStore: ReadStore, query: DisputeCausesQuery): Promise<DisputeCausesReport> {
  const { from, to, currency, period, asOf = to } = query;
  if (from > to) throw new RangeError(`from (${from}) is after to (${to})`);
  const pipeline: Pipeline = [
    { $match: { currency } },
    { $unwind: '$disputes' },
    { $match: { 'disputes.raisedOn': { $gte: from, $lte: to } } },
    {
      $group: {
        _id: { period: periodExpression('$disputes.raisedOn', period), category: '$disputes.category' },
        amount: { $sum: '$disputes.amount' },
        count: { $sum: 1 },
      },
    },
  ];
  const [groups, timeToResolve] = await Promise.all([
    readStore.collection(INVOICES).aggregate<DisputeGroup>(pipeline),
    queryTimesToResolve(readStore, { from, to, currency, asOf }),
  ]);
  const periods = periodsBetween(from, to, period).map((name) => ({ period: name, categories: noDisputes() }));
  const byPeriod = new Map(periods.map(({ period: name, categories }) => [name, categories]));
  const totals = noDisputes();
  const exactTotals = new Map(DISPUTE_CATEGORIES.map((category) => [category, new ExactSum()]));
  for (const { _id, amount, count } of groups) {
    const total = exactTotals.get(_id.category);
    // A category this version does not know (only a malformed stored one could be) has no row to go in.
    if (total === undefined) continue;
    const what = `The disputed ${_id.category} total`;
    // A database $sum of amounts that are never negative: exact exactly when its result is safe.
    total.add(requireExactTotal(amount, what), what);
    totals[_id.category].count += count;
    // Every dispute matched was raised in [from, to], so its period is listed; one whose stored
    // date names no period (only a malformed date could) counts in the totals alone.
    const categories = byPeriod.get(_id.period);
    if (categories !== undefined) categories[_id.category] = { amount, count };
  }
  for (const [category, total] of exactTotals) totals[category].amount = total.toNumber(`The disputed ${category} total`);
  return { from, to, currency, period, asOf, periods, totals, timeToResolve };
}
