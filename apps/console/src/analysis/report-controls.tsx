import { Box, Select, TextInput } from '@mantine/core';
import { ReactNode } from 'react';
import { Session } from '../session';
import { dataOf } from '../use-answer';

/**
 * The API has no list of the currencies in the book: a report without a chosen currency asks for
 * each of these, and the **Currency** field offers every ISO 4217 code the browser knows.
 */
export const USUAL_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN'];
const EVERY_CURRENCY = [...new Set([...USUAL_CURRENCIES, ...Intl.supportedValuesOf('currency')])];

export function CurrencySelect({
  value,
  onChange,
  anyLabel,
}: {
  value: string | undefined;
  onChange(currency: string | null): void;
  /** What no choice means (e.g. "Every currency"); without it a currency must be chosen. */
  anyLabel?: string;
}) {
  return (
    <Select
      label="Currency"
      placeholder={anyLabel}
      searchable
      clearable={anyLabel !== undefined}
      allowDeselect={anyLabel !== undefined}
      data={EVERY_CURRENCY}
      value={value ?? null}
      onChange={onChange}
      w={170}
    />
  );
}

/** A business day (YYYY-MM-DD) typed or picked in the browser's own date field. */
export function DayInput({
  label,
  value,
  onChange,
  description,
}: {
  label: string;
  value: string;
  onChange(day: string): void;
  description?: string;
}) {
  return (
    <TextInput
      type="date"
      label={label}
      description={description}
      value={value}
      onChange={(event) => event.currentTarget.value && onChange(event.currentTarget.value)}
    />
  );
}

/**
 * A chart named for screen readers, which read the table beside it instead: the drawing is one
 * image with a name, not a maze of SVG shapes.
 */
export function ChartFigure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box role="img" aria-label={label} maw={900}>
      {children}
    </Box>
  );
}

/**
 * An amount in major units, for a chart's bar heights only (a float is fine for a drawing): the
 * tables print the exact amounts with formatMoney.
 */
export function chartUnits(minorUnits: number, currency: string): number {
  const digits = new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return minorUnits / 10 ** digits;
}

/** Today by the service's clock (the aging's default as-of day), which the reports' default periods start from. */
export async function serviceToday(session: Session): Promise<string> {
  return dataOf(await session.client.GET('/aging', { params: { query: { currency: 'EUR' } } }), 'The service could not be reached.').asOf;
}

/** A business day plus whole days, as a business day (UTC: a day has no time zone). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
