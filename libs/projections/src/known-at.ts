import { BusinessDate, CurrencyCode, ExactSum, daysBetween } from '@collections/domain';
import { Filter, ReadStore } from '@collections/read-store';
import { AGING_BUCKETS, Aging, AgingBucket, agingByCustomer, bucketOf, disputedOn, openOn, unappliedCashOn } from './aging/aging';
import type { AgingQuery, AgingReport } from './aging/aging.query';
import { INVOICES, InvoiceDocument, openChangeOf, settledOnOf } from './aging/invoice-ledger.projection';
import { UNAPPLIED_CASH, UnappliedCashDocument, settle } from './cash/cash.projection';
import { laterInstant, normalInstant } from './recorded-instant';

/**
 * Figures "as known at" an instant: only what was recorded by then counts. Every event has the
 * business date it happened on and the instant it was recorded; a payment posted on 3 April for
 * 28 March changes the restated March figures but not the March figures as they were reported on
 * 1 April. The read models keep each fact's recorded instant (`recordedAt`), and these functions
 * give a document back as it stood at `knownAt`, so that the usual computations (openOn,
 * unappliedOn, agingByCustomer…) answer as known then. Instants are compared as text in the read
 * models' form (normalInstant: UTC, milliseconds, `Z`); the queries bring `knownAt` to it.
 *
 * The aging ledger and other per-day sums cannot tell when a day's change was recorded: as-known-at
 * figures come from the per-invoice (and per-payment, per-promise) documents.
 */

/** Documents recorded by `knownAt` (all of them without one), as a MongoDB filter on `prefix + recordedAt`. */
export const recordedBy = (knownAt: string | undefined, prefix = ''): Filter =>
  knownAt === undefined ? {} : { [`${prefix}recordedAt`]: { $lte: knownAt } };

/** Promises whose outcome (kept or broken) was recorded by `knownAt`: before that they were open. */
export const resolutionRecordedBy = (knownAt: string | undefined): Filter =>
  knownAt === undefined ? {} : { resolutionRecordedAt: { $lte: knownAt } };

/**
 * The invoices that can have been open at the close of some day in [from, to], as known at
 * `knownAt`: a settlement recorded after `knownAt` (`lastRecordedAt`) may not have been known then.
 */
export function invoicesPossiblyOpenBetween(currency: CurrencyCode, from: BusinessDate, to: BusinessDate, knownAt?: string): Filter {
  const open: Filter[] = [{ settledOn: null }, { settledOn: { $gt: from } }];
  if (knownAt !== undefined) open.push({ lastRecordedAt: { $gt: knownAt } });
  return { currency, issuedOn: { $lte: to }, ...recordedBy(knownAt), $or: open };
}

/** The cash that can have been unapplied at some time in [from, to], as known at `knownAt`. */
export function cashPossiblyUnappliedBetween(currency: CurrencyCode, from: BusinessDate, to: BusinessDate, knownAt?: string): Filter {
  const unapplied: Filter[] = [{ settledOn: null }, { settledOn: { $gt: from } }];
  if (knownAt !== undefined) unapplied.push({ lastRecordedAt: { $gt: knownAt } });
  return { currency, receivedOn: { $lte: to }, ...recordedBy(knownAt), $or: unapplied };
}

/**
 * The invoice as it stood at `knownAt`: undefined if it was not registered yet; without the
 * movements and disputes recorded later, and with the dispute resolutions recorded later undone.
 */
export function invoiceAsKnownAt(invoice: InvoiceDocument, knownAt: string): InvoiceDocument | undefined {
  if (invoice.recordedAt > knownAt) return undefined;
  if (invoice.lastRecordedAt <= knownAt) return invoice;
  const movements = invoice.movements.filter((movement) => movement.recordedAt <= knownAt);
  const disputes = invoice.disputes
    .filter((dispute) => dispute.recordedAt <= knownAt)
    .map((dispute) =>
      dispute.resolutionRecordedAt !== null && dispute.resolutionRecordedAt > knownAt
        ? { ...dispute, resolvedOn: null, resolutionRecordedAt: null }
        : dispute,
    );
  const balance = movements.reduce((open, movement) => open + openChangeOf(movement), invoice.amount);
  const lastRecordedAt = [
    ...movements.map((movement) => movement.recordedAt),
    ...disputes.flatMap((dispute) => [dispute.recordedAt, dispute.resolutionRecordedAt ?? '']),
  ].reduce(laterInstant, invoice.recordedAt);
  return { ...invoice, movements, disputes, balance, settledOn: settledOnOf(invoice.issuedOn, movements, balance), lastRecordedAt };
}

/**
 * Cash on account as it stood at `knownAt`: undefined if its receipt was not recorded yet;
 * without the applications and refunds recorded later, and with reversals recorded later undone.
 */
