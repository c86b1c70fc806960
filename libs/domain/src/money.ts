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

/** A whole, non-negative number of minor units that JavaScript represents exactly. */
export function isMinorUnits(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
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
