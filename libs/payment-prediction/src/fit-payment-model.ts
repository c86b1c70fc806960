import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
import { mean, quantileSorted } from 'simple-statistics';
import { daysBetween } from '@collections/domain';
import {
  DEFAULT_PAYMENT_MODEL,
  FEATURES,
  Feature,
  FeatureCoefficients,
  PaymentModel,
  QUANTILE_PROBABILITIES,
  priorLevelOf,
  shrunkLevel,
  shrunkSpread,
} from './payment-model';
import type { CustomerPaymentHistory } from './prediction';

/**
 * Fits the model (payment-model.ts) on every customer's settled history. Pure: the caller decides
 * what was known when. Column-wise in typed arrays, so a portfolio of a million settled invoices
 * costs a few arrays, not a million objects.
 */
export function fitPaymentModel(customers: readonly CustomerPaymentHistory[]): PaymentModel {
  const starts = new Int32Array(customers.length + 1);
  customers.forEach((history, customer) => (starts[customer + 1] = starts[customer] + history.settled.length));
  const count = starts[customers.length];
  if (count === 0) return DEFAULT_PAYMENT_MODEL;

  const late = new Float64Array(count);
  const columns: Record<Feature, Float64Array> = {
    disputed: new Float64Array(count),
    paper: new Float64Array(count),
    logAmount: new Float64Array(count),
    terms: new Float64Array(count),
  };
  let known = 0;
  let onPaper = 0;
  customers.forEach((history, customer) => {
    history.settled.forEach((fact, index) => {
      const row = starts[customer] + index;
      late[row] = daysBetween(fact.dueOn, fact.settledOn);
      columns.disputed[row] = fact.disputed ? 1 : 0;
      const channel = fact.channel ?? history.channel;
      columns.paper[row] = channel === undefined ? Number.NaN : channel === 'paper' ? 1 : 0;
      if (channel !== undefined) known++;
      if (channel === 'paper') onPaper++;
      columns.logAmount[row] = Math.log(Math.max(1, fact.amount));
      columns.terms[row] = daysBetween(fact.issuedOn, fact.dueOn);
    });
  });
  // The references the features are measured from (see featuresOf): the same numbers a prediction uses.
  const reference = {
    logAmount: quantileSorted(
      Array.from(columns.logAmount).sort((a, b) => a - b),
      0.5,
    ),
    terms: quantileSorted(
      Array.from(columns.terms).sort((a, b) => a - b),
      0.5,
    ),
    paperShare: known === 0 ? 0 : onPaper / known,
    disputeShare: columns.disputed.reduce((sum, value) => sum + value, 0) / count,
  };
  for (let row = 0; row < count; row++) {
    if (Number.isNaN(columns.paper[row])) columns.paper[row] = reference.paperShare;
    columns.logAmount[row] -= reference.logAmount;
    columns.terms[row] -= reference.terms;
  }

  const coefficients: FeatureCoefficients = { ...withinCustomerFit(starts, late, columns), promisesBroken: 0, promisesKept: 0 };
  // Days late with the features' effects taken out: what is left is the customer's own habit.
  const adjusted = late.map(
    (value, row) => value - FEATURES.reduce((sum, feature) => sum + coefficients[feature] * columns[feature][row], 0),
  );
  const withHistory = customers.map((_, customer) => customer).filter((customer) => starts[customer + 1] > starts[customer]);
  const own = (customer: number) => adjusted.subarray(starts[customer], starts[customer + 1]);
  const means = withHistory.map((customer) => mean(Array.from(own(customer))));
  const prior = priorFit(
    withHistory.map((customer) => customers[customer]),
    means,
  );
  coefficients.promisesBroken = prior.promisesBroken;
  coefficients.promisesKept = prior.promisesKept;
  const priorWeight = empiricalBayesWeight(withHistory.map(own), means);
  const model = { portfolioLevel: prior.portfolioLevel, priorWeight, coefficients, reference, fittedOn: count };

  // Leave-one-out residuals: how far each invoice fell from the level its customer's other invoices gave.
  const residuals = new Float64Array(count);
  for (const customer of withHistory) {
    const values = own(customer);
    const level = priorLevelOf(customers[customer], model);
    const sum = values.reduce((total, value) => total + value, 0);
    const others = values.length - 1;
    values.forEach((value, index) => {
      residuals[starts[customer] + index] = value - shrunkLevel(others > 0 ? (sum - value) / others : 0, others, level, priorWeight);
    });
  }
  const spread = Math.max(0.5, Math.sqrt(residuals.reduce((total, value) => total + value * value, 0) / count));
  // Each residual in its customer's own spread, so a steady payer's range is narrow and an erratic one's wide.
  const standardised = new Float64Array(count);
  for (const customer of withHistory) {
    const values = residuals.subarray(starts[customer], starts[customer + 1]);
    const customerSpread = shrunkSpread(
      values.reduce((total, value) => total + value * value, 0),
      values.length,
      spread,
    );
    values.forEach((value, index) => (standardised[starts[customer] + index] = value / customerSpread));
  }
  standardised.sort();
  const sorted = Array.from(standardised);
  return { ...model, spread, residualQuantiles: QUANTILE_PROBABILITIES.map((p) => quantileSorted(sorted, p)) };
}

