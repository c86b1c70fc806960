import { BusinessDate, CurrencyCode, addDays, daysBetween } from '@collections/domain';
import { PaymentPrediction } from './prediction';

/**
 * The cash forecast: expected collections per week, with a range, from what is owed and when it
 * is expected. Pure: the caller picks the currency's open amounts and says what governs each one.
 *
 * - An invoice (or the part of it no promise or plan covers) comes with its `prediction`: its
 *   settlement day is spread over the weeks by the prediction's distribution (10% below
 *   `range.from`, 40% from there to `predictedOn`, 40% from there to `range.to`, 10% above; the
 *   tails as steep as the slope next to them), conditioned on "not paid before `from`".
 * - A promise to pay or a payment-plan installment in force comes with its `promisedOn`: the
 *   whole amount lands in that day's week (or the first week when the day has passed). Promises
 *   take precedence for what they cover: the caller passes the covered amount as a promise item
 *   and only the rest of the invoice as a prediction item.
 *
 * `expected` per week is each item's amount shared over the weeks by that distribution, in whole
 * minor units by the largest remainder, so the weeks plus `beyond` (expected after the horizon)
 * add up to exactly the items' total. `low` and `high` are the 10th and 90th percentiles of the
 * week's total if every item settles independently (normal approximation of a sum of weighted
 * Bernoulli variables: expected ∓ 1.2816 standard deviations, low never below 0), rounded out.
 */
export type CashForecastItem = { amount: number; prediction: PaymentPrediction } | { amount: number; promisedOn: BusinessDate };

export interface CashForecastRequest {
  /** The first day of the first week: the day the forecast is made (the predictions' as-of day). */
  from: BusinessDate;
  /** How many weeks: 13 is the treasury's quarter. */
  weeks: number;
  currency: CurrencyCode;
  /** Open amounts in `currency`, in minor units. */
  items: readonly CashForecastItem[];
}

export interface CashForecastWeek {
  weekStart: BusinessDate;
  expected: number;
  low: number;
  high: number;
}

export interface CashForecast {
  currency: CurrencyCode;
  weeks: CashForecastWeek[];
  /** Expected after the last week: Σ expected + beyond = Σ items' amounts. */
  beyond: number;
}

/** The normal distribution's 90th percentile: expected ± Z90·σ is the 10–90% range. */
const Z90 = 1.2815515655446004;

/** A share of an item's probability spread evenly over the days `first`..`last` (day numbers from `from`). */
interface Segment {
  share: number;
  first: number;
  last: number;
}

export function forecastCash(request: CashForecastRequest): CashForecast {
  const { from, weeks, currency, items } = request;
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError(`weeks must be a positive whole number, not ${weeks}`);
  const expected = new Array<number>(weeks).fill(0);
  const variance = new Array<number>(weeks).fill(0);
  let beyond = 0;
  for (const item of items) {
    if (!Number.isSafeInteger(item.amount) || item.amount < 0)
      throw new RangeError(`amounts are whole minor units ≥ 0, not ${item.amount}`);
    const shares = weekShares(segmentsOf(item, from), weeks);
    const pieces = apportion(item.amount, shares);
    for (let week = 0; week < weeks; week++) {
      expected[week] += pieces[week];
      variance[week] += item.amount * item.amount * shares[week] * (1 - shares[week]);
    }
    beyond += pieces[weeks];
  }
  return {
    currency,
    beyond,
    weeks: expected.map((sum, week) => {
      const spread = Z90 * Math.sqrt(variance[week]);
      return {
        weekStart: addDays(from, 7 * week),
        expected: sum,
        low: Math.max(0, Math.floor(sum - spread)),
        high: Math.ceil(sum + spread),
      };
    }),
  };
}

/** The item's settlement day as shares over day numbers counted from `from`. */
function segmentsOf(item: CashForecastItem, from: BusinessDate): Segment[] {
  if ('promisedOn' in item) return [{ share: 1, first: daysBetween(from, item.promisedOn), last: daysBetween(from, item.promisedOn) }];
  const low = daysBetween(from, item.prediction.range.from);
  const mid = daysBetween(from, item.prediction.predictedOn);
  const high = daysBetween(from, item.prediction.range.to);
  return [
    { share: 0.1, first: low - Math.ceil((mid - low) / 4), last: low },
    { share: 0.4, first: low, last: mid },
    { share: 0.4, first: mid, last: high },
    { share: 0.1, first: high, last: high + Math.ceil((high - mid) / 4) },
  ];
}

/**
 * Shares of weeks 0..weeks−1 and, last, of "beyond", conditioned on a day ≥ 0 (an open amount is
 * not paid before the forecast's first day); all of it on day 0 when nothing is left after it.
 */
function weekShares(segments: readonly Segment[], weeks: number): number[] {
  const shares = new Array<number>(weeks + 1).fill(0);
  let kept = 0;
  for (const { share, first, last } of segments) {
    const days = last - first + 1;
    const firstKept = Math.max(first, 0);
    if (last < firstKept) continue;
    for (let week = Math.min(weeks, Math.floor(firstKept / 7)); week <= Math.min(weeks, Math.floor(last / 7)); week++) {
      const start = Math.max(firstKept, week * 7);
      const end = week === weeks ? last : Math.min(last, week * 7 + 6);
      const part = (share * (end - start + 1)) / days;
      shares[week] += part;
      kept += part;
    }
  }
  if (kept === 0) return shares.map((_, week) => (week === 0 ? 1 : 0));
  return shares.map((share) => share / kept);
}

/** `amount` split by `shares` into whole units that add up to it exactly (largest remainder). */
export function apportion(amount: number, shares: readonly number[]): number[] {
  const exact = shares.map((share) => amount * share);
  const pieces = exact.map(Math.floor);
  let left = amount - pieces.reduce((sum, piece) => sum + piece, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - pieces[index] })).sort((a, b) => b.remainder - a.remainder);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    pieces[index]++;
    left--;
  }
  // Rounding in the shares' sum can overshoot by a unit on huge amounts: take it back where least was owed.
  for (const { index } of byRemainder.reverse()) {
    if (left >= 0) break;
    if (pieces[index] > 0) {
      pieces[index]--;
      left++;
    }
  }
  return pieces;
}
