import { BusinessDate, CurrencyCode, addDays, requireExactTotal } from '@collections/domain';
import { Filter, ReadStore } from '@collections/read-store';
import { AgingBuckets } from '../aging/aging';
import { INVOICES, InvoiceDocument } from '../aging/invoice-ledger.projection';
import { UNAPPLIED_CASH, UnappliedCashDocument, possiblyUnappliedBetween } from '../cash/cash.projection';
import { KpiFigures, KpiQuery, KpiReport, assertKpiPeriod, kpiReport } from './kpi-report';
import {
  UnappliedAgainstAr,
  agingBucketsOfInvoices,
  countBackStart,
  rollRatesOfInvoices,
  rollWindowStart,
  totalOfBuckets,
  unappliedCashAgainstAr,
} from './kpis';
import { CUSTOMER_COLLECTORS, CustomerCollectorDocument, PROMISES, PromiseDocument } from './promise.projection';

/**
 * The KPIs of one currency over [from, to], for everyone or for one collector, recomputed from the
 * invoices, the cash and the promises themselves: what the fast query (kpis.query.ts) must equal,
 * and what answers a collector's KPIs. Scans the period's invoices.
 */
export async function recomputeKpis(readStore: ReadStore, query: KpiQuery): Promise<KpiReport> {
  assertKpiPeriod(query);
  return kpiReport(query, await loadFullFigures(readStore, query));
}

/**
 * Every figure of a report, read from the documents of each invoice, received payment and promise
 * (of the collector's customers, with one): the one place the full recomputation reads.
 */
async function loadFullFigures(readStore: ReadStore, query: KpiQuery): Promise<KpiFigures> {
  const { from, to, currency, collectorId } = query;
  const customerIds =
    collectorId === undefined
      ? undefined
      : (await readStore.collection<CustomerCollectorDocument>(CUSTOMER_COLLECTORS).find({ collectorId }, { readOnly: true })).map(
          ({ _id }) => _id,
        );
  const ofCustomers: Filter = customerIds === undefined ? {} : { customerId: { $in: customerIds } };
  const beginningOn = addDays(from, -1);
  const rollStart = rollWindowStart(to);

  const [aging, creditSales, salesByMonth, received, promises, unapplied, onAccount] = await Promise.all([
    invoiceAging(readStore, { currency, ...ofCustomers }, to, beginningOn < rollStart ? beginningOn : rollStart),
    sumOfInvoicesIssued(readStore, { currency, issuedOn: { $gte: from, $lte: to }, ...ofCustomers }),
    monthlyCreditSales(readStore, { currency, issuedOn: { $gte: countBackStart(to), $lte: to }, ...ofCustomers }),
    cashReceived(readStore, { currency, ...ofCustomers }, from, to),
    promiseOutcomes(readStore, {
      currency,
      promisedFor: { $gte: from, $lte: to },
      ...(collectorId !== undefined && { collectorId }),
    }),
    unappliedAgainstAr(readStore, currency, ofCustomers, beginningOn, to),
    cashReceivedOnAccount(readStore, { currency, ...ofCustomers }, from, to),
  ]);

  const ending = aging.asOf(to);
  return {
    beginningAr: requireExactTotal(totalOfBuckets(aging.asOf(beginningOn)), 'The beginning AR'),
    endingAr: requireExactTotal(totalOfBuckets(ending), 'The ending AR'),
    endingCurrentAr: ending.current,
    creditSales,
    salesByMonth,
    payments: received.payment,
    onAccount,
    recovered: received.recovery,
    kept: promises.kept,
    broken: promises.broken,
    unapplied,
    rollRates: rollRatesOfInvoices(aging.invoices, to),
  };
}

/**
 * The unapplied cash against AR at the close of `beginningOn` and of `to`: from the cash that may
 * have been unapplied between them, and the invoices of its customers that may have been open.
 */
async function unappliedAgainstAr(
  readStore: ReadStore,
  currency: CurrencyCode,
  ofCustomers: Filter,
  beginningOn: BusinessDate,
  to: BusinessDate,
): Promise<{ beginning: UnappliedAgainstAr; ending: UnappliedAgainstAr }> {
  const cash = await readStore
    .collection<UnappliedCashDocument>(UNAPPLIED_CASH)
    .find({ ...possiblyUnappliedBetween(currency, beginningOn, to), ...ofCustomers }, { readOnly: true });
  const customerIds = [...new Set(cash.map(({ customerId }) => customerId))];
  const invoices =
    customerIds.length === 0
      ? []
      : await readStore.collection<InvoiceDocument>(INVOICES).find(
          {
            currency,
            customerId: { $in: customerIds },
            issuedOn: { $lte: to },
            $or: [{ settledOn: null }, { settledOn: { $gt: beginningOn } }],
          },
          { readOnly: true },
        );
  return { beginning: unappliedCashAgainstAr(invoices, cash, beginningOn), ending: unappliedCashAgainstAr(invoices, cash, to) };
}

