import { BusinessDate, ExactSum, addDays, daysBetween } from '@collections/domain';
import { AGING_BUCKETS, AgingBucket, AgingBuckets, bucketOf, emptyBuckets, openOn } from '../aging/aging';
import { InvoiceDocument } from '../aging/invoice-ledger.projection';
import { UnappliedCashDocument, unappliedOn } from '../cash/cash.projection';

/**
 * The collection KPIs of docs/read-models.md#kpis as pure functions of figures the queries read. AR means the
 * open balances at the close of a day; credit sales are the amounts of the invoices issued in a
 * period. Days and percentages come back rounded to 2 decimals; a zero denominator gives null.
 */

/** Rounds to 2 decimals; adding 0 turns a rounded -0 into 0. */
export const round2 = (value: number): number => Math.round(value * 100) / 100 + 0;

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

/** Days in [from, to], both ends included: 2024-01-01 to 2024-01-31 is 31. */
export const daysInPeriod = (from: BusinessDate, to: BusinessDate): number => daysBetween(from, to) + 1;

/** DSO = ending AR / credit sales × days in the period. */
export function dso(endingAr: number, creditSales: number, days: number): number | null {
  const share = ratio(endingAr, creditSales);
  return share === null ? null : round2(share * days);
}

/** Best possible DSO = current (not yet due) AR at the end / credit sales × days in the period. */
export function bestPossibleDso(endingCurrentAr: number, creditSales: number, days: number): number | null {
  return dso(endingCurrentAr, creditSales, days);
}

/**
 * Average days delinquent = DSO − best possible DSO, from the two reported (rounded) figures so
 * that the report adds up as printed.
 */
export function averageDaysDelinquent(standardDso: number | null, bestPossible: number | null): number | null {
  return standardDso === null || bestPossible === null ? null : round2(standardDso - bestPossible);
}

export interface MonthOfSales {
  /** `YYYY-MM`. */
  month: string;
  /** Days of the month that count: all of them, except up to `to` in the month of `to`. */
  days: number;
  creditSales: number;
}

/**
 * Count-back DSO: starting from the ending AR, walk back month by month (newest first), taking
 * each month's credit sales off the AR and adding the month's days, until the AR left is no more
 * than a month's sales; that last month adds (AR left / its sales) × its days. No AR is 0 days;
 * null when the months run out before the AR does (AR the sales history does not explain).
 */
export function countBackDso(endingAr: number, monthsNewestFirst: MonthOfSales[]): number | null {
  if (endingAr <= 0) return 0;
  let remaining = endingAr;
  let days = 0;
  for (const month of monthsNewestFirst) {
    // 0 < remaining ≤ creditSales in the last month, so its division is safe.
    if (remaining <= month.creditSales) return round2(days + (remaining / month.creditSales) * month.days);
    remaining -= month.creditSales;
    days += month.days;
  }
  return null;
}

/** How far back a count-back walks: ten years of months. AR older than that is left unexplained (null). */
export const COUNT_BACK_MONTHS = 120;

/** Days of a month (1–12) of any year; setUTCFullYear, since Date.UTC reads years 0–99 as 19xx. */
const daysInMonth = (year: number, month: number): number => {
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  return lastDay.getUTCDate();
};

/** `YYYY-MM`, the year with four digits as business dates write it. */
const monthKey = (year: number, month: number): string => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

/**
 * The months a count-back walks, from the month of `to` (counted only up to `to`) back to the
 * oldest month in `salesByMonth`, at most COUNT_BACK_MONTHS of them; months without sales are
 * included with 0.
 */
export function countBackMonths(to: BusinessDate, salesByMonth: ReadonlyMap<string, number>): MonthOfSales[] {
  const oldest = [...salesByMonth.keys()].reduce((min, month) => (month < min ? month : min), to.slice(0, 7));
  let year = Number(to.slice(0, 4));
  let month = Number(to.slice(5, 7));
  const months: MonthOfSales[] = [];
  while (months.length < COUNT_BACK_MONTHS) {
    const key = monthKey(year, month);
    if (key < oldest) return months;
    const days = months.length === 0 ? Number(to.slice(8, 10)) : daysInMonth(year, month);
    months.push({ month: key, days, creditSales: salesByMonth.get(key) ?? 0 });
    month -= 1;
    if (month === 0) [year, month] = [year - 1, 12];
  }
  return months;
}

