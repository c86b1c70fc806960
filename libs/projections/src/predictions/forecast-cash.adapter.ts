import { BusinessDate, CurrencyCode, addDays, daysBetween } from '@collections/domain';
import { PaymentPrediction } from '@collections/payment-prediction';

/**
 * INTERIM ADAPTER, to be switched to `forecastCash` of @collections/payment-prediction (issue 18,
 * branch i18-predict-model, same types and signature) once it is on main: replace this file's body
 * by `export { forecastCash } from '@collections/payment-prediction'` and its types by theirs.
 *
 * Until then, each amount lands whole in the week of its day (the predicted day, or the promised
 * day; the first week when that day has passed; `beyond` after the horizon); `low` counts only
 * predictions whose whole range lies in the week, `high` adds those whose range reaches into it.
 * Weeks start at `from`; the caller picks a Monday.
 */
export type CashForecastItem = { amount: number; prediction: PaymentPrediction } | { amount: number; promisedOn: BusinessDate };

export interface CashForecastRequest {
  from: BusinessDate;
  weeks: number;
  currency: CurrencyCode;
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

export function forecastCash({ from, weeks, currency, items }: CashForecastRequest): CashForecast {
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError(`weeks must be a positive whole number, not ${weeks}`);
  const result = Array.from({ length: weeks }, (_, week) => ({ weekStart: addDays(from, 7 * week), expected: 0, low: 0, high: 0 }));
  // Week number of a day: 0 for any day up to the first week's end, `weeks` for beyond.
  const weekOf = (day: BusinessDate) => Math.min(weeks, Math.max(0, Math.floor(daysBetween(from, day) / 7)));
  let beyond = 0;
  for (const item of items) {
    const [on, first, last] =
      'promisedOn' in item
        ? [item.promisedOn, item.promisedOn, item.promisedOn]
        : [item.prediction.predictedOn, item.prediction.range.from, item.prediction.range.to];
    const week = weekOf(on);
    if (week === weeks) beyond += item.amount;
    else {
      result[week].expected += item.amount;
      if (weekOf(first) === week && weekOf(last) === week) result[week].low += item.amount;
    }
    for (let reached = weekOf(first); reached <= Math.min(weekOf(last), weeks - 1); reached++) result[reached].high += item.amount;
  }
  return { currency, weeks: result, beyond };
}
