import { probit } from 'simple-statistics';
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
 * An undisputed invoice not yet due may still be disputed: its `disputed` feature is then the
 * customer's share of disputed invoices (weighed against the portfolio's with the weight of
 * `DISPUTE_PRIOR_WEIGHT` invoices), unless the caller knows the outcome (`disputeOutcomeKnown`).
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
  reference: { logAmount: number; terms: number; paperShare: number; disputeShare: number };
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

/** How many invoices a customer's own share of disputed invoices weighs against the portfolio's. */
export const DISPUTE_PRIOR_WEIGHT = 5;

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
  reference: { logAmount: 0, terms: 30, paperShare: 0, disputeShare: 0 },
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
