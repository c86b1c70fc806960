import { BusinessDate, daysBetween, requireExactTotal } from '@collections/domain';
import { AgingLedgerDocument, InvoiceDocument } from './invoice-ledger.projection';

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type AgingBuckets = Record<AgingBucket, number>;

export interface Aging {
  buckets: AgingBuckets;
  total: number;
  /** Under open dispute on that date, reported beside the buckets (it is inside them too). */
  disputed: number;
}

/** Days past due as of a date → its bucket; not yet due is `current`. */
export function bucketOf(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '90+';
}

export const emptyBuckets = (): AgingBuckets => ({ current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 });

const sumThrough = (days: Record<BusinessDate, number>, asOf: BusinessDate): number => {
  let total = 0;
  for (const day in days) if (day <= asOf) total += days[day];
  return total;
};

/** Aging of one currency as of a date, from the ledger documents of that currency. */
export function agingFromLedger(ledgers: AgingLedgerDocument[], asOf: BusinessDate): Aging {
  const buckets = emptyBuckets();
  let disputed = 0;
  for (const ledger of ledgers) {
    const open = sumThrough(ledger.open, asOf);
    if (open !== 0) buckets[bucketOf(daysBetween(ledger.dueOn, asOf))] += open;
    disputed += sumThrough(ledger.disputed, asOf);
  }
  // Each bucket is part of the total, so one exact total means exact buckets.
  return { buckets, total: requireExactTotal(sum(Object.values(buckets)), 'The aging total'), disputed: requireExactTotal(disputed, 'The disputed total') };
}

/** What was open on an invoice at the end of `asOf` (0 before it was issued). */
export function openOn(invoice: InvoiceDocument, asOf: BusinessDate): number {
  if (invoice.issuedOn > asOf) return 0;
  let open = invoice.amount;
  for (const movement of invoice.movements) {
    if (movement.kind !== 'recovery' && movement.on <= asOf) open -= movement.amount;
  }
  return open;
}

/** Disputed and still unresolved on `asOf`. */
export function disputedOn(invoice: InvoiceDocument, asOf: BusinessDate): number {
  return sum(
    invoice.disputes
      .filter((dispute) => dispute.raisedOn <= asOf && (dispute.resolvedOn === null || dispute.resolvedOn > asOf))
      .map((dispute) => dispute.amount),
  );
}

/** Aging per customer as of a date, from the invoices that may have been open then. */
export function agingByCustomer(invoices: InvoiceDocument[], asOf: BusinessDate): ({ customerId: string } & Aging)[] {
  const customers = new Map<string, Aging>();
  for (const invoice of invoices) {
    const open = openOn(invoice, asOf);
    const disputed = disputedOn(invoice, asOf);
    if (open === 0 && disputed === 0) continue;
    const aging = customers.get(invoice.customerId) ?? { buckets: emptyBuckets(), total: 0, disputed: 0 };
    aging.buckets[bucketOf(daysBetween(invoice.dueOn, asOf))] += open;
    aging.total += open;
    aging.disputed += disputed;
    customers.set(invoice.customerId, aging);
  }
  return [...customers.entries()]
    .map(([customerId, aging]) => ({ customerId, ...aging }))
    .sort((a, b) => b.total - a.total || (a.customerId < b.customerId ? -1 : 1));
}

/** The invoices that can have been open on `asOf`, as a MongoDB filter. */
export const possiblyOpenOn = (currency: string, asOf: BusinessDate) => ({
  currency,
  issuedOn: { $lte: asOf },
  $or: [{ settledOn: null }, { settledOn: { $gt: asOf } }],
});

function sum(amounts: number[]): number {
  return amounts.reduce((total, amount) => total + amount, 0);
}
