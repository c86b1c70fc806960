/**
 * The reports' days and percentages as the API gives them (already rounded to 2 decimals): printed,
 * never recomputed. A ratio the API could not form (a zero denominator) is null.
 */
const twoDecimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export const NOT_DEFINED = '—';

export function formatDays(days: number | null): string {
  return days === null ? NOT_DEFINED : `${twoDecimals.format(days)} days`;
}

export function formatPercent(percent: number | null): string {
  return percent === null ? NOT_DEFINED : `${twoDecimals.format(percent)}%`;
}

/** The calendar months that overlap [from, to], each cut to the period, oldest first. */
export function monthsOf(from: string, to: string): { month: string; from: string; to: string }[] {
  const months: { month: string; from: string; to: string }[] = [];
  let start = from;
  while (start <= to) {
    const [year, month] = start.split('-').map(Number);
    const lastDay = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    const end = lastDay < to ? lastDay : to;
    months.push({ month: start.slice(0, 7), from: start, to: end });
    start = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
  }
  return months;
}
