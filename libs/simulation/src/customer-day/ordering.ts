import { InvoiceState } from '@collections/domain';

/** Orders that keep a simulated day deterministic whatever the order of the account's maps. */

/**
 * The invoice ids a customer's promises (or plans) cover. Memoized on the map itself: the
 * account's maps are immutable (evolve replaces one when it changes), so a map seen before
 * covers the same ids, and the book need not rebuild the set every day.
 */
const coveredInvoiceIds = new WeakMap<ReadonlyMap<string, { invoiceIds: readonly string[] }>, ReadonlySet<string>>();

export function invoiceIdsIn(arrangements: ReadonlyMap<string, { invoiceIds: readonly string[] }>): ReadonlySet<string> {
  let covered = coveredInvoiceIds.get(arrangements);
  if (covered === undefined) {
    covered = new Set([...arrangements.values()].flatMap((arrangement) => arrangement.invoiceIds));
    coveredInvoiceIds.set(arrangements, covered);
  }
  return covered;
}

export function byDueDate(a: InvoiceState, b: InvoiceState): number {
  return a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0;
}

export function sortedBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
