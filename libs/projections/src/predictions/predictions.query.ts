import { BusinessDate, CurrencyCode, addDays, daysBetween } from '@collections/domain';
import { ReadStore } from '@collections/read-store';
import { CashForecast, CashForecastItem, forecastCash } from '@collections/payment-prediction';
import { LIKELY_LATE_DAYS, PAYMENT_PREDICTIONS, PaymentPredictionDocument, PredictedInvoice } from './predictions.projection';

/** A customer's open invoices with their predictions, by invoice id (empty for a customer without any). */
export async function predictionsOf(readStore: ReadStore, customerId: string): Promise<Map<string, PredictedInvoice>> {
  // Read on every GET state: neither a copy of the document nor its history.
  const customer = await readStore
    .collection<PaymentPredictionDocument>(PAYMENT_PREDICTIONS)
    .findOne({ _id: customerId }, { readOnly: true, projection: { open: 1 } });
  return new Map((customer?.open ?? []).map((invoice) => [invoice.invoiceId, invoice]));
}

/** An open invoice predicted to be paid more than LIKELY_LATE_DAYS after its due date. */
export interface LikelyLateInvoice {
  invoiceId: string;
  dueOn: BusinessDate;
  predictedOn: BusinessDate;
  daysLate: number;
}

/**
 * Customer ids asked for by name up to this many (a collector's ~2,000 are 2,000 lookups by id);
 * more, as for a whole book, and the likely-late customers of the book are read and picked.
 */
const LISTED_CUSTOMERS = 10_000;

/** Of these customers, those with an open invoice likely late, and which: the worklist's signal. */
export async function likelyLateInvoicesOf(
  readStore: ReadStore,
  customerIds: readonly string[],
): Promise<Map<string, Map<string, LikelyLateInvoice>>> {
  const late = new Map<string, Map<string, LikelyLateInvoice>>();
  if (customerIds.length === 0) return late;
  const wanted = new Set(customerIds);
  const customers = await readStore.collection<PaymentPredictionDocument>(PAYMENT_PREDICTIONS).find(
    customerIds.length <= LISTED_CUSTOMERS
      ? { _id: { $in: [...customerIds] }, maxDaysLate: { $gt: LIKELY_LATE_DAYS } }
      : { maxDaysLate: { $gt: LIKELY_LATE_DAYS } },
    // Not the history: only what says which invoices are late.
    { readOnly: true, projection: { customerId: 1, open: 1 } },
  );
  for (const { customerId, open } of customers) {
    if (!wanted.has(customerId)) continue;
    const invoices = new Map<string, LikelyLateInvoice>();
    for (const { invoiceId, dueOn, prediction, daysLate } of open) {
      if (daysLate > LIKELY_LATE_DAYS) invoices.set(invoiceId, { invoiceId, dueOn, predictedOn: prediction.predictedOn, daysLate });
    }
    late.set(customerId, invoices);
  }
  return late;
}

export interface CashForecastQuery {
  /** Any day of the first week: the forecast starts on that week's Monday. */
  from: BusinessDate;
  weeks: number;
  currency: CurrencyCode;
}

/** The week's Monday (1900-01-01, the earliest business date, was a Monday). */
export const mondayOf = (date: BusinessDate): BusinessDate => addDays(date, -(daysBetween('1900-01-01', date) % 7));

/**
 * Expected collections per week in one currency: every customer's open invoices in it, where a
 * promise not yet kept or broken, or a payment plan's open installments, say when (for as much as
 * they cover, up to what is open), and the model's prediction for the rest.
 */
export async function queryCashForecast(readStore: ReadStore, { from, weeks, currency }: CashForecastQuery): Promise<CashForecast> {
  const customers = await readStore
    .collection<PaymentPredictionDocument>(PAYMENT_PREDICTIONS)
    .find({ currencies: currency }, { readOnly: true, projection: { customerId: 1, open: 1, openPromises: 1, currentPlans: 1 } });
  return forecastCash({
    from: mondayOf(from),
    weeks,
    currency,
    items: customers.flatMap((customer) => forecastItemsOf(customer, currency)),
  });
}

/** One customer's open amounts in `currency` as forecast items: promised and planned first, then predicted. */
export function forecastItemsOf(customer: PaymentPredictionDocument, currency: CurrencyCode): CashForecastItem[] {
  const open = new Map(
    customer.open.filter((invoice) => invoice.currency === currency).map((invoice) => [invoice.invoiceId, invoice.balance]),
  );
  const items: CashForecastItem[] = [];
  // Takes up to `amount` from the invoices' open balances, in their order: what a promise or an installment covers.
  const cover = (invoiceIds: readonly string[], amount: number, promisedOn: BusinessDate) => {
    let covered = 0;
    for (const invoiceId of invoiceIds) {
      const balance = open.get(invoiceId) ?? 0;
      const taken = Math.min(balance, amount - covered);
      if (taken <= 0) continue;
      open.set(invoiceId, balance - taken);
      covered += taken;
    }
    if (covered > 0) items.push({ amount: covered, promisedOn });
  };
  const promises = customer.openPromises.filter((promise) => promise.currency === currency);
  for (const { invoiceIds, amount, promisedFor } of [...promises].sort((a, b) => (a.promisedFor < b.promisedFor ? -1 : 1))) {
    cover(invoiceIds, amount, promisedFor);
  }
  const installments = customer.currentPlans
    .filter((plan) => plan.currency === currency)
    .flatMap(({ invoiceIds, installments: all }) => all.filter((i) => i.open).map((i) => ({ invoiceIds, ...i })))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : 1));
  for (const { invoiceIds, amount, dueOn } of installments) cover(invoiceIds, amount, dueOn);
  for (const invoice of customer.open) {
    const rest = open.get(invoice.invoiceId) ?? 0;
    if (invoice.currency === currency && rest > 0) items.push({ amount: rest, prediction: invoice.prediction });
  }
  return items;
}
