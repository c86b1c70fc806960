import { BusinessDate, ExactSum, daysBetween, requireExactTotal, sumAmounts, sumMinorUnits } from '@collections/domain';
import { UnappliedCashDocument, unappliedOn } from '../cash/cash.projection';
import { AgingLedgerDocument, InvoiceDocument, LedgerAmount, ledgerAmount, openChangeOf } from './invoice-ledger.projection';

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type AgingBuckets = Record<AgingBucket, number>;

export interface Aging {
  buckets: AgingBuckets;
  total: number;
  /** Under open dispute on that date, reported beside the buckets (it is inside them too). */
  disputed: number;
}

/** One customer's aging, and the cash on their account not yet applied to any invoice (beside the buckets, not in them). */
export type CustomerAging = { customerId: string } & Aging & { unappliedCash: number };

/** Days past due as of a date → its bucket; not yet due is `current`. */
export function bucketOf(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '90+';
}

export const emptyBuckets = (): AgingBuckets => ({ current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 });

/** Adds a ledger's changes up to the end of `asOf`. */
function addThrough(sum: ExactSum, days: Record<BusinessDate, LedgerAmount>, asOf: BusinessDate, what: string): ExactSum {
  for (const day in days) if (day <= asOf) sum.add(ledgerAmount(days[day]), what);
  return sum;
}

/** Open amounts by bucket and the disputed amount as of a date, exact: ledgers sum many customers. */
function exactAgingFromLedger(ledgers: AgingLedgerDocument[], asOf: BusinessDate) {
  const buckets = Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, new ExactSum()])) as Record<AgingBucket, ExactSum>;
  const disputed = new ExactSum();
  for (const ledger of ledgers) {
    const open = addThrough(new ExactSum(), ledger.open, asOf, 'The aging total');
    if (!open.isZero) buckets[bucketOf(daysBetween(ledger.dueOn, asOf))].add(open);
    addThrough(disputed, ledger.disputed, asOf, 'The disputed total');
  }
  return { buckets, disputed };
}

/**
 * Aging of one currency as of a date, from the ledger documents of that currency. Every figure
 * is exact, or the whole is refused with TotalTooLargeError: it is never answered rounded.
 */
export function agingFromLedger(ledgers: AgingLedgerDocument[], asOf: BusinessDate): Aging {
  const exact = exactAgingFromLedger(ledgers, asOf);
  const total = new ExactSum();
  for (const bucket of AGING_BUCKETS) total.add(exact.buckets[bucket]);
  const buckets = Object.fromEntries(
    AGING_BUCKETS.map((bucket) => [bucket, exact.buckets[bucket].toNumber('The aging total')]),
  ) as AgingBuckets;
  return { buckets, total: total.toNumber('The aging total'), disputed: exact.disputed.toNumber('The disputed total') };
}

/** Overdue AR as of a date, for a share: approximate past 2^53, where a share's digits do not matter. */
export function overdueFromLedger(ledgers: AgingLedgerDocument[], asOf: BusinessDate): number {
  const { buckets } = exactAgingFromLedger(ledgers, asOf);
  const overdue = new ExactSum();
  for (const bucket of AGING_BUCKETS) if (bucket !== 'current') overdue.add(buckets[bucket]);
  return overdue.approximate;
}

/** What was open on an invoice at the end of `asOf` (0 before it was issued). */
export function openOn(invoice: InvoiceDocument, asOf: BusinessDate): number {
  if (invoice.issuedOn > asOf) return 0;
  let open = invoice.amount;
  for (const movement of invoice.movements) if (movement.on <= asOf) open += openChangeOf(movement);
  return open;
}

/** Disputed and still unresolved on `asOf`. */
export function disputedOn(invoice: InvoiceDocument, asOf: BusinessDate): number {
  return sumAmounts(
    invoice.disputes
      .filter((dispute) => dispute.raisedOn <= asOf && (dispute.resolvedOn === null || dispute.resolvedOn > asOf))
      .map((dispute) => dispute.amount),
  );
}

/** Unapplied cash at the close of `asOf`, from the cash that may have been unapplied then: exact, it sums many customers'. */
export function unappliedCashOn(cash: readonly UnappliedCashDocument[], asOf: BusinessDate): number {
  return sumMinorUnits(
    cash.map((received) => unappliedOn(received, asOf)),
    'The unapplied cash',
  );
}

/**
 * Aging per customer as of a date, from the invoices that may have been open then, with each
 * customer's unapplied cash beside it (a customer with nothing open but unapplied cash is listed).
 */
export function agingByCustomer(
  invoices: InvoiceDocument[],
  asOf: BusinessDate,
  cash: readonly UnappliedCashDocument[] = [],
): CustomerAging[] {
  const customers = new Map<string, Omit<CustomerAging, 'customerId'>>();
  const agingOf = (customerId: string) => {
    let aging = customers.get(customerId);
    if (!aging) customers.set(customerId, (aging = { buckets: emptyBuckets(), total: 0, disputed: 0, unappliedCash: 0 }));
    return aging;
  };
  for (const invoice of invoices) {
    const open = openOn(invoice, asOf);
    const disputed = disputedOn(invoice, asOf);
    if (open === 0 && disputed === 0) continue;
    const aging = agingOf(invoice.customerId);
    aging.buckets[bucketOf(daysBetween(invoice.dueOn, asOf))] += open;
    aging.total += open;
    aging.disputed += disputed;
  }
  for (const received of cash) {
    const unapplied = unappliedOn(received, asOf);
    if (unapplied > 0) agingOf(received.customerId).unappliedCash += unapplied;
  }
  // One customer's figures are bounded by MAX_ACCOUNT_TOTAL; a sum of open amounts (never
  // negative) is exact exactly when its result is safe, which also covers older histories.
  return [...customers.entries()]
    .map(([customerId, aging]) => {
      requireExactTotal(aging.total, `The aging total of customer ${customerId}`);
      requireExactTotal(aging.disputed, `The disputed total of customer ${customerId}`);
      requireExactTotal(aging.unappliedCash, `The unapplied cash of customer ${customerId}`);
      return { customerId, ...aging };
    })
    .sort((a, b) => b.total - a.total || (a.customerId < b.customerId ? -1 : 1));
}

/** The invoices that can have been open on `asOf`, as a MongoDB filter. */
export const possiblyOpenOn = (currency: string, asOf: BusinessDate) => ({
  currency,
  issuedOn: { $lte: asOf },
  $or: [{ settledOn: null }, { settledOn: { $gt: asOf } }],
});
