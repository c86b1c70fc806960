import { BusinessDate, CurrencyCode, ExactSum, addDays, requireExactTotal } from '@collections/domain';
import { Filter, ReadStore } from '@collections/read-store';
import { AgingBuckets, agingFromLedger } from '../aging/aging';
import { AGING_LEDGER, AgingLedgerDocument, INVOICES, InvoiceDocument } from '../aging/invoice-ledger.projection';
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

type AgingAsOf = (asOf: BusinessDate) => AgingBuckets;

/**
 * The KPIs (docs/read-models.md#kpis) of one currency over [from, to], for everyone or for one collector. Without a
 * collector AR comes from the aging ledger; with one, from the invoices of their customers.
 */
export async function queryKpis(readStore: ReadStore, query: KpiQuery): Promise<KpiReport> {
  const { from, to, currency, collectorId } = query;
  const knownAt = query.knownAt === undefined ? undefined : normalInstant(query.knownAt);
  if (from > to) throw new RangeError(`from (${from}) is after to (${to})`);
  const customerIds =
    collectorId === undefined
      ? undefined
      : (await readStore.collection<CustomerCollectorDocument>(CUSTOMER_COLLECTORS).find({ collectorId }, { readOnly: true })).map(
          ({ _id }) => _id,
        );
  // As known at an instant, only the invoices and cash on account recorded by then.
  const ofCustomers: Filter = { ...(customerIds !== undefined && { customerId: { $in: customerIds } }), ...recordedBy(knownAt) };
  const beginningOn = addDays(from, -1);
  const thirtyDaysBeforeTo = addDays(to, -30);

  const [agingAsOf, creditSales, salesByMonth, received, promises, unapplied, onAccount] = await Promise.all([
    customerIds === undefined && knownAt === undefined
      ? ledgerAging(readStore, currency)
      : invoiceAging(readStore, currency, ofCustomers, to, beginningOn < thirtyDaysBeforeTo ? beginningOn : thirtyDaysBeforeTo, knownAt),
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
    ...(knownAt !== undefined && { knownAt }),
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
  knownAt: string | undefined,
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

async function ledgerAging(readStore: ReadStore, currency: CurrencyCode): Promise<AgingAsOf> {
  const ledgers = await readStore.collection<AgingLedgerDocument>(AGING_LEDGER).find({ currency }, { readOnly: true });
  return (asOf) => agingFromLedger(ledgers, asOf).buckets;
}

/** Loads only the invoices of the customers that can have been open on some day from `earliest` to `to` (as known at `knownAt`). */
async function invoiceAging(
  readStore: ReadStore,
  currency: CurrencyCode,
  ofCustomers: Filter,
  to: BusinessDate,
  earliest: BusinessDate,
  knownAt: string | undefined,
): Promise<AgingAsOf> {
  const found = await readStore
    .collection<InvoiceDocument>(INVOICES)
    .find({ ...invoicesPossiblyOpenBetween(currency, earliest, to, knownAt), ...ofCustomers }, { readOnly: true });
  const invoices = invoicesAsKnownAt(found, knownAt);
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
