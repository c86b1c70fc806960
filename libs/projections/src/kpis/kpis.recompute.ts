import { BusinessDate, CurrencyCode, addDays, requireExactTotal } from '@collections/domain';
import { Filter, ReadStore } from '@collections/read-store';
import { AgingBuckets } from '../aging/aging';
import { INVOICES, InvoiceDocument } from '../aging/invoice-ledger.projection';
import { UNAPPLIED_CASH, UnappliedCashDocument } from '../cash/cash.projection';
import {
  cashAsKnownAtAll,
  cashPossiblyUnappliedBetween,
  invoicesAsKnownAt,
  invoicesPossiblyOpenBetween,
  recordedBy,
  refundedExpression,
  resolutionRecordedBy,
} from '../known-at';
import { normalInstant } from '../recorded-instant';
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
  // Instants compare as text in the read models' form (UTC, milliseconds, Z).
  const asked = query.knownAt === undefined ? query : { ...query, knownAt: normalInstant(query.knownAt) };
  return kpiReport(asked, await loadFullFigures(readStore, asked));
}

/**
 * Every figure of a report, read from the documents of each invoice, received payment and promise
 * (of the collector's customers, with one): the one place the full recomputation reads.
 */
async function loadFullFigures(readStore: ReadStore, query: KpiQuery): Promise<KpiFigures> {
  const { from, to, currency, collectorId, knownAt } = query;
  const customerIds =
    collectorId === undefined
      ? undefined
      : (await readStore.collection<CustomerCollectorDocument>(CUSTOMER_COLLECTORS).find({ collectorId }, { readOnly: true })).map(
          ({ _id }) => _id,
        );
  // As known at an instant, only the invoices and cash on account recorded by then.
  const ofCustomers: Filter = { ...(customerIds !== undefined && { customerId: { $in: customerIds } }), ...recordedBy(knownAt) };
  const beginningOn = addDays(from, -1);
  const rollStart = rollWindowStart(to);

  const [aging, creditSales, salesByMonth, received, promises, unapplied, onAccount] = await Promise.all([
    invoiceAging(readStore, currency, ofCustomers, to, beginningOn < rollStart ? beginningOn : rollStart, knownAt),
    sumOfInvoicesIssued(readStore, { currency, issuedOn: { $gte: from, $lte: to }, ...ofCustomers }),
    monthlyCreditSales(readStore, { currency, issuedOn: { $gte: countBackStart(to), $lte: to }, ...ofCustomers }),
    cashReceived(readStore, { currency, ...ofCustomers }, from, to, knownAt),
    promiseOutcomes(readStore, {
      currency,
      promisedFor: { $gte: from, $lte: to },
      ...(collectorId !== undefined && { collectorId }),
      ...resolutionRecordedBy(knownAt),
    }),
    unappliedAgainstAr(readStore, currency, ofCustomers, beginningOn, to, knownAt),
    cashReceivedOnAccount(readStore, { currency, ...ofCustomers }, from, to, knownAt),
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
  knownAt?: string,
): Promise<{ beginning: UnappliedAgainstAr; ending: UnappliedAgainstAr }> {
  const found = await readStore
    .collection<UnappliedCashDocument>(UNAPPLIED_CASH)
    .find({ ...cashPossiblyUnappliedBetween(currency, beginningOn, to, knownAt), ...ofCustomers }, { readOnly: true });
  const cash = cashAsKnownAtAll(found, knownAt);
  const customerIds = [...new Set(cash.map(({ customerId }) => customerId))];
  const invoices =
    customerIds.length === 0
      ? []
      : invoicesAsKnownAt(
          await readStore
            .collection<InvoiceDocument>(INVOICES)
            .find(
              { ...invoicesPossiblyOpenBetween(currency, beginningOn, to, knownAt), customerId: { $in: customerIds } },
              { readOnly: true },
            ),
          knownAt,
        );
  return { beginning: unappliedCashAgainstAr(invoices, cash, beginningOn), ending: unappliedCashAgainstAr(invoices, cash, to) };
}

/** Cash received on account in [from, to], less what of it was refunded (whenever, as known at `knownAt`): money given back was not collected. */
async function cashReceivedOnAccount(
  readStore: ReadStore,
  match: Filter,
  from: BusinessDate,
  to: BusinessDate,
  knownAt: string | undefined,
): Promise<number> {
  const [sum] = await readStore
    .collection(UNAPPLIED_CASH)
    .aggregate<{ amount: number; refunded: number }>([
      { $match: { ...match, receivedOn: { $gte: from, $lte: to } } },
      { $group: { _id: null, amount: { $sum: '$amount' }, refunded: { $sum: refundedExpression(knownAt) } } },
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

/** The invoices of the customers that can have been open on some day from `earliest` to `to` (as known at `knownAt`), and aging from them. */
async function invoiceAging(
  readStore: ReadStore,
  currency: CurrencyCode,
  ofCustomers: Filter,
  to: BusinessDate,
  earliest: BusinessDate,
  knownAt: string | undefined,
): Promise<InvoiceAging> {
  const found = await readStore
    .collection<InvoiceDocument>(INVOICES)
    .find({ ...invoicesPossiblyOpenBetween(currency, earliest, to, knownAt), ...ofCustomers }, { readOnly: true });
  const invoices = invoicesAsKnownAt(found, knownAt);
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
  knownAt: string | undefined,
): Promise<{ payment: number; recovery: number }> {
  const received = { kind: { $in: ['payment', 'recovery'] }, on: { $gte: from, $lte: to } };
  const kinds = await readStore.collection(INVOICES).aggregate<{ _id: 'payment' | 'recovery'; amount: number }>([
    // The first $match keeps only invoices paid in the period; the second, only those payments.
    { $match: { ...match, movements: { $elemMatch: { ...received, ...recordedBy(knownAt) } } } },
    { $unwind: '$movements' },
    { $match: { 'movements.kind': received.kind, 'movements.on': received.on, ...recordedBy(knownAt, 'movements.') } },
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