export function cashAsKnownAt(cash: UnappliedCashDocument, knownAt: string): UnappliedCashDocument | undefined {
  if (cash.recordedAt > knownAt) return undefined;
  if (cash.lastRecordedAt <= knownAt) return cash;
  const applications = cash.applications
    .filter((application) => application.recordedAt <= knownAt)
    .map((application) =>
      application.reversalRecordedAt !== null && application.reversalRecordedAt > knownAt
        ? { ...application, status: 'applied' as const, reversedOn: null, reversalRecordedAt: null }
        : application,
    );
  const refunds = cash.refunds.filter((refund) => refund.recordedAt <= knownAt);
  const lastRecordedAt = [
    ...applications.flatMap((application) => [application.recordedAt, application.reversalRecordedAt ?? '']),
    ...refunds.map((refund) => refund.recordedAt),
  ].reduce(laterInstant, cash.recordedAt);
  return settle({ ...cash, applications, refunds, lastRecordedAt });
}

/** Each invoice as known at `knownAt`, those not yet registered then left out; all of them as they are without one. */
export function invoicesAsKnownAt(invoices: InvoiceDocument[], knownAt: string | undefined): InvoiceDocument[] {
  return knownAt === undefined ? invoices : invoices.flatMap((invoice) => invoiceAsKnownAt(invoice, knownAt) ?? []);
}

/** Each cash document as known at `knownAt`; all of them as they are without one. */
export function cashAsKnownAtAll(cash: UnappliedCashDocument[], knownAt: string | undefined): UnappliedCashDocument[] {
  return knownAt === undefined ? cash : cash.flatMap((received) => cashAsKnownAt(received, knownAt) ?? []);
}

/**
 * What of the cash on account was refunded, as a MongoDB expression: every refund, or those
 * recorded by `knownAt`.
 */
export function refundedExpression(knownAt: string | undefined): unknown {
  if (knownAt === undefined) return '$refunded';
  const recorded = { $filter: { input: '$refunds', as: 'refund', cond: { $lte: ['$$refund.recordedAt', knownAt] } } };
  return { $sum: { $map: { input: recorded, as: 'refund', in: '$$refund.amount' } } };
}

/**
 * Aging of one currency as of a date from invoice documents, exact: the same figures as the aging
 * ledger gives for the same invoices (its disputed amount counts settled invoices' disputes too).
 */
export function agingOfInvoices(invoices: readonly InvoiceDocument[], asOf: BusinessDate): Aging {
  const buckets = Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, new ExactSum()])) as Record<AgingBucket, ExactSum>;
  const total = new ExactSum();
  const disputed = new ExactSum();
  for (const invoice of invoices) {
    const open = openOn(invoice, asOf);
    if (open !== 0) {
      buckets[bucketOf(daysBetween(invoice.dueOn, asOf))].add(open, 'The aging total');
      total.add(open, 'The aging total');
    }
    disputed.add(disputedOn(invoice, asOf), 'The disputed total');
  }
  return {
    buckets: Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, buckets[bucket].toNumber('The aging total')])) as Aging['buckets'],
    total: total.toNumber('The aging total'),
    disputed: disputed.toNumber('The disputed total'),
  };
}

/**
 * Aging as of `asOf` as known at `knownAt` (GET /aging?knownAt=): from the invoices and the cash on
 * account, each as it stood then.
 */
export async function queryAgingAsKnownAt(
  readStore: ReadStore,
  { asOf, currency, groupBy, page = 1, pageSize, ...query }: AgingQuery & { knownAt: string },
): Promise<AgingReport> {
  const knownAt = normalInstant(query.knownAt);
  const open = invoicesPossiblyOpenBetween(currency, asOf, asOf, knownAt);
  // Disputes count until resolved, even on an invoice settled since (as the ledger counts them).
  const filter: Filter = { ...open, $or: [...(open.$or as Filter[]), { 'disputes.raisedOn': { $lte: asOf } }] };
  const [found, foundCash] = await Promise.all([
    readStore.collection<InvoiceDocument>(INVOICES).find(filter, { readOnly: true }),
    readStore
      .collection<UnappliedCashDocument>(UNAPPLIED_CASH)
      .find(cashPossiblyUnappliedBetween(currency, asOf, asOf, knownAt), { readOnly: true }),
  ]);
  const invoices = invoicesAsKnownAt(found, knownAt);
  const cash = cashAsKnownAtAll(foundCash, knownAt);
  const report: AgingReport = { asOf, currency, knownAt, ...agingOfInvoices(invoices, asOf), unappliedCash: unappliedCashOn(cash, asOf) };
  if (groupBy === 'customer') {
    const customers = agingByCustomer(invoices, asOf, cash);
    const size = pageSize ?? customers.length;
    report.customers = customers.slice((page - 1) * size, page * size);
    report.customerCount = customers.length;
  }
  return report;
}