/** The first day of the oldest month a count-back from `to` may walk to. */
export function countBackStart(to: BusinessDate): BusinessDate {
  const months = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - COUNT_BACK_MONTHS;
  return `${monthKey(Math.floor(months / 12), (months % 12) + 1)}-01`;
}

export interface CeiFigures {
  /** AR at the close of the day before the period. */
  beginningAr: number;
  creditSales: number;
  endingAr: number;
  endingCurrentAr: number;
}

/**
 * Collection effectiveness index =
 *   (beginning AR + credit sales − ending total AR) / (beginning AR + credit sales − ending current AR) × 100,
 * with each AR net of the unapplied cash that counts against it (`unappliedCashAgainstAr`), so
 * that cash counts as collected when it is received, not when it is applied.
 */
export function collectionEffectivenessIndex({ beginningAr, creditSales, endingAr, endingCurrentAr }: CeiFigures): number | null {
  const share = ratio(beginningAr + creditSales - endingAr, beginningAr + creditSales - endingCurrentAr);
  return share === null ? null : round2(share * 100);
}

/** Promise-kept rate = kept / (kept + broken) × 100, over the promises that came due and were resolved. */
export function promiseKeptRate(kept: number, broken: number): number | null {
  const share = ratio(kept, kept + broken);
  return share === null ? null : round2(share * 100);
}

export interface RollRate {
  from: AgingBucket;
  to: AgingBucket;
  /**
   * Of the money in `from` at the start of the window (30 days before its end), the share found in
   * `to` at its end, × 100: between 0 and 100, null when `from` held nothing at the start.
   */
  percent: number | null;
}

/** A roll rate's window: the 30 days before `end`, at whose close money is found one bucket further on. */
export const rollWindowStart = (end: BusinessDate): BusinessDate => addDays(end, -30);

/** The buckets money can roll from: every one but the last. */
const ROLLING_BUCKETS = AGING_BUCKETS.slice(0, -1);

/**
 * The money of each roll k→k+1 (indexed by k): `atStart`, the balance in bucket k at the start;
 * `rolled`, the part of that same money still open, in bucket k+1, at the end.
 */
export interface RollSums {
  atStart: ExactSum[];
  rolled: ExactSum[];
}

export const emptyRollSums = (): RollSums => ({
  atStart: ROLLING_BUCKETS.map(() => new ExactSum()),
  rolled: ROLLING_BUCKETS.map(() => new ExactSum()),
});

/** The index in AGING_BUCKETS of the bucket money due on `dueOn` is in at the close of `asOf`. */
export const bucketIndexOf = (dueOn: BusinessDate, asOf: BusinessDate): number => AGING_BUCKETS.indexOf(bucketOf(daysBetween(dueOn, asOf)));

/**
 * The roll k→k+1 that money due on `dueOn` takes part in as rolled money over the window
 * ending `end`: k when it is in bucket k at the start and in k+1 at the end, else undefined. With
 * 30-day buckets and a 30-day window that is every overdue bucket but 90+, and, from current,
 * only what falls due in the window's first 30 days.
 */
export function rollOf(dueOn: BusinessDate, end: BusinessDate): number | undefined {
  const atStart = bucketIndexOf(dueOn, rollWindowStart(end));
  return atStart < ROLLING_BUCKETS.length && bucketIndexOf(dueOn, end) === atStart + 1 ? atStart : undefined;
}

/**
 * Adds one invoice to the roll sums of the window ending `end`: its balance at the start to its
 * bucket's, and min(balance at the start, balance at the end) to the money that rolled, when it
 * was in the next bucket at the end. The minimum is the part of the starting money still unpaid:
 * what was added in the window (a reversed application) did not roll from anywhere.
 */
