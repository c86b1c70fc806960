import { BusinessDate, CurrencyCode, ExactSum, addDays } from '@collections/domain';
import { ReadStore } from '@collections/read-store';
import { UNAPPLIED_CASH, UnappliedCashDocument, unappliedOn } from '../cash/cash.projection';
import { AGING_BUCKETS, agingFromLedger, openOn } from '../aging/aging';
import {
  AGING_LEDGER,
  AgingLedgerDocument,
  INVOICES,
  InvoiceDocument,
  LedgerAmount,
  ledgerAmount,
} from '../aging/invoice-ledger.projection';
import { KPI_COHORTS, KPI_DAYS, KpiCohortDocument, KpiDay, KpiDayAmount, KpiDaysDocument, kpiDaysId } from './kpi-days.projection';
import { KpiFigures, KpiQuery, KpiReport, assertKpiPeriod, kpiReport } from './kpi-report';
import {
  RollSums,
  UnappliedAgainstAr,
  countBackStart,
  emptyRollSums,
  rollOf,
  rollRates,
  rollWindowStart,
  unappliedCashAgainstAr,
} from './kpis';
import { recomputeKpis } from './kpis.recompute';

/**
 * The KPIs (docs/read-models.md#kpis) of one currency over [from, to]. The whole book's come from
 * the per-day sums of the kpi-days projection and the aging ledger: a few hundred documents
 * whatever the size of the book, and exactly the report `recomputeKpis` gives. A collector's
 * are recomputed from their customers' invoices (their customers are those assigned to them today,
 * which a per-day sum cannot follow through a reassignment).
 */
export async function queryKpis(readStore: ReadStore, query: KpiQuery): Promise<KpiReport> {
  assertKpiPeriod(query);
  // A collector's, and any as known at an instant (per-day sums cannot tell when a day's change was recorded), are recomputed.
  if (query.collectorId !== undefined || query.knownAt !== undefined) return recomputeKpis(readStore, query);
  return kpiReport(query, await loadFastFigures(readStore, query));
}

async function loadFastFigures(readStore: ReadStore, { from, to, currency }: KpiQuery): Promise<KpiFigures> {
  const beginningOn = addDays(from, -1);
  const salesFrom = countBackStart(to);
  const [ledgers, days, rolls, unapplied] = await Promise.all([
    readStore.collection<AgingLedgerDocument>(AGING_LEDGER).find({ currency }, { readOnly: true }),
    readStore
      .collection<KpiDaysDocument>(KPI_DAYS)
      .find(
        { _id: { $in: monthsBetween(from < salesFrom ? from : salesFrom, to).map((month) => kpiDaysId(currency, month)) } },
        { readOnly: true },
      ),
    rollSumsOfCohorts(readStore, currency, to),
    fastUnappliedAgainstAr(readStore, currency, beginningOn, to),
  ]);
  const ending = agingFromLedger(ledgers, to);
  const atRollStart = agingFromLedger(ledgers, rollWindowStart(to)).buckets;
  AGING_BUCKETS.slice(0, -1).forEach((bucket, index) => rolls.atStart[index].add(atRollStart[bucket]));

  const sum = (field: KpiDayAmount, what: string) => sumOfDays(days, from, to, (day) => day[field], what);
  const count = (field: 'kept' | 'broken') => sumOfDays(days, from, to, (day) => day[field], 'The promises');
  // Months in which invoices were issued (amounts are positive), as the full recomputation groups them.
  const salesByMonth = new Map<string, number>();
  for (const month of days) {
    const sales = sumOfDays([month], salesFrom, to, (day) => day.issued, `The credit sales of ${month.month}`);
    if (sales !== 0) salesByMonth.set(month.month, sales);
  }
  const refunded = sum('refunded', 'The cash collected');
  return {
    beginningAr: agingFromLedger(ledgers, beginningOn).total,
    endingAr: ending.total,
    endingCurrentAr: ending.buckets.current,
    creditSales: sum('issued', 'The credit sales'),
    salesByMonth,
    payments: sum('payments', 'The cash collected'),
    onAccount: sum('onAccount', 'The cash collected') - refunded,
    recovered: sum('recovered', 'The cash recovered'),
    kept: count('kept'),
    broken: count('broken'),
    unapplied,
    rollRates: rollRates(rolls),
  };
}

/** The exact sum of one figure of the days in [from, to]. */
function sumOfDays(
  documents: readonly KpiDaysDocument[],
  from: BusinessDate,
  to: BusinessDate,
  figure: (day: KpiDay) => LedgerAmount | undefined,
  what: string,
): number {
  const total = new ExactSum();
  for (const { days } of documents) {
    for (const on in days) {
      if (on < from || on > to) continue;
      const amount = figure(days[on]);
      if (amount !== undefined) total.add(ledgerAmount(amount), what);
    }
  }
  return total.toNumber(what);
}

