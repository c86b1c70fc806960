import { BusinessDate, CurrencyCode, isBusinessDate } from '@collections/domain';

/**
 * Field conversions shared by import formats. Each returns undefined for text it cannot read
 * exactly; the format says what was wrong, in its own column names.
 */

// The api's rule for client-chosen ids (apps/api/src/accounts/validation.ts, not exported there):
// the CLI must refuse exactly what an HTTP client would be refused.
const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const MAX_ID_LENGTH = 128;

export const ENTITY_ID_RULE = `letters, digits and . _ : - only, starting with a letter or digit, at most ${MAX_ID_LENGTH} characters`;

export function isEntityId(text: string): boolean {
  return text.length <= MAX_ID_LENGTH && ENTITY_ID.test(text);
}

const DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `DD/MM/YYYY` (leading zeros optional) as a `YYYY-MM-DD` business date, if it is a real day. */
export function dayFirstToBusinessDate(text: string): BusinessDate | undefined {
  const match = DAY_FIRST.exec(text);
  if (!match) return undefined;
  const [, day, month, year] = match;
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isBusinessDate(date) ? date : undefined;
}

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

/** How many decimals the currency's minor unit has: 2 for USD, 0 for JPY, 3 for BHD. */
export function minorDigitsOf(currency: CurrencyCode): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}
