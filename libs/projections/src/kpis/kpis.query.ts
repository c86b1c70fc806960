import { BusinessDate, CurrencyCode, ExactSum, addDays, requireExactTotal } from '@collections/domain';
import { Filter, ReadStore } from '@collections/read-store';
import { AgingBuckets, agingFromLedger } from '../aging/aging';
import { AGING_LEDGER, AgingLedgerDocument, INVOICES, InvoiceDocument } from '../aging/invoice-ledger.projection';
import { UNAPPLIED_CASH, UnappliedCashDocument, possiblyUnappliedBetween } from '../cash/cash.projection';
import {
  RollRate,
  UnappliedAgainstAr,
  agingBucketsOfInvoices,
  averageDaysDelinquent,
  bestPossibleDso,
  collectionEffectivenessIndex,
  countBackDso,
  countBackMonths,
  countBackStart,
  daysInPeriod,
  dso,
  promiseKeptRate,
  rollRates,
  totalOfBuckets,
  unappliedCashAgainstAr,
} from './kpis';
import { CUSTOMER_COLLECTORS, CustomerCollectorDocument, PROMISES, PromiseDocument } from './promise.projection';

export interface KpiQuery {
  from: BusinessDate;
  to: BusinessDate;
  currency: CurrencyCode;
  /** Only the customers currently assigned to this collector (and the promises they took). */
  collectorId?: string;
}

export interface KpiReport {
  from: BusinessDate;
  to: BusinessDate;
  currency: CurrencyCode;
  collectorId?: string;
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

type AgingAsOf = (asOf: BusinessDate) => AgingBuckets;

/**
 * The KPIs (docs/read-models.md#kpis) of one currency over [from, to], for everyone or for one collector. Without a
 * collector AR comes from the aging ledger; with one, from the invoices of their customers.
 */
export async function queryKpis(readStore: ReadStore, query: KpiQuery): Promise<KpiReport> {
  const { from, to, currency, collectorId } = query;
  if (from > to) throw new RangeError(`from (${from}) is after to (${to})`);
  const customerIds =
    collectorId === undefined
      ? undefined
      : (await readStore.collection<CustomerCollectorDocument>(CUSTOMER_COLLECTORS).find({ collectorId }, { readOnly: true })).map(
          ({ _id }) => _id,
        );
  const ofCustomers: Filter = customerIds === undefined ? {} : { customerId: { $in: customerIds } };
  const beginningOn = addDays(from, -1);
  const thirtyDaysBeforeTo = addDays(to, -30);

  const [agingAsOf, creditSales, salesByMonth, received, promises, unapplied, onAccount] = await Promise.all([
    customerIds === undefined
      ? ledgerAging(readStore, currency)
      : invoiceAging(readStore, currency, customerIds, to, beginningOn < thirtyDaysBeforeTo ? beginningOn : thirtyDaysBeforeTo),
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

  const ending = agingAsOf(to);
  const endingAr = requireExactTotal(totalOfBuckets(ending), 'The ending AR');
  const endingCurrentAr = ending.current;
  const beginningAr = requireExactTotal(totalOfBuckets(agingAsOf(beginningOn)), 'The beginning AR');
  // Database sums of amounts that are never negative: exact exactly when the result is safe.
  requireExactTotal(creditSales, 'The credit sales');
  requireExactTotal(received.payment, 'The cash collected');
  requireExactTotal(received.recovery, 'The cash recovered');
  const collected = new ExactSum().add(received.payment).add(onAccount, 'The cash collected').toNumber('The cash collected');
  for (const [month, sales] of salesByMonth) requireExactTotal(sales, `The credit sales of ${month}`);
  const days = daysInPeriod(from, to);
  const standardDso = dso(endingAr, creditSales, days);
  const bestPossible = bestPossibleDso(endingCurrentAr, creditSales, days);
  return {
    from,
    to,
    currency,
    ...(collectorId !== undefined && { collectorId }),
    dso: standardDso,
    countBackDso: countBackDso(endingAr, countBackMonths(to, salesByMonth)),
    bestPossibleDso: bestPossible,
    averageDaysDelinquent: averageDaysDelinquent(standardDso, bestPossible),
    // AR net of the unapplied cash against it: cash counts as collected the day it is received.
    cei: collectionEffectivenessIndex({
      beginningAr: beginningAr - unapplied.beginning.total,
      creditSales,
      endingAr: endingAr - unapplied.ending.total,
      endingCurrentAr: endingCurrentAr - unapplied.ending.current,
    }),
    promiseKeptRate: promiseKeptRate(promises.kept, promises.broken),
    rollRates: rollRates(agingAsOf(thirtyDaysBeforeTo), ending),
    collected,
    recovered: received.recovery,
    creditSales,
    endingAr,
    endingCurrentAr,
    beginningAr,
    unappliedCash: { beginning: unapplied.beginning.total, ending: unapplied.ending.total, endingCurrent: unapplied.ending.current },
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

async function ledgerAging(readStore: ReadStore, currency: CurrencyCode): Promise<AgingAsOf> {
  const ledgers = await readStore.collection<AgingLedgerDocument>(AGING_LEDGER).find({ currency }, { readOnly: true });
  return (asOf) => agingFromLedger(ledgers, asOf).buckets;
}

/** Loads only the invoices that can have been open on some day from `earliest` to `to`. */
async function invoiceAging(
  readStore: ReadStore,
  currency: CurrencyCode,
  customerIds: string[],
  to: BusinessDate,
  earliest: BusinessDate,
): Promise<AgingAsOf> {
  const invoices = await readStore.collection<InvoiceDocument>(INVOICES).find(
    {
      currency,
      customerId: { $in: customerIds },
      issuedOn: { $lte: to },
      $or: [{ settledOn: null }, { settledOn: { $gt: earliest } }],
    },
    { readOnly: true },
  );
  return (asOf) => agingBucketsOfInvoices(invoices, asOf);
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
