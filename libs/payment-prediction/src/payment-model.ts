import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
import { mean, probit, quantileSorted } from 'simple-statistics';
import { daysBetween } from '@collections/domain';
import type { CustomerPaymentHistory, SettledInvoiceFact } from './prediction';

/**
 * The payment model, fitted on the portfolio's settled invoices (docs/predictions.md).
 *
 * Days late (settled − due) = the customer's level + Σ coefficient × the invoice's feature + noise.
 * - The features, each against a reference: disputed (vs not), billed on paper (vs electronically),
 *   ln(amount) − the portfolio's median ln(amount), terms (due − issued) − the median terms.
 *   Their coefficients come from a least-squares fit WITHIN customers (each customer's mean taken
 *   out), so a customer who is late and often disputes does not make disputes look worse than they are.
 * - The customer's level is the mean of its feature-adjusted days late, shrunk toward its prior
 *   (the portfolio's level, moved by broken and kept promises) with the weight of `priorWeight`
 *   invoices: σ²within ÷ τ²between, the empirical-Bayes (James–Stein) ratio. No history: the prior.
 * - The noise: leave-one-out residuals of every settled invoice, each divided by its customer's
 *   spread (shrunk toward the portfolio's), kept as 99 quantiles; a prediction is the level plus
 *   its customer's spread times those quantiles — the 10th–90th percentile is the range.
 *
 * Reminders are not a feature: they are sent because an invoice is late, so in the history they
 * measure lateness instead of causing it. They count through "not paid yet" (prediction.ts).
 */
export interface PaymentModel {
  /** Feature-adjusted days late of the average customer (undisputed, electronic, median amount and terms). */
  portfolioLevel: number;
  /** How many invoices the prior for a customer's level weighs against its own. */
  priorWeight: number;
  /** Days late per unit of each feature (0 where the portfolio does not vary in it). */
  coefficients: FeatureCoefficients;
  /** The references the features are measured from. */
  reference: { logAmount: number; terms: number; paperShare: number };
  /** The portfolio's spread (root mean square of leave-one-out residuals), days. */
  spread: number;
  /** Standardised residuals at the probabilities 0.01, 0.02 … 0.99. */
  residualQuantiles: readonly number[];
  /** Settled invoices the model was fitted on (0: the default model). */
  fittedOn: number;
}

export interface FeatureCoefficients {
  disputed: number;
  paper: number;
  logAmount: number;
  terms: number;
  /** Moves the prior of a customer's level (not its own record). */
  promisesBroken: number;
  promisesKept: number;
}

/** How many invoices a customer's own spread weighs against the portfolio's. */
export const SPREAD_PRIOR_WEIGHT = 5;

export const QUANTILE_PROBABILITIES: readonly number[] = Array.from({ length: 99 }, (_, index) => (index + 1) / 100);

/**
 * The model before any fit, so that `predictPayment` without a fitted model still means something:
 * pays on the due date; a customer's own mean weighs against that as from 3 invoices; noise normal
 * with a spread of 7 days (the IBM sample's typical spread within a customer).
 */
export const DEFAULT_PAYMENT_MODEL: PaymentModel = {
  portfolioLevel: 0,
  priorWeight: 3,
  coefficients: { disputed: 0, paper: 0, logAmount: 0, terms: 0, promisesBroken: 0, promisesKept: 0 },
  reference: { logAmount: 0, terms: 30, paperShare: 0 },
  spread: 7,
  residualQuantiles: QUANTILE_PROBABILITIES.map((p) => probit(p)),
  fittedOn: 0,
};

/** The invoice features the coefficients multiply, in `FEATURES` order. */
export const FEATURES = ['disputed', 'paper', 'logAmount', 'terms'] as const;
export type Feature = (typeof FEATURES)[number];

export interface InvoiceLike {
  amount: number;
  issuedOn: string;
  dueOn: string;
  disputed: boolean;
  channel?: 'electronic' | 'paper';
}

/** The feature values of an invoice, each measured from the model's reference. */
export function featuresOf(
  invoice: InvoiceLike,
  history: CustomerPaymentHistory,
  reference: PaymentModel['reference'],
): Record<Feature, number> {
  const channel = invoice.channel ?? history.channel;
  return {
    disputed: invoice.disputed ? 1 : 0,
    paper: channel === undefined ? reference.paperShare : channel === 'paper' ? 1 : 0,
    logAmount: Math.log(Math.max(1, invoice.amount)) - reference.logAmount,
    terms: daysBetween(invoice.issuedOn, invoice.dueOn) - reference.terms,
  };
}

export const effectOf = (features: Record<Feature, number>, coefficients: FeatureCoefficients): number =>
  FEATURES.reduce((sum, feature) => sum + coefficients[feature] * features[feature], 0);

export const daysLate = (fact: SettledInvoiceFact): number => daysBetween(fact.dueOn, fact.settledOn);

/** A customer's level: its mean adjusted days late weighed against its prior. */
export const shrunkLevel = (ownMean: number, count: number, prior: number, priorWeight: number): number =>
  count === 0 ? prior : (count * ownMean + priorWeight * prior) / (count + priorWeight);

export const priorLevelOf = (history: CustomerPaymentHistory, model: Pick<PaymentModel, 'portfolioLevel' | 'coefficients'>): number =>
  model.portfolioLevel +
  model.coefficients.promisesBroken * history.promisesBroken +
  model.coefficients.promisesKept * history.promisesKept;