/** `YYYY-MM` of every month from the month of `from` to the month of `to`. */
function monthsBetween(from: BusinessDate, to: BusinessDate): string[] {
  const months: string[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = addDays(`${month}-28`, 4).slice(0, 7)) months.push(month);
  return months;
}

/**
 * The money that rolled over the window ending `to` (`rolled` of RollSums; `atStart` is the aging
 * at the window's start, which the caller adds). Money rolls only from invoices issued by the
 * start of the window (a later one had nothing in any bucket then), per due-date and issue-date
 * cohort: when nothing of a cohort was opened again in the window its balances only fell, so for
 * each invoice min(open at the start, open at the end) is its open amount at the end, and the
 * cohort's sum of those is its open amount at the end. The few cohorts with an amount opened
 * again in the window (a reversed cash application) are computed from their invoices.
 */
async function rollSumsOfCohorts(readStore: ReadStore, currency: CurrencyCode, to: BusinessDate): Promise<RollSums> {
  const start = rollWindowStart(to);
  // Due 61 to 90 days before the start (61-90 then, 90+ at the end) up to 29 days after it (current, then 1-30).
  const cohorts = await readStore
    .collection<KpiCohortDocument>(KPI_COHORTS)
    .find({ currency, dueOn: { $gte: addDays(start, -90), $lte: addDays(start, 29) } }, { readOnly: true });
  const sums = emptyRollSums();
  const reopened: KpiCohortDocument[] = [];
  for (const cohort of cohorts) {
    const roll = rollOf(cohort.dueOn, to);
    if (cohort.issuedOn > start || roll === undefined) continue;
    if (Object.keys(cohort.reopened).some((on) => on > start && on <= to)) reopened.push(cohort);
    else for (const on in cohort.open) if (on <= to) sums.rolled[roll].add(ledgerAmount(cohort.open[on]), 'The aging total');
  }
  const invoices = await Promise.all(
    reopened.map(({ dueOn, issuedOn }) =>
      readStore.collection<InvoiceDocument>(INVOICES).find({ currency, dueOn, issuedOn }, { readOnly: true }),
    ),
  );
  for (const invoice of invoices.flat()) {
    const roll = rollOf(invoice.dueOn, to) as number;
    sums.rolled[roll].add(Math.min(openOn(invoice, start), openOn(invoice, to)), 'The aging total');
  }
  return sums;
}

/**
 * The unapplied cash against AR at the close of `beginningOn` and of `to`, as `unappliedAgainstAr`
 * (kpis.recompute.ts) computes it, reading less: the cash that may have been unapplied in the
 * period by two filters of plain comparisons (something still unapplied, or settled after
 * `beginningOn`: the same documents as `possiblyUnappliedBetween`'s `$or`, which the embedded store
 * would hand to mingo one document at a time), then the invoices of only the customers with cash
 * unapplied on one of the two days, each by its customer id (an index).
 */
async function fastUnappliedAgainstAr(
  readStore: ReadStore,
  currency: CurrencyCode,
  beginningOn: BusinessDate,
  to: BusinessDate,
): Promise<{ beginning: UnappliedAgainstAr; ending: UnappliedAgainstAr }> {
  const cashCollection = readStore.collection<UnappliedCashDocument>(UNAPPLIED_CASH);
  const received = { currency, receivedOn: { $lte: to } };
  const found = await Promise.all([
    cashCollection.find({ ...received, unapplied: { $gt: 0 } }, { readOnly: true }),
    cashCollection.find({ ...received, settledOn: { $gt: beginningOn } }, { readOnly: true }),
  ]);
  const cash = [...new Map(found.flat().map((document) => [document._id, document])).values()];
  const customerIds = new Set(
    cash.filter((document) => unappliedOn(document, beginningOn) > 0 || unappliedOn(document, to) > 0).map(({ customerId }) => customerId),
  );
  const invoices = await Promise.all(
    [...customerIds].map((customerId) =>
      readStore.collection<InvoiceDocument>(INVOICES).find(
        {
          customerId,
          currency,
          issuedOn: { $lte: to },
          $or: [{ settledOn: null }, { settledOn: { $gt: beginningOn } }],
        },
        { readOnly: true },
      ),
    ),
  );
  const open = invoices.flat();
  return { beginning: unappliedCashAgainstAr(open, cash, beginningOn), ending: unappliedCashAgainstAr(open, cash, to) };
}