export function addInvoiceToRolls(sums: RollSums, invoice: InvoiceDocument, end: BusinessDate): void {
  const start = rollWindowStart(end);
  const openAtStart = openOn(invoice, start);
  if (openAtStart === 0) return;
  const bucket = bucketIndexOf(invoice.dueOn, start);
  if (bucket >= ROLLING_BUCKETS.length) return;
  sums.atStart[bucket].add(openAtStart, 'The aging total');
  if (rollOf(invoice.dueOn, end) === bucket) sums.rolled[bucket].add(Math.min(openAtStart, openOn(invoice, end)), 'The aging total');
}

/**
 * Roll rate k→k+1 = the money in bucket k at the start of the window (`to` − 30 days) that is in
 * bucket k+1 at the end (`to`) / the money in bucket k at the start, × 100: the share of a bucket
 * that aged into the next one instead of being collected. Per invoice, so never above 100: money
 * already past k+1, or new in the window, does not count as having rolled (docs/read-models.md#kpis).
 */
export function rollRates(sums: RollSums): RollRate[] {
  return ROLLING_BUCKETS.map((from, index) => {
    const atStart = sums.atStart[index];
    const share = atStart.isZero ? null : sums.rolled[index].approximate / atStart.approximate;
    return { from, to: AGING_BUCKETS[index + 1], percent: share === null ? null : round2(share * 100) };
  });
}

/** Roll rates of the window ending `end` from the invoices that may have been open at its start. */
export function rollRatesOfInvoices(invoices: Iterable<InvoiceDocument>, end: BusinessDate): RollRate[] {
  const sums = emptyRollSums();
  for (const invoice of invoices) addInvoiceToRolls(sums, invoice, end);
  return rollRates(sums);
}

/** Open balances by days past due at the close of `asOf`, from invoice documents. */
export function agingBucketsOfInvoices(invoices: InvoiceDocument[], asOf: BusinessDate): AgingBuckets {
  const buckets = emptyBuckets();
  for (const invoice of invoices) buckets[bucketOf(daysBetween(invoice.dueOn, asOf))] += openOn(invoice, asOf);
  return buckets;
}

export const totalOfBuckets = (buckets: AgingBuckets): number => AGING_BUCKETS.reduce((total, bucket) => total + buckets[bucket], 0);

/** Unapplied cash counted against AR at the close of a day: in all, and the part of it against AR not yet due. */
export interface UnappliedAgainstAr {
  total: number;
  current: number;
}

/**
 * The customers' unapplied cash at the close of `asOf`, each customer's as if applied to their
 * open invoices in its currency oldest due first (what is overdue, then what is current) and no
 * further: cash is collected when it is received, but cash beyond everything a customer owes (an
 * overpayment) collects no AR. Exact: it sums many customers'.
 */
export function unappliedCashAgainstAr(
  invoices: readonly InvoiceDocument[],
  cash: readonly UnappliedCashDocument[],
  asOf: BusinessDate,
): UnappliedAgainstAr {
  const customers = new Map<string, { unapplied: number; overdue: number; current: number }>();
  const figuresOf = (customerId: string) => {
    let figures = customers.get(customerId);
    if (!figures) customers.set(customerId, (figures = { unapplied: 0, overdue: 0, current: 0 }));
    return figures;
  };
  for (const received of cash) {
    const unapplied = unappliedOn(received, asOf);
    if (unapplied > 0) figuresOf(received.customerId).unapplied += unapplied;
  }
  for (const invoice of invoices) {
    const figures = customers.get(invoice.customerId);
    if (!figures) continue;
    if (invoice.dueOn < asOf) figures.overdue += openOn(invoice, asOf);
    else figures.current += openOn(invoice, asOf);
  }
  const total = new ExactSum();
  const current = new ExactSum();
  for (const { unapplied, overdue, current: notYetDue } of customers.values()) {
    const againstOverdue = Math.min(unapplied, overdue);
    const againstCurrent = Math.min(unapplied - againstOverdue, notYetDue);
    total.add(againstOverdue + againstCurrent, 'The unapplied cash');
    current.add(againstCurrent, 'The unapplied cash');
  }
  return { total: total.toNumber('The unapplied cash'), current: current.toNumber('The unapplied cash') };
}