/** A customer's spread: its own root mean square residual weighed against the portfolio's. */
export const shrunkSpread = (sumOfSquares: number, count: number, spread: number): number =>
  Math.sqrt((sumOfSquares + SPREAD_PRIOR_WEIGHT * spread * spread) / (count + SPREAD_PRIOR_WEIGHT));

/** Fits the model on every customer's settled history (pure; the caller decides what was known when). */
export function fitPaymentModel(customers: readonly CustomerPaymentHistory[]): PaymentModel {
  const facts = customers.flatMap((history, customer) => history.settled.map((fact) => ({ customer, history, fact })));
  if (facts.length === 0) return DEFAULT_PAYMENT_MODEL;
  const sortedLogAmounts = facts.map(({ fact }) => Math.log(Math.max(1, fact.amount))).sort((a, b) => a - b);
  const sortedTerms = facts.map(({ fact }) => daysBetween(fact.issuedOn, fact.dueOn)).sort((a, b) => a - b);
  const channels = facts.map(({ fact, history }) => fact.channel ?? history.channel).filter((channel) => channel !== undefined);
  const reference = {
    logAmount: quantileSorted(sortedLogAmounts, 0.5),
    terms: quantileSorted(sortedTerms, 0.5),
    paperShare: channels.length === 0 ? 0 : channels.filter((channel) => channel === 'paper').length / channels.length,
  };
  const rows = facts.map(({ customer, history, fact }) => ({ customer, late: daysLate(fact), x: featuresOf(fact, history, reference) }));
  const byCustomer = groupBy(rows, (row) => row.customer);

  const coefficients: FeatureCoefficients = { ...withinCustomerFit(byCustomer), promisesBroken: 0, promisesKept: 0 };
  const adjusted = [...byCustomer.entries()].map(([customer, own]) => ({
    history: customers[customer],
    values: own.map((row) => row.late - effectOf(row.x, coefficients)),
  }));
  const means = adjusted.map(({ values }) => mean(values));
  const { portfolioLevel, promisesBroken, promisesKept } = priorFit(adjusted, means);
  coefficients.promisesBroken = promisesBroken;
  coefficients.promisesKept = promisesKept;
  const priorWeight = empiricalBayesWeight(
    adjusted.map(({ values }) => values),
    means,
  );

  // Leave-one-out residuals: how far each invoice fell from the level its customer's other invoices gave.
  const model = { portfolioLevel, priorWeight, coefficients, reference, fittedOn: facts.length };
  const residuals = adjusted.map(({ history, values }) => {
    const prior = priorLevelOf(history, model);
    const sum = values.reduce((total, value) => total + value, 0);
    return values.map(
      (value) => value - shrunkLevel(values.length > 1 ? (sum - value) / (values.length - 1) : 0, values.length - 1, prior, priorWeight),
    );
  });
  const all = residuals.flat();
  const spread = Math.max(0.5, Math.sqrt(all.reduce((total, value) => total + value * value, 0) / all.length));
  const standardised = residuals
    .flatMap((own) => {
      const customerSpread = shrunkSpread(
        own.reduce((total, value) => total + value * value, 0),
        own.length,
        spread,
      );
      return own.map((value) => value / customerSpread);
    })
    .sort((a, b) => a - b);
  return {
    ...model,
    spread,
    residualQuantiles: QUANTILE_PROBABILITIES.map((p) => quantileSorted(standardised, p)),
  };
}

/** The features' coefficients by least squares on values centred within each customer. */
function withinCustomerFit(byCustomer: Map<number, { late: number; x: Record<Feature, number> }[]>): Record<Feature, number> {
  const x: number[][] = [];
  const y: number[][] = [];
  for (const own of byCustomer.values()) {
    if (own.length < 2) continue;
    const lateMean = mean(own.map((row) => row.late));
    const featureMeans = FEATURES.map((feature) => mean(own.map((row) => row.x[feature])));
    for (const row of own) {
      x.push(FEATURES.map((feature, index) => row.x[feature] - featureMeans[index]));
      y.push([row.late - lateMean]);
    }
  }
  const fitted = Object.fromEntries(FEATURES.map((feature) => [feature, 0])) as Record<Feature, number>;
  // A feature that never varies within a customer (one currency's terms, no channel known) says nothing.
  const varying = FEATURES.filter((_, index) => x.reduce((total, row) => total + row[index] * row[index], 0) > 1e-9);
  if (varying.length === 0 || x.length <= varying.length) return fitted;
  const columns = varying.map((feature) => FEATURES.indexOf(feature));
  const regression = new MultivariateLinearRegression(
    x.map((row) => columns.map((column) => row[column])),
    y,
    { intercept: false, statistics: false },
  );
  varying.forEach((feature, index) => {
    const weight = regression.weights[index][0];
    fitted[feature] = Number.isFinite(weight) ? weight : 0;
  });
  return fitted;
}

/** The prior of a customer's level: the customers' average, moved by their promises where promises vary. */
function priorFit(
  adjusted: { history: CustomerPaymentHistory }[],
  means: number[],
): { portfolioLevel: number; promisesBroken: number; promisesKept: number } {
  const portfolioLevel = mean(means);
  const promises = adjusted.map(({ history }) => [history.promisesBroken, history.promisesKept]);
  const varies = (index: number) => new Set(promises.map((row) => row[index])).size > 1;
  if (adjusted.length < 5 || !(varies(0) || varies(1))) return { portfolioLevel, promisesBroken: 0, promisesKept: 0 };
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
function empiricalBayesWeight(values: number[][], means: number[]): number {
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

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
