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
