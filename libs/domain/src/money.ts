/**
 * Money is an integer count of the currency's minor units (cents for USD, yen for JPY) plus
 * an ISO 4217 code: never a float, so sums and comparisons are exact.
 */
export type CurrencyCode = string;

export interface Money {
  amount: number;
  currency: CurrencyCode;
}

const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === 'string' && ISO_4217.has(value);
}

/**
 * The largest amount one value may hold: 10^12 − 1 minor units (9,999,999,999.99 in a currency
 * of cents), more than any invoice. With one account's invoices together at most
 * MAX_ACCOUNT_TOTAL, every balance, payment, credit and total of an account is an exact integer
 * (under 2^53); sums across accounts are checked with `requireExactTotal`.
 */
export const MAX_AMOUNT = 999_999_999_999;
/** The most one account's invoices may add up to, in minor units over all its currencies: 10^15. */
export const MAX_ACCOUNT_TOTAL = 1_000_000_000_000_000;

/** A whole, non-negative number of minor units, at most MAX_AMOUNT. */
export function isMinorUnits(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_AMOUNT;
}

/** A sum that left the range where JavaScript numbers are exact integers: refused, never answered wrong. */
export class TotalTooLargeError extends Error {
  constructor(what: string) {
    super(`${what} is past ${Number.MAX_SAFE_INTEGER} minor units, where totals are no longer exact; narrow the query (one currency, a shorter period)`);
    this.name = 'TotalTooLargeError';
  }
}

/**
 * Checks a sum of non-negative amounts. Each addend is exact, so as long as the true sum is at
 * most 2^53 − 1 every partial sum was exact too; past it the computed sum is at least 2^53. One
 * check of the result therefore tells an exact total from a rounded one.
 */
export function requireExactTotal(total: number, what: string): number {
  if (!Number.isSafeInteger(total)) throw new TotalTooLargeError(what);
  return total;
}

/** Formats minor units for people, e.g. 12345 USD → "123.45 USD" (for error messages only). */
export function formatMoney(amount: number, currency: CurrencyCode): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount).toString().padStart(digits + 1, '0');
  const major = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return `${sign}${major} ${currency}`;
}