/**
 * The features' coefficients by least squares on values centred within each customer (customers
 * with two invoices or more): the normal equations are summed in one pass, then solved by the
 * library's least squares (exact on their square system).
 */
function withinCustomerFit(starts: Int32Array, late: Float64Array, columns: Record<Feature, Float64Array>): Record<Feature, number> {
  const size = FEATURES.length;
  const xtx = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const xty = new Array<number>(size).fill(0);
  const centred = new Array<number>(size);
  let rows = 0;
  for (let customer = 0; customer + 1 < starts.length; customer++) {
    const first = starts[customer];
    const end = starts[customer + 1];
    if (end - first < 2) continue;
    const averageOf = (values: Float64Array) => values.subarray(first, end).reduce((sum, value) => sum + value, 0) / (end - first);
    const lateMean = averageOf(late);
    const featureMeans = FEATURES.map((feature) => averageOf(columns[feature]));
    for (let row = first; row < end; row++) {
      FEATURES.forEach((feature, index) => (centred[index] = columns[feature][row] - featureMeans[index]));
      const y = late[row] - lateMean;
      for (let i = 0; i < size; i++) {
        xty[i] += centred[i] * y;
        for (let j = 0; j < size; j++) xtx[i][j] += centred[i] * centred[j];
      }
      rows++;
    }
  }
  const fitted = Object.fromEntries(FEATURES.map((feature) => [feature, 0])) as Record<Feature, number>;
  // A feature that never varies within a customer (one currency's terms, no channel known) says nothing.
  const varying = FEATURES.map((_, index) => index).filter((index) => xtx[index][index] > 1e-9);
  if (varying.length === 0 || rows <= varying.length) return fitted;
  const regression = new MultivariateLinearRegression(
    varying.map((i) => varying.map((j) => xtx[i][j])),
    varying.map((i) => [xty[i]]),
    { intercept: false, statistics: false },
  );
  varying.forEach((featureIndex, index) => {
    const weight = regression.weights[index][0];
    fitted[FEATURES[featureIndex]] = Number.isFinite(weight) ? weight : 0;
  });
  return fitted;
}

/** The prior of a customer's level: the customers' average, moved by their promises where promises vary. */
function priorFit(
  histories: CustomerPaymentHistory[],
  means: number[],
): { portfolioLevel: number; promisesBroken: number; promisesKept: number } {
  const portfolioLevel = mean(means);
  const promises = histories.map((history) => [history.promisesBroken, history.promisesKept]);
  const varies = (index: number) => new Set(promises.map((row) => row[index])).size > 1;
  if (histories.length < 5 || !(varies(0) || varies(1))) return { portfolioLevel, promisesBroken: 0, promisesKept: 0 };
  const columns = [0, 1].filter(varies);
  const regression = new MultivariateLinearRegression(
    promises.map((row) => columns.map((column) => row[column])),
    means.map((value) => [value]),
    { intercept: true, statistics: false },
  );
  const weights = regression.weights.map(([weight]) => (Number.isFinite(weight) ? weight : 0));
  const coefficient = (index: number) => (columns.includes(index) ? weights[columns.indexOf(index)] : 0);
  return { portfolioLevel: weights[columns.length], promisesBroken: coefficient(0), promisesKept: coefficient(1) };
}

/** σ²within ÷ τ²between: how many of its own invoices make a customer's mean as reliable as the prior. */
function empiricalBayesWeight(values: Float64Array[], means: number[]): number {
  let squares = 0;
  let freedom = 0;
  values.forEach((own, index) => {
    for (const value of own) squares += (value - means[index]) ** 2;
    freedom += own.length - 1;
  });
  if (freedom === 0 || means.length < 2) return DEFAULT_PAYMENT_MODEL.priorWeight;
  const within = squares / freedom;
  const grand = mean(means);
  const betweenObserved = means.reduce((total, value) => total + (value - grand) ** 2, 0) / (means.length - 1);
  const noise = mean(values.map((own) => within / own.length));
  // τ² at least 1% of σ²: a prior never outweighs a hundred of the customer's own invoices.
  const between = Math.max(betweenObserved - noise, within / 100);
  return within === 0 ? 0 : within / between;
}
