import { BusinessDate, CurrencyCode, addDays, daysBetween } from '@collections/domain';
import { mixture, residualDistribution } from './distribution';
import {
  DEFAULT_PAYMENT_MODEL,
  DISPUTE_PRIOR_WEIGHT,
  FEATURES,
  Feature,
  PaymentModel,
  daysLate,
  effectOf,
  featuresOf,
  shrunkSpread,
} from './payment-model';

/**
 * Predicted payment dates: the interface the read side, the cash forecast and `bench:predict`
 * share. Pure: no I/O, no clock; `asOf` is passed in, and only facts settled by `asOf` may be in
 * the history (no look-ahead).
 *
 * The model (payment-model.ts, docs/predictions.md): days late = the customer's level, shrunk
 * toward the portfolio's, plus what the invoice's features add; the range from the residuals'
 * quantiles; an invoice still open at `asOf` conditioned on "not paid before `asOf`".
 */

/** One invoice the customer settled before `asOf`: what the model learns from. */
export interface SettledInvoiceFact {
  invoiceId: string;
  currency: CurrencyCode;
  amount: number;
  issuedOn: BusinessDate;
  dueOn: BusinessDate;
  settledOn: BusinessDate;
  disputed: boolean;
  /** Reminders and final notices sent before it was settled. */
  reminders: number;
  /** How this invoice was billed, when it differs from the customer's channel (the IBM file's PaperlessBill per invoice). */
  channel?: 'electronic' | 'paper';
}

/** What is known of the customer at `asOf`: settled invoices and promises. */
export interface CustomerPaymentHistory {
  settled: readonly SettledInvoiceFact[];
  promisesKept: number;
  promisesBroken: number;
  /** The channel the customer is billed and reminded by, when known (the IBM file's PaperlessBill). */
  channel?: 'electronic' | 'paper';
}

/** The open invoice to predict. */
export interface OpenInvoiceFeatures {
  invoiceId: string;
  currency: CurrencyCode;
  amount: number;
  issuedOn: BusinessDate;
  dueOn: BusinessDate;
  disputed: boolean;
  /** Reminders and final notices sent so far. */
  reminders: number;
  /** How this invoice is billed, when it differs from the customer's channel. */
  channel?: 'electronic' | 'paper';
  /**
   * True when `disputed` is final (a backtest that knows the invoice's whole life). Otherwise an
   * undisputed invoice not yet due may still be disputed, and is predicted so.
   */
  disputeOutcomeKnown?: boolean;
}

/**
 * One fact that moved the prediction, and by how many days (signed) from the due date: the
 * drivers add up to predictedOn − dueOn.
 */
export interface PredictionDriver {
  fact: string;
  days: number;
}

export interface PaymentPrediction {
  predictedOn: BusinessDate;
  /** The 10th–90th percentile of the settlement date. */
  range: { from: BusinessDate; to: BusinessDate };
  /** `customer`: from the customer's own history; `portfolio`: the fallback for customers without history. */
  basis: 'customer' | 'portfolio';
  drivers: PredictionDriver[];
}

/**
 * The settlement date of `invoice`, and its 10th–90th percentile range, as known at `asOf`, by
 * `model` (fitted on the portfolio by `fitPaymentModel`; without one, the customer's own record
 * against "pays on the due date"). A prediction never lies before `asOf` for an invoice still
 * open then: what is still open has not been paid yet.
 */