/** Cash received on account in [from, to], less what of it was refunded (whenever): money given back was not collected. */
async function cashReceivedOnAccount(readStore: ReadStore, match: Filter, from: BusinessDate, to: BusinessDate): Promise<number> {
  const [sum] = await readStore
    .collection(UNAPPLIED_CASH)
    .aggregate<{ amount: number; refunded: number }>([
      { $match: { ...match, receivedOn: { $gte: from, $lte: to } } },
      { $group: { _id: null, amount: { $sum: '$amount' }, refunded: { $sum: '$refunded' } } },
    ]);
  // Database sums of amounts that are never negative: exact exactly when the result is safe.
  const amount = requireExactTotal(sum?.amount ?? 0, 'The cash collected');
  return amount - requireExactTotal(sum?.refunded ?? 0, 'The cash collected');
}

/** AR as of any day of the period, and the invoices that may have been open then (for the roll rates). */
interface InvoiceAging {
  asOf(day: BusinessDate): AgingBuckets;
  invoices: readonly InvoiceDocument[];
}

/** The invoices that can have been open on some day from `earliest` to `to`, and aging from them. */
async function invoiceAging(readStore: ReadStore, match: Filter, to: BusinessDate, earliest: BusinessDate): Promise<InvoiceAging> {
  const invoices = await readStore
    .collection<InvoiceDocument>(INVOICES)
    .find({ ...match, issuedOn: { $lte: to }, $or: [{ settledOn: null }, { settledOn: { $gt: earliest } }] }, { readOnly: true });
  return { asOf: (asOf) => agingBucketsOfInvoices(invoices, asOf), invoices };
}

async function sumOfInvoicesIssued(readStore: ReadStore, match: Filter): Promise<number> {
  const [sum] = await readStore
    .collection(INVOICES)
    .aggregate<{ amount: number }>([{ $match: match }, { $group: { _id: null, amount: { $sum: '$amount' } } }]);
  return sum?.amount ?? 0;
}

/** `YYYY-MM` → credit sales issued that month. */
async function monthlyCreditSales(readStore: ReadStore, match: Filter): Promise<Map<string, number>> {
  const months = await readStore
    .collection(INVOICES)
    .aggregate<{ _id: string; amount: number }>([
      { $match: match },
      { $group: { _id: { $substrBytes: ['$issuedOn', 0, 7] }, amount: { $sum: '$amount' } } },
    ]);
  return new Map(months.map(({ _id, amount }) => [_id, amount]));
}

async function cashReceived(
  readStore: ReadStore,
  match: Filter,
  from: BusinessDate,
  to: BusinessDate,
): Promise<{ payment: number; recovery: number }> {
  const received = { kind: { $in: ['payment', 'recovery'] }, on: { $gte: from, $lte: to } };
  const kinds = await readStore.collection(INVOICES).aggregate<{ _id: 'payment' | 'recovery'; amount: number }>([
    // The first $match keeps only invoices paid in the period; the second, only those payments.
    { $match: { ...match, movements: { $elemMatch: received } } },
    { $unwind: '$movements' },
    { $match: { 'movements.kind': received.kind, 'movements.on': received.on } },
    { $group: { _id: '$movements.kind', amount: { $sum: '$movements.amount' } } },
  ]);
  const totals = { payment: 0, recovery: 0 };
  for (const { _id, amount } of kinds) totals[_id] = amount;
  return totals;
}

/** Promises that came due in the period and were resolved, by how they ended. */
async function promiseOutcomes(readStore: ReadStore, match: Filter): Promise<{ kept: number; broken: number }> {
  const statuses = await readStore
    .collection<PromiseDocument>(PROMISES)
    .aggregate<{ _id: 'kept' | 'broken'; count: number }>([
      { $match: { ...match, status: { $in: ['kept', 'broken'] } } },
      { $group: { _id: '$status', count: { $sum: 1 } } },
    ]);
  const outcomes = { kept: 0, broken: 0 };
  for (const { _id, count } of statuses) outcomes[_id] = count;
  return outcomes;
}
