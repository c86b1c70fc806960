import { ActiveAccount, Allocation, BusinessDate, CashApplicationRule, CurrencyCode, InvoiceState } from '@collections/domain';

export interface CashToPlace {
  amount: number;
  currency: CurrencyCode;
  /** The day the bank booked it: an invoice issued later cannot be what it pays. */
  receivedOn: BusinessDate;
  /** References the remittance gives, in the order written (see `referencesIn`). */
  references: readonly string[];
}

export interface Placement {
  allocations: Allocation[];
  rule: CashApplicationRule;
}

export interface AllocationOptions {
  /** Whether the policy allows applying cash nobody referenced to the oldest invoices first. */
  oldestFirst: boolean;
}

/** Above this many open invoices the search for an exact set gives up (2^n subsets); one exact balance is still found. */
const MAX_SET_SEARCH = 18;

/**
 * Where a payment goes on its customer's account, by the first rule that places it, in this
 * order: the invoices the remittance names; else the one open invoice, or the one set of open
 * invoices, whose balances add up to exactly the amount (when a single invoice and a set both
 * do, or two sets do, which was paid is a guess, and a wrong guess is worse than a person
 * looking); then, where the policy allows it, the oldest due first. Undefined: no rule places it
 * and it stays unapplied cash. Only invoices in the payment's currency, issued by the day it was
 * booked, are candidates. Deterministic, and never more than an invoice's balance or the cash;
 * money left over stays unapplied.
 */
export function placeCash(account: ActiveAccount, cash: CashToPlace, options: AllocationOptions): Placement | undefined {
  const open = [...account.invoices.values()]
    .filter((invoice) => invoice.balance > 0 && invoice.currency === cash.currency && invoice.issuedOn <= cash.receivedOn)
    .sort(byDueDate);
  if (open.length === 0) return undefined;

  const referenced = cash.references.flatMap((reference) => open.filter((invoice) => invoice.invoiceId === reference));
  if (referenced.length > 0) return { allocations: fill(referenced, cash.amount), rule: 'remittance-reference' };

  const exact = onlyExactMatch(open, cash.amount);
  if (exact) {
    const allocations = exact.map(({ invoiceId, balance }) => ({ invoiceId, amount: balance }));
    return { allocations, rule: exact.length === 1 ? 'exact-amount' : 'exact-set' };
  }

  if (options.oldestFirst) return { allocations: fill(open, cash.amount), rule: 'oldest-first' };
  return undefined;
}

/** Each invoice in turn gets what it owes, until the money runs out. */
function fill(invoices: readonly InvoiceState[], amount: number): Allocation[] {
  const allocations: Allocation[] = [];
  let left = amount;
  for (const { invoiceId, balance } of invoices) {
    if (left === 0) break;
    const applied = Math.min(balance, left);
    allocations.push({ invoiceId, amount: applied });
    left -= applied;
  }
  return allocations;
}

/**
 * The one invoice, or set of invoices, whose balances add up to exactly `amount`, oldest due
 * first; undefined when none does or more than one does. A depth-first search over the invoices
 * largest first, cut where the rest cannot reach the amount, stopping at the second match. With
 * more invoices than MAX_SET_SEARCH only single invoices are compared.
 */
function onlyExactMatch(open: readonly InvoiceState[], amount: number): InvoiceState[] | undefined {
  if (open.length > MAX_SET_SEARCH) {
    const single = open.filter(({ balance }) => balance === amount);
    return single.length === 1 ? single : undefined;
  }
  const invoices = [...open].sort((a, b) => b.balance - a.balance || byDueDate(a, b));
  const remaining: number[] = [];
  invoices.reduceRight((sum, { balance }, index) => (remaining[index] = sum + balance), 0);
  const found: InvoiceState[][] = [];
  const chosen: InvoiceState[] = [];
  const search = (index: number, left: number): void => {
    if (found.length > 1) return;
    if (left === 0) {
      found.push([...chosen]);
      return;
    }
    if (index === invoices.length || remaining[index] < left) return;
    const invoice = invoices[index];
    if (invoice.balance <= left) {
      chosen.push(invoice);
      search(index + 1, left - invoice.balance);
      chosen.pop();
    }
    search(index + 1, left);
  };
  search(0, amount);
  return found.length === 1 ? found[0].sort(byDueDate) : undefined;
}

function byDueDate(a: InvoiceState, b: InvoiceState): number {
  return a.dueOn.localeCompare(b.dueOn) || a.issuedOn.localeCompare(b.issuedOn) || a.invoiceId.localeCompare(b.invoiceId);
}