export function predictPayment(
  history: CustomerPaymentHistory,
  invoice: OpenInvoiceFeatures,
  asOf: BusinessDate,
  model: PaymentModel = DEFAULT_PAYMENT_MODEL,
): PaymentPrediction {
  const { coefficients } = model;
  const adjusted = history.settled.map((fact) => daysLate(fact) - effectOf(featuresOf(fact, history, model.reference), coefficients));
  const count = adjusted.length;
  const ownWeight = count === 0 ? 0 : count / (count + model.priorWeight);
  const ownMean = count === 0 ? 0 : adjusted.reduce((sum, value) => sum + value, 0) / count;
  const usual = ownWeight * ownMean + (1 - ownWeight) * model.portfolioLevel;
  const broken = (1 - ownWeight) * coefficients.promisesBroken * history.promisesBroken;
  const kept = (1 - ownWeight) * coefficients.promisesKept * history.promisesKept;
  const level = usual + broken + kept;
  const spread = shrunkSpread(
    adjusted.reduce((sum, value) => sum + (value - level) ** 2, 0),
    count,
    model.spread,
  );
  const features = featuresOf(invoice, history, model.reference);
  // Not disputed yet and not due yet: disputed later with the customer's share of disputed invoices.
  const disputedBefore = history.settled.filter((fact) => fact.disputed).length;
  const mayYetBeDisputed = !invoice.disputed && !invoice.disputeOutcomeKnown && asOf < invoice.dueOn && coefficients.disputed !== 0;
  const disputeChance = (disputedBefore + DISPUTE_PRIOR_WEIGHT * model.reference.disputeShare) / (count + DISPUTE_PRIOR_WEIGHT);
  const centre = level + effectOf(features, coefficients);
  const undisputed = residualDistribution(model.residualQuantiles, centre, spread);
  const distribution = mayYetBeDisputed
    ? mixture(undisputed, residualDistribution(model.residualQuantiles, centre + coefficients.disputed, spread), disputeChance)
    : undisputed;

  const typical = wholeDays(usual + undisputed.quantile(0.5) - centre);
  const drivers: PredictionDriver[] = [
    {
      fact:
        count === 0
          ? `no payment history: the portfolio's customers pay ${describeLate(typical)}`
          : `usually pays ${describeLate(typical)} (its ${count} settled invoice${count === 1 ? '' : 's'}, with ${Math.round((1 - ownWeight) * 100)}% of the portfolio's habit)`,
      days: typical,
    },
    { fact: `${history.promisesBroken} promise${history.promisesBroken === 1 ? '' : 's'} broken`, days: wholeDays(broken) },
    { fact: `${history.promisesKept} promise${history.promisesKept === 1 ? '' : 's'} kept`, days: wholeDays(kept) },
    ...FEATURES.map((feature) => ({
      fact: describeFeature(feature, invoice, features),
      days: wholeDays(coefficients[feature] * features[feature]),
    })),
  ].filter((driver, index) => index === 0 || driver.days !== 0);
  let unconditional = drivers.reduce((sum, driver) => sum + driver.days, 0);
  if (mayYetBeDisputed) {
    // The mixture's median, never on the wrong side of the undisputed one by the drivers' rounding.
    const mixed = wholeDays(distribution.quantile(0.5));
    const median = coefficients.disputed > 0 ? Math.max(unconditional, mixed) : Math.min(unconditional, mixed);
    const of =
      count === 0
        ? `${Math.round(model.reference.disputeShare * 100)}% of the portfolio's invoices are`
        : `${disputedBefore} of its ${count} settled invoices were`;
    if (median !== unconditional) drivers.push({ fact: `may yet be disputed (${of})`, days: median - unconditional });
    unconditional = median;
  }

  // Still open at asOf: the mass before asOf did not happen; read the quantiles of what is left.
  const openFor = daysBetween(invoice.dueOn, asOf);
  const gone = distribution.cdf(openFor - 0.5);
  const left = (p: number): number =>
    gone >= 0.99
      ? openFor + (p > 0.5 ? distribution.quantile(p) - distribution.quantile(0.5) : 0)
      : distribution.quantile(gone + p * (1 - gone));
  const late = Math.max(unconditional, openFor, gone > 0 ? Math.round(left(0.5)) : -Infinity);
  if (late !== unconditional) {
    drivers.push({
      fact: `still unpaid on ${asOf}${invoice.reminders > 0 ? ` after ${invoice.reminders} reminder${invoice.reminders === 1 ? '' : 's'}` : ''}`,
      days: late - unconditional,
    });
  }
  const from = Math.min(late, Math.max(openFor, Math.round(left(0.1))));
  const to = Math.max(late, Math.round(left(0.9)));
  return {
    predictedOn: addDays(invoice.dueOn, late),
    range: { from: addDays(invoice.dueOn, from), to: addDays(invoice.dueOn, to) },
    basis: count === 0 ? 'portfolio' : 'customer',
    drivers,
  };
}

/** Rounded to whole days, and never −0 (which would print as 0 but compare unequal to it). */
const wholeDays = (days: number): number => Math.round(days) || 0;

function describeLate(days: number): string {
  if (days === 0) return 'on the due date';
  const count = Math.abs(days);
  return `${count} day${count === 1 ? '' : 's'} ${days > 0 ? 'late' : 'early'}`;
}

function describeFeature(feature: Feature, invoice: OpenInvoiceFeatures, features: Record<Feature, number>): string {
  switch (feature) {
    case 'disputed':
      return 'disputed';
    case 'paper':
      return features.paper === 1 ? 'billed on paper' : 'channel unknown';
    case 'logAmount':
      return features.logAmount > 0 ? 'larger amount than usual' : 'smaller amount than usual';
    case 'terms':
      return `terms of ${daysBetween(invoice.issuedOn, invoice.dueOn)} days`;
  }
}
