/**
 * Business dates are calendar days written `YYYY-MM-DD`, with no time zone: the day a payment
 * was received, an invoice falls due, a promise is for. Strings in this format sort
 * chronologically, so comparisons are plain string comparisons.
 *
 * One valid range, one parser: a business date is a real calendar day from 1900-01-01 to
 * 2199-12-31. Every path that accepts a date from outside (HTTP, the CLI, the import, the policy
 * document, stored events) asks `isBusinessDate`, so nothing outside the range enters history.
 * Arithmetic (`addDays`, `daysBetween`) works on any day of years 0000–9999, so that a rule may
 * look a little past the range without ever producing a malformed string.
 */
export type BusinessDate = string & { readonly __brand?: 'BusinessDate' };

export const MIN_BUSINESS_DATE: BusinessDate = '1900-01-01';
export const MAX_BUSINESS_DATE: BusinessDate = '2199-12-31';
/** What a valid business date is, in the words every refusal uses. */
export const BUSINESS_DATE_RULE = `a real day from ${MIN_BUSINESS_DATE} to ${MAX_BUSINESS_DATE}, written YYYY-MM-DD`;

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days from 1970-01-01 to the given proleptic Gregorian day (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The day `epochDay` days after 1970-01-01 as year, month and day (civil_from_days). */
function civilFromDays(epochDay: number): [number, number, number] {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The epoch day of a real calendar day written `YYYY-MM-DD` (any year 0000–9999), else undefined. */
function parseCalendarDay(value: string): number | undefined {
  const match = SHAPE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return undefined;
  if (day > (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1])) return undefined;
  return daysFromCivil(year, month, day);
}

const MIN_EPOCH_DAY = parseCalendarDay(MIN_BUSINESS_DATE) as number;
const MAX_EPOCH_DAY = parseCalendarDay(MAX_BUSINESS_DATE) as number;
const inRange = (epochDay: number): boolean => epochDay >= MIN_EPOCH_DAY && epochDay <= MAX_EPOCH_DAY;

/**
 * Epoch days of the dates seen lately. A book has few distinct dates and the policy engine
 * counts days between them millions of times a run; parsing was a tenth of its time. Only
 * dates the parser accepts are ever remembered, so the memo cannot widen what is valid.
 */
const epochDays = new Map<string, number>();
const datesByEpochDay = new Map<number, BusinessDate>();
const REMEMBERED_DATES = 100_000;

function remember(date: BusinessDate, epochDay: number): void {
  if (!inRange(epochDay)) return;
  if (epochDays.size >= REMEMBERED_DATES) {
    epochDays.clear();
    datesByEpochDay.clear();
  }
  epochDays.set(date, epochDay);
  datesByEpochDay.set(epochDay, date);
}

/** The one parser: the epoch day of a valid business date, or undefined for anything else. */
export function parseBusinessDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const remembered = epochDays.get(value);
  if (remembered !== undefined) return remembered;
  const epochDay = parseCalendarDay(value);
  if (epochDay === undefined || !inRange(epochDay)) return undefined;
  remember(value, epochDay);
  return epochDay;
}

/** True for a real calendar day in `YYYY-MM-DD` form within 1900-01-01 … 2199-12-31 (so 2023-02-29 is false). */
export function isBusinessDate(value: unknown): value is BusinessDate {
  return parseBusinessDate(value) !== undefined;
}

function toEpochDay(date: BusinessDate): number {
  const epochDay = parseBusinessDate(date) ?? parseCalendarDay(date);
  if (epochDay === undefined) throw new RangeError(`Not a calendar day in YYYY-MM-DD form: ${JSON.stringify(date)}`);
  return epochDay;
}

function fromEpochDay(epochDay: number): BusinessDate {
  const remembered = datesByEpochDay.get(epochDay);
  if (remembered !== undefined) return remembered;
  const [year, month, day] = civilFromDays(epochDay);
  if (year < 0 || year > 9999) throw new RangeError(`Day ${epochDay} after 1970-01-01 is outside the years 0000–9999`);
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
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

/** The later of two dates, where the first may be absent: what "the last time" means whatever order facts are recorded in. */
export function latestOf(current: BusinessDate | undefined, candidate: BusinessDate): BusinessDate {
  return current === undefined || candidate > current ? candidate : current;
}

/**
 * True when `date` lies in the `days` days that start on `since` (since ≤ date < since + days).
 * A window, not a difference: a `since` after `date` never holds it open.
 */
export function isWithinDaysOf(since: BusinessDate, days: number, date: BusinessDate): boolean {
  const elapsed = daysBetween(since, date);
  return elapsed >= 0 && elapsed < days;
}
