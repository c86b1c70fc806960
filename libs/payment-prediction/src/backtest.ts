import { median } from 'simple-statistics';
import { BusinessDate, CurrencyCode, addDays, daysBetween } from '@collections/domain';
import { forecastCash } from './cash-forecast';
import { fitPaymentModel } from './fit-payment-model';
import { PaymentModel } from './payment-model';
import { CustomerPaymentHistory, PaymentPrediction, SettledInvoiceFact, predictPayment } from './prediction';

/**
 * Backtests on a settled book (`npm run bench:predict` on the IBM file): each prediction is made
 * with only what was settled before its day, so it could have been made on that day.
 */
export interface HistoricalInvoice extends Omit<SettledInvoiceFact, 'reminders'> {
  customerId: string;
}

/** One invoice predicted on its issue day, beside the baselines, with what really happened. */
export interface IssuedPrediction {
  invoice: HistoricalInvoice;
  prediction: PaymentPrediction;
  /** The customer's median days from issue to settlement so far (the portfolio's without history). */
  customerMedianOn: BusinessDate;
}

/** The book as known at the start of `day`: each customer's settled invoices, and the model fitted on them. */
export function knownAt(
  book: readonly HistoricalInvoice[],
  day: BusinessDate,
): { histories: Map<string, CustomerPaymentHistory>; model: PaymentModel } {
  const histories = new Map<string, CustomerPaymentHistory>();
  for (const invoice of book) {
    if (invoice.settledOn >= day) continue;
    const history = histories.get(invoice.customerId) ?? { settled: [], promisesKept: 0, promisesBroken: 0 };
    histories.set(invoice.customerId, { ...history, settled: [...history.settled, { ...invoice, reminders: 0 }] });
  }
  return { histories, model: fitPaymentModel([...histories.values()]) };
}

const EMPTY_HISTORY: CustomerPaymentHistory = { settled: [], promisesKept: 0, promisesBroken: 0 };

/**
 * Predicts every invoice issued from `evaluateFrom` on, on its issue day, from what was settled
 * before that day. `disputeKnown: false` predicts as if no dispute were known yet at issue.
 */
export function predictOnIssue(
  book: readonly HistoricalInvoice[],
  evaluateFrom: BusinessDate,
  options: { disputeKnown: boolean } = { disputeKnown: true },
): IssuedPrediction[] {
  const evaluated = book.filter((invoice) => invoice.issuedOn >= evaluateFrom);
  const days = [...new Set(evaluated.map((invoice) => invoice.issuedOn))].sort();
  return days.flatMap((day) => {
    const { histories, model } = knownAt(book, day);
    const portfolio = [...histories.values()].flatMap((history) => history.settled.map(daysToSettle));
    return evaluated
      .filter((invoice) => invoice.issuedOn === day)
      .map((invoice) => {
        const history = histories.get(invoice.customerId) ?? EMPTY_HISTORY;
        const own = history.settled.map(daysToSettle);
        const usual =
          own.length > 0 ? median(own) : portfolio.length > 0 ? median(portfolio) : daysBetween(invoice.issuedOn, invoice.dueOn);
        // Known: the file's flag, final. Not known: as on the issue day, undisputed so far and possibly disputed later.
        const features = options.disputeKnown
          ? { ...invoice, reminders: 0, disputeOutcomeKnown: true }
          : { ...invoice, disputed: false, reminders: 0 };
        return {
          invoice,
          prediction: predictPayment(history, features, day, model),
          customerMedianOn: addDays(invoice.issuedOn, Math.round(usual)),
        };
      });
  });
}

const daysToSettle = (invoice: { issuedOn: BusinessDate; settledOn: BusinessDate }): number =>
  daysBetween(invoice.issuedOn, invoice.settledOn);

export interface PredictionScore {
  invoices: number;
  /** Mean absolute error of the predicted date, days. */
  mae: number;
  baselineDueDate: number;
  baselineCustomerMedian: number;
  /** Share of invoices settled inside the predicted range. */
  coverage: number;
}

export function scorePredictions(predictions: readonly IssuedPrediction[]): PredictionScore {
  const meanError = (predicted: (row: IssuedPrediction) => BusinessDate): number =>
    predictions.reduce((sum, row) => sum + Math.abs(daysBetween(predicted(row), row.invoice.settledOn)), 0) / predictions.length;
  return {
    invoices: predictions.length,
    mae: meanError((row) => row.prediction.predictedOn),
    baselineDueDate: meanError((row) => row.invoice.dueOn),
    baselineCustomerMedian: meanError((row) => row.customerMedianOn),
    coverage:
      predictions.filter(({ prediction: { range }, invoice }) => range.from <= invoice.settledOn && invoice.settledOn <= range.to).length /
      predictions.length,
  };
}

/** One week of one backtested forecast: what was forecast, its range, what the rule "pays on the due date" said, and what came in. */
export interface BacktestWeek {
  madeOn: BusinessDate;
  weekStart: BusinessDate;
  expected: number;
  low: number;
  high: number;
  dueDateRule: number;
  actual: number;
}

/**
 * At each of `madeOn`, the forecast of the invoices open then (issued before it, not yet settled),
 * predicted with what was settled before it, beside what those invoices really brought in each week.
 */
export function backtestCashForecast(
  book: readonly HistoricalInvoice[],
  madeOn: readonly BusinessDate[],
  currency: CurrencyCode,
  weeks = 13,
): BacktestWeek[] {
  return madeOn.flatMap((day) => {
    const { histories, model } = knownAt(book, day);
    const open = book.filter((invoice) => invoice.currency === currency && invoice.issuedOn < day && invoice.settledOn >= day);
    const forecast = forecastCash({
      from: day,
      weeks,
      currency,
      items: open.map((invoice) => ({
        amount: invoice.amount,
        prediction: predictPayment(
          histories.get(invoice.customerId) ?? EMPTY_HISTORY,
          { ...invoice, disputed: invoice.disputed && invoice.dueOn <= day, reminders: 0 },
          day,
          model,
        ),
      })),
    });
    const dueDateRule = forecastCash({
      from: day,
      weeks,
      currency,
      items: open.map((invoice) => ({ amount: invoice.amount, promisedOn: invoice.dueOn })),
    });
    return forecast.weeks.map((week, index) => ({
      madeOn: day,
      ...week,
      dueDateRule: dueDateRule.weeks[index].expected,
      actual: open
        .filter((invoice) => Math.floor(daysBetween(day, invoice.settledOn) / 7) === index)
        .reduce((sum, invoice) => sum + invoice.amount, 0),
    }));
  });
}

export interface ForecastScore {
  /** Mean absolute error per week, minor units. */
  weeklyMae: number;
  /** Σ|forecast − actual| ÷ Σ actual. */
  wape: number;
  /** The same for "every open invoice is paid on its due date". */
  wapeDueDate: number;
  /** Share of weeks whose actual collections fell inside [low, high]. */
  coverage: number;
}

export function scoreForecasts(weeks: readonly BacktestWeek[]): ForecastScore {
  const actual = weeks.reduce((sum, week) => sum + week.actual, 0);
  const error = (forecast: (week: BacktestWeek) => number): number =>
    weeks.reduce((sum, week) => sum + Math.abs(forecast(week) - week.actual), 0);
  return {
    weeklyMae: error((week) => week.expected) / weeks.length,
    wape: error((week) => week.expected) / actual,
    wapeDueDate: error((week) => week.dueDateRule) / actual,
    coverage: weeks.filter((week) => week.low <= week.actual && week.actual <= week.high).length / weeks.length,
  };
}
