import { BusinessDate, CurrencyCode, ExactSum, requireExactTotal } from '@collections/domain';
import {
  RollRate,
  UnappliedAgainstAr,
  averageDaysDelinquent,
  bestPossibleDso,
  collectionEffectivenessIndex,
  countBackDso,
  countBackMonths,
  daysInPeriod,
  dso,
  promiseKeptRate,
} from './kpis';

export interface KpiQuery {
  from: BusinessDate;
  to: BusinessDate;
  currency: CurrencyCode;
  /** Only the customers currently assigned to this collector (and the promises they took). */
  collectorId?: string;
  /** Only what was recorded by this instant (ISO 8601) counts: figures as known then (known-at.ts). */
  knownAt?: string;
}

export interface KpiReport {
  from: BusinessDate;
  to: BusinessDate;
  currency: CurrencyCode;
  collectorId?: string;
  /** When asked as known at an instant: that instant, in UTC. */
  knownAt?: string;
  dso: number | null;
  countBackDso: number | null;
  bestPossibleDso: number | null;
  averageDaysDelinquent: number | null;
  /** Collection effectiveness index, a percentage. */
  cei: number | null;
  promiseKeptRate: number | null;
  rollRates: RollRate[];
  /**
   * Cash received in [from, to]: payments posted against invoices, and cash received on account
   * (counted the day it was received, not again when applied) less what of it was refunded.
   */
  collected: number;
  /** Recoveries on written-off invoices received in [from, to]. */
  recovered: number;
  /** Invoices issued in [from, to]. */
  creditSales: number;
  /** AR at the close of `to`. */
  endingAr: number;
  /** The part of `endingAr` not yet due: what best possible DSO and CEI rest on. */
  endingCurrentAr: number;
  /** AR at the close of the day before `from`. */
  beginningAr: number;
  /** The unapplied cash CEI counts as collected already, against beginning AR, ending AR and ending current AR. */
  unappliedCash: { beginning: number; ending: number; endingCurrent: number };
}

/**
 * What every KPI of a report is computed from. The fast query (kpis.query.ts) reads it from the
 * per-day sums, the full recomputation (kpis.recompute.ts) from the invoices, cash and promises
 * themselves; both hand it to `kpiReport`, so that equal figures make equal reports.
 */
export interface KpiFigures {
  /** AR at the close of the day before `from`, at the close of `to`, and the part of the latter not yet due. */
  beginningAr: number;
  endingAr: number;
  endingCurrentAr: number;
  /** Invoices issued in [from, to]. */
  creditSales: number;
  /** `YYYY-MM` → credit sales, for the months since `countBackStart(to)` in which invoices were issued. */
  salesByMonth: ReadonlyMap<string, number>;
  /** Payments posted against invoices, received in [from, to]. */
  payments: number;
  /** Cash received on account in [from, to], less what of it was refunded (whenever). */
  onAccount: number;
  recovered: number;
  /** Promises due in [from, to] that were kept, and broken. */
  kept: number;
  broken: number;
  unapplied: { beginning: UnappliedAgainstAr; ending: UnappliedAgainstAr };
  rollRates: RollRate[];
}

/** A period that ends before it starts is refused before anything is read. */
export function assertKpiPeriod({ from, to }: Pick<KpiQuery, 'from' | 'to'>): void {
  if (from > to) throw new RangeError(`from (${from}) is after to (${to})`);
}

/** The KPIs (docs/read-models.md#kpis) of a query from its figures. Every total is exact, or the report is refused. */
export function kpiReport(query: KpiQuery, figures: KpiFigures): KpiReport {
  const { from, to, currency, collectorId, knownAt } = query;
  const { beginningAr, endingAr, endingCurrentAr, creditSales, unapplied } = figures;
  requireExactTotal(endingAr, 'The ending AR');
  requireExactTotal(beginningAr, 'The beginning AR');
  requireExactTotal(creditSales, 'The credit sales');
  requireExactTotal(figures.payments, 'The cash collected');
  requireExactTotal(figures.recovered, 'The cash recovered');
  for (const [month, sales] of figures.salesByMonth) requireExactTotal(sales, `The credit sales of ${month}`);
  const collected = new ExactSum().add(figures.payments).add(figures.onAccount, 'The cash collected').toNumber('The cash collected');
  const days = daysInPeriod(from, to);
  const standardDso = dso(endingAr, creditSales, days);
  const bestPossible = bestPossibleDso(endingCurrentAr, creditSales, days);
  return {
    from,
    to,
    currency,
    ...(collectorId !== undefined && { collectorId }),
    ...(knownAt !== undefined && { knownAt }),
    dso: standardDso,
    countBackDso: countBackDso(endingAr, countBackMonths(to, figures.salesByMonth)),
    bestPossibleDso: bestPossible,
    averageDaysDelinquent: averageDaysDelinquent(standardDso, bestPossible),
    // AR net of the unapplied cash against it: cash counts as collected the day it is received.
    cei: collectionEffectivenessIndex({
      beginningAr: beginningAr - unapplied.beginning.total,
      creditSales,
      endingAr: endingAr - unapplied.ending.total,
      endingCurrentAr: endingCurrentAr - unapplied.ending.current,
    }),
    promiseKeptRate: promiseKeptRate(figures.kept, figures.broken),
    rollRates: figures.rollRates,
    collected,
    recovered: figures.recovered,
    creditSales,
    endingAr,
    endingCurrentAr,
    beginningAr,
    unappliedCash: { beginning: unapplied.beginning.total, ending: unapplied.ending.total, endingCurrent: unapplied.ending.current },
  };
}
