/**
 * Amounts and dates as people read them. Amounts come as integer minor units and are formatted
 * exactly: the decimal is written as a string (Intl.NumberFormat reads it as a decimal, never as a
 * float), with as many fraction digits as the currency has.
 */
export function formatMoney(minorUnits: number, currency: string, locale?: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const sign = minorUnits < 0 ? '-' : '';
  const units = String(Math.abs(minorUnits)).padStart(digits + 1, '0');
  const decimal = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return format.format(`${sign}${decimal}` as unknown as number);
}

/** A business date (YYYY-MM-DD) as it is: a day, with no time zone to shift it. */
export function formatDay(day: string | null | undefined): string {
  return day ?? '—';
}

/** An enum value of the API (`call_now`) in words (`call now`). */
export function words(value: string): string {
  return value.replace(/_/g, ' ');
}

/** How many decimals a currency's amounts have (EUR 2, JPY 0, BHD 3), as Intl knows it. */
export function fractionDigitsOf(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount a person typed, in minor units, or why it cannot be one. */
export type ParsedMoney = { minorUnits: number } | { refused: string };

/**
 * What a person typed (`600.00`, `0.1`, `12 500`) as integer minor units of the currency, exactly:
 * the digits are moved by string, never multiplied as a float. More decimals than the currency
 * has are refused (a cent cannot be split), unless they are zeros; so are signs and other letters.
 */
export function parseMoney(typed: string, currency: string): ParsedMoney {
  let digits: number;
  try {
    digits = fractionDigitsOf(currency);
  } catch {
    return { refused: `${currency} is not a currency` };
  }
  const parsed = parseDecimal(typed, digits);
  if ('scaled' in parsed) return { minorUnits: parsed.scaled };
  switch (parsed.refused) {
    case 'not-a-number':
      return {
        refused: `Write the amount in digits with a point for decimals, e.g. ${digits === 0 ? '600' : `600.${'0'.repeat(digits)}`}`,
      };
    case 'too-many-decimals':
      return { refused: digits === 0 ? `${currency} has no decimals` : `${currency} has ${digits} decimals at most` };
    case 'too-large':
      return { refused: 'This amount is too large' };
  }
}

/** Why a typed decimal is not one: not digits, a finer fraction than allowed, or past 2^53. */
export type DecimalRefusal = 'not-a-number' | 'too-many-decimals' | 'too-large';

/**
 * A decimal a person typed, times 10^digits, as an exact whole number (`1.5` with 2 digits is
 * 150): for amounts in minor units and rates in basis points. Zeros past `digits` are allowed.
 */
export function parseDecimal(typed: string, digits: number): { scaled: number } | { refused: DecimalRefusal } {
  // Spaces between thousands are how many people group digits; they carry no value.
  const match = /^(\d*)(?:\.(\d*))?$/.exec(typed.trim().replace(/[\s\u00a0\u202f]/g, ''));
  if (!match || `${match[1]}${match[2] ?? ''}` === '') return { refused: 'not-a-number' };
  const whole = match[1];
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return { refused: 'too-many-decimals' };
  const scaled = Number(`${whole}${fraction.padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(scaled)) return { refused: 'too-large' };
  return { scaled };
}
