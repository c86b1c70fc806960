/**
 * Business dates are calendar days written `YYYY-MM-DD`, with no time zone: the day a payment
 * was received, an invoice falls due, a promise is for. Strings in this format sort
 * chronologically, so comparisons are plain string comparisons.
 */
export type BusinessDate = string & { readonly __brand?: 'BusinessDate' };

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Epoch days of the dates seen lately. A book has few distinct dates and the policy engine
 * counts days between them millions of times a run; parsing was a tenth of its time.
 */
const epochDays = new Map<string, number>();
const datesByEpochDay = new Map<number, BusinessDate>();
const REMEMBERED_DATES = 100_000;

function remember(date: BusinessDate, epochDay: number): void {
  if (epochDays.size >= REMEMBERED_DATES) {
    epochDays.clear();
    datesByEpochDay.clear();
  }
  epochDays.set(date, epochDay);
  datesByEpochDay.set(epochDay, date);
}

/** True for a real calendar day in `YYYY-MM-DD` form (so 2023-02-29 is false). */
export function isBusinessDate(value: unknown): value is BusinessDate {
  if (typeof value !== 'string') return false;
  if (epochDays.has(value)) return true;
  const match = SHAPE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day;
}

function toEpochDay(date: BusinessDate): number {
  const remembered = epochDays.get(date);
  if (remembered !== undefined) return remembered;
  const [year, month, day] = date.split('-').map(Number);
  const epochDay = Date.UTC(year, month - 1, day) / MS_PER_DAY;
  // Only real days are remembered (isBusinessDate trusts the map), and not without bound.
  if (isBusinessDate(date)) remember(date, epochDay);
  return epochDay;
}

function fromEpochDay(epochDay: number): BusinessDate {
  const remembered = datesByEpochDay.get(epochDay);
  if (remembered !== undefined) return remembered;
  const date = new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
  remember(date, epochDay);
  return date;
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  return fromEpochDay(toEpochDay(date) + days);
}
