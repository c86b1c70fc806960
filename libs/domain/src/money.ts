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
 * MAX_ACCOUNT_TOTAL (and its disputes too), every balance, payment, credit and total of an
 * account is an exact integer (under 2^53); sums across accounts go through `ExactSum`.
 */
export const MAX_AMOUNT = 999_999_999_999;
/**
 * The most one account's invoices may add up to, in minor units over all its currencies: 10^15,
 * a ninth of 2^53, so that a few of an account's figures added together stay exact as well.
 * Its disputes and deductions, added up, have the same bound.
 */
export const MAX_ACCOUNT_TOTAL = 1_000_000_000_000_000;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * A plain decimal (`1234.5`) as whole minor units, computed from its digits, never through a
 * float. More decimals than the currency has, signs, exponents and separators are refused.
 */
export function decimalToMinorUnits(text: string, minorDigits: number): number | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const [, whole, fraction = ''] = match;
  if (fraction.length > minorDigits) return undefined;
  const minor = Number(whole + fraction.padEnd(minorDigits, '0'));
  return Number.isSafeInteger(minor) ? minor : undefined;
}

// A NumberFormat costs tens of microseconds to make; a statement of 100,000 entries asks often.
const minorDigitsByCurrency = new Map<CurrencyCode, number>();

/** How many decimals the currency's minor unit has: 2 for USD, 0 for JPY, 3 for BHD. */
export function minorDigitsOf(currency: CurrencyCode): number {
  let digits = minorDigitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** A whole, non-negative number of minor units, at most MAX_AMOUNT. */
export function isMinorUnits(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_AMOUNT;
}

/** A sum that left the range where JavaScript numbers are exact integers: refused, never answered wrong. */
export class TotalTooLargeError extends Error {
  constructor(what: string) {
    super(
      `${what} is past ${Number.MAX_SAFE_INTEGER} minor units, where totals are no longer exact; narrow the query (one currency, a shorter period)`,
    );
    this.name = 'TotalTooLargeError';
  }
}

/**
 * Checks a sum of non-negative amounts (such as a database's `$sum`). Each addend is exact, so as
 * long as the true sum is at most 2^53 − 1 every partial sum was exact too; past it the computed
 * sum is at least 2^53. One check of the result therefore tells an exact total from a rounded
 * one. Sums of mixed signs need `ExactSum`: their partial sums may pass 2^53 and come back.
 */
export function requireExactTotal(total: number, what: string): number {
  if (!Number.isSafeInteger(total)) throw new TotalTooLargeError(what);
  return total;
}

/**
 * Adds whole minor units of any sign exactly, whatever the number of addends: in a plain number
 * while every partial sum is a safe integer (the usual case, as fast as `+`), spilling into a
 * BigInt whenever one would not be. Only the result is judged: `toNumber` gives it if it is
 * safe and refuses it (TotalTooLargeError) if not, so no total is ever answered rounded.
 */
export class ExactSum {
  private small = 0;
  private big = 0n;

  /** An addend that is not a whole number is refused; an unsafe one was rounded already, so the total cannot be exact. */
  add(amount: number | bigint | ExactSum, what = 'A total'): this {
    if (amount instanceof ExactSum) {
      this.big += amount.big;
      return this.add(amount.small);
    }
    if (typeof amount === 'bigint') {
      this.big += amount;
      return this;
    }
    if (!Number.isSafeInteger(amount)) {
      if (Number.isInteger(amount)) throw new TotalTooLargeError(what);
      throw new RangeError(`${what}: ${amount} is not a whole number of minor units`);
    }
    const next = this.small + amount;
    if (Number.isSafeInteger(next)) this.small = next;
    else [this.big, this.small] = [this.big + BigInt(this.small) + BigInt(amount), 0];
    return this;
  }

  /** Whether nothing but zeros was added (cheap: no BigInt is made). */
  get isZero(): boolean {
    return this.small === 0 && this.big === 0n;
  }

  /** The exact sum. */
  get exact(): bigint {
    return this.big + BigInt(this.small);
  }

  /** The sum as a number, for a ratio or a share, where the last digits of a huge figure do not matter. */
  get approximate(): number {
    return this.big === 0n ? this.small : Number(this.exact);
  }

  /** The sum, if it is a safe integer; TotalTooLargeError naming `what` if not. */
  toNumber(what: string): number {
    if (this.big === 0n) return this.small;
    const exact = this.exact;
    if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < BigInt(Number.MIN_SAFE_INTEGER)) throw new TotalTooLargeError(what);
    return Number(exact);
  }
}

/**
 * The plain sum of amounts of one account (or fewer: one invoice's, one plan's), which are exact
 * without checking because an account's figures are bounded by MAX_ACCOUNT_TOTAL. Totals across
 * accounts go through `sumMinorUnits` or `ExactSum`.
 */
export function sumAmounts(amounts: readonly number[]): number {
  return amounts.reduce((total, amount) => total + amount, 0);
}

/** The exact sum of whole minor units of any sign, or TotalTooLargeError naming `what`. */
export function sumMinorUnits(amounts: Iterable<number | bigint>, what: string): number {
  const sum = new ExactSum();
  for (const amount of amounts) sum.add(amount, what);
  return sum.toNumber(what);
}

/** Formats minor units for people, e.g. 12345 USD → "123.45 USD" (for error messages only). */
export function formatMoney(amount: number, currency: CurrencyCode): string {
  const digits = minorDigitsOf(currency);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount)
    .toString()
    .padStart(digits + 1, '0');
  const major = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return `${sign}${major} ${currency}`;
}
