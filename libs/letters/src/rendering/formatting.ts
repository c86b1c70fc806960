import { BusinessDate, CurrencyCode, isBusinessDate } from '@collections/domain';

/**
 * Amounts and dates as a letter shows them. Amounts stay integers of minor units up to the last
 * step: the decimal is built as a string and handed to Intl.NumberFormat, which formats a
 * numeric string exactly (no float ever holds the amount).
 */

/**
 * How many minor units digits `currency` has: 2 for EUR, 0 for JPY, 3 for BHD. Intl's (CLDR's)
 * answer, the same one the domain's `formatMoney` uses, so letters and errors agree on what an
 * amount of minor units means.
 */
export function minorUnitDigits(currency: CurrencyCode): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const moneyFormats = new Map<string, { digits: number; format: Intl.NumberFormat }>();

function moneyFormat(locale: string, currency: CurrencyCode): { digits: number; format: Intl.NumberFormat } {
  const key = `${locale}|${currency}`;
  let cached = moneyFormats.get(key);
  if (!cached) {
    const digits = minorUnitDigits(currency);
    cached = {
      digits,
      format: new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }),
    };
    moneyFormats.set(key, cached);
  }
  return cached;
}

/** 125000 EUR in en-GB → "€1,250.00"; 125000 JPY → "JP¥125,000". */
export function formatMinorUnits(amount: number, currency: CurrencyCode, locale: string): string {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`An amount must be a whole number of minor units, not ${amount}`);
  }
  const { digits, format } = moneyFormat(locale, currency);
  const units = Math.abs(amount)
    .toString()
    .padStart(digits + 1, '0');
  const decimal = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return format.format(`${amount < 0 ? '-' : ''}${decimal}` as Intl.StringNumericLiteral);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** 2024-03-05 in en-GB → "5 March 2024". A business date has no time zone, so UTC reads it as written. */
export function formatBusinessDate(date: BusinessDate, locale: string): string {
  if (!isBusinessDate(date)) throw new RangeError(`Not a business date (YYYY-MM-DD): ${date}`);
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  const [year, month, day] = date.split('-').map(Number);
  return format.format(Date.UTC(year, month - 1, day));
}
