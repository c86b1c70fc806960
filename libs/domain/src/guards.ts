import { BusinessDate } from './business-date';
import { ActiveAccount, InvoiceState, idKey } from './account-state';
import { DomainError } from './errors';
import { CurrencyCode, MAX_ACCOUNT_TOTAL, MAX_AMOUNT, formatMoney, isMinorUnits } from './money';

/**
 * The checks the procedure steps' `decide` functions share. Each throws a DomainError that names
 * what is wrong; none changes anything.
 */

export function sharedInvoice(some: readonly string[], others: readonly string[]): string | undefined {
  return some.find((id) => others.includes(id));
}

export function requireNewId(account: ActiveAccount, kind: string, id: string): void {
  if (account.usedIds.has(idKey(kind, id))) {
    throw new DomainError('duplicate-id', `The ${kind.replace(/-/g, ' ')} id ${id} was already used on this account`);
  }
}

export function requirePositive(amount: number, what: string): void {
  if (!isMinorUnits(amount) || amount <= 0) {
    throw new DomainError('invalid-amount', `${what} must be a positive whole number of minor units up to ${MAX_AMOUNT}, not ${amount}`);
  }
}

export function requireNotBefore(date: BusinessDate, earliest: BusinessDate, message: string): void {
  if (date < earliest) throw new DomainError('invalid-date', message);
}

export function requireCurrency(invoice: InvoiceState, currency: CurrencyCode): void {
  if (invoice.currency !== currency) {
    throw new DomainError('currency-mismatch', `Invoice ${invoice.invoiceId} is in ${invoice.currency}, not ${currency}`);
  }
}

/**
 * Keeps every figure of one account exact: what it records of a kind (its invoices; its disputes
 * and deductions, which may each reach the balance) adds up to at most MAX_ACCOUNT_TOTAL, so no
 * balance, total or sum of them can leave the safe integer range.
 */
export function requireWithinAccountTotal(recorded: Iterable<{ amount: number }>, amount: number, what: string): void {
  let total = amount;
  for (const each of recorded) total += each.amount;
  if (total > MAX_ACCOUNT_TOTAL) {
    throw new DomainError('amount-limit', `${what} would add up to more than ${MAX_ACCOUNT_TOTAL} minor units, the most one account holds`);
  }
}

export function requireWithinBalance(invoice: InvoiceState, amount: number, what: string): void {
  if (amount > invoice.balance) {
    throw new DomainError(
      'amount-exceeds-balance',
      `${what} of ${formatMoney(amount, invoice.currency)} exceeds the open balance of ${formatMoney(invoice.balance, invoice.currency)} on invoice ${invoice.invoiceId}`,
    );
  }
}

export function knownInvoice(account: ActiveAccount, invoiceId: string): InvoiceState {
  const invoice = account.invoices.get(invoiceId);
  if (!invoice) throw new DomainError('invoice-not-found', `There is no invoice ${invoiceId} on this account`);
  return invoice;
}

/** A registered invoice with something still owed on it. */
export function openInvoice(account: ActiveAccount, invoiceId: string, action: string): InvoiceState {
  const invoice = knownInvoice(account, invoiceId);
  if (invoice.balance === 0) {
    const why = invoice.writtenOff > 0 ? 'written off' : 'settled in full';
    throw new DomainError('invoice-settled', `Cannot ${action} invoice ${invoiceId}: it is ${why}`);
  }
  return invoice;
}

/** Several open invoices, none listed twice, each issued on or before `on`. */
export function openInvoices(account: ActiveAccount, invoiceIds: readonly string[], action: string, on: BusinessDate): InvoiceState[] {
  if (invoiceIds.length === 0) throw new DomainError('invoice-not-found', `Name at least one invoice to ${action}`);
  if (new Set(invoiceIds).size !== invoiceIds.length) {
    throw new DomainError('invoice-not-found', `An invoice is listed twice`);
  }
  return invoiceIds.map((invoiceId) => {
    const invoice = openInvoice(account, invoiceId, action);
    requireNotBefore(on, invoice.issuedOn, `Cannot ${action} invoice ${invoiceId} on ${on}: it was issued on ${invoice.issuedOn}`);
    return invoice;
  });
}
