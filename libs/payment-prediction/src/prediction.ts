import { BusinessDate, CurrencyCode, addDays, daysBetween } from '@collections/domain';

/**
 * Predicted payment dates: the interface the read side, the cash forecast and `bench:predict`
 * share. Pure: no I/O, no clock; `asOf` is passed in, and only facts settled by `asOf` may be in
 * the history (no look-ahead).
 *
 * PLACEHOLDER MODEL (to be replaced by the documented model of issue 18 part 1, keeping these
 * signatures): the customer's median days from due date to settlement, the 10th–90th percentile
 * as the range, and "pays on the due date" without history.
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
}

/** One fact that moved the prediction, and by how many days (signed) against the starting point. */
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

/** Percentile (0–1) of sorted numbers by the nearest rank. */
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

/**
 * The settlement date of `invoice`, and its range, as known at `asOf`. A prediction never lies
 * before `asOf` for an invoice still open then: what is still open has not been paid yet.
 */
export function predictPayment(history: CustomerPaymentHistory, invoice: OpenInvoiceFeatures, asOf: BusinessDate): PaymentPrediction {
  const late = history.settled.map(({ dueOn, settledOn }) => daysBetween(dueOn, settledOn)).sort((a, b) => a - b);
  const notBefore = (date: BusinessDate): BusinessDate => (date < asOf ? asOf : date);
  if (late.length === 0) {
    return {
      predictedOn: notBefore(invoice.dueOn),
      range: { from: notBefore(invoice.dueOn), to: notBefore(invoice.dueOn) },
      basis: 'portfolio',
      drivers: [{ fact: 'no payment history: pays on the due date', days: 0 }],
    };
  }
  const median = percentile(late, 0.5);
  return {
    predictedOn: notBefore(addDays(invoice.dueOn, median)),
    range: { from: notBefore(addDays(invoice.dueOn, percentile(late, 0.1))), to: notBefore(addDays(invoice.dueOn, percentile(late, 0.9))) },
    basis: 'customer',
    drivers: [{ fact: `customer's median of ${late.length} settled invoices`, days: median }],
  };
}
