import { BusinessDate, CollectionEvent, CurrencyCode, daysBetween, occurredOn } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import {
  CustomerPaymentHistory,
  OpenInvoiceFeatures,
  PaymentPrediction,
  SettledInvoiceFact,
  predictPayment,
} from '@collections/payment-prediction';
import { ReadDocument } from '@collections/read-store';
import { BatchDocuments, Projection } from '../projection';

/**
 * Predicted payment dates: per customer, what the model learns from (the invoices it settled,
 * the promises it kept and broke) and, per open invoice, its features and its current
 * prediction. Every event of the customer recomputes the predictions of all its open invoices
 * as of that event's business date, from the facts settled by then only (no look-ahead: a late
 * posting dated earlier does not learn from what was settled after its date).
 */
export const PAYMENT_PREDICTIONS = 'payment_predictions';

/**
 * How many days after its due date an invoice must be predicted to be paid to count as likely
 * late (the worklist's `likelyLate`): two weeks, past the slack most customers take anyway.
 */
export const LIKELY_LATE_DAYS = 14;

/** Settled invoices kept per customer, the newest: enough for any customer's habits, and a bounded document. */
export const SETTLED_KEPT = 200;

export interface PredictedInvoice extends OpenInvoiceFeatures {
  /** Still open, in minor units. */
  balance: number;
  /** Payments and cash applied so far: an invoice closed by them is a settlement the model learns from. */
  paid: number;
  /** Disputes and deductions open on it now (`disputed` says whether it ever was). */
  openDisputes: number;
  prediction: PaymentPrediction;
  /** Days from the due date to the predicted day: above LIKELY_LATE_DAYS, the invoice is likely late. */
  daysLate: number;
}

export interface PredictionPromise {
  promiseId: string;
  invoiceIds: string[];
  amount: number;
  currency: CurrencyCode;
  promisedFor: BusinessDate;
}

export interface PredictionPlan {
  planId: string;
  invoiceIds: string[];
  currency: CurrencyCode;
  installments: { number: number; dueOn: BusinessDate; amount: number; open: boolean }[];
}

export interface PaymentPredictionDocument extends ReadDocument {
  customerId: string;
  /** The business date the predictions were made as of: the last event's. */
  asOf: BusinessDate | null;
  settled: SettledInvoiceFact[];
  promisesKept: number;
  promisesBroken: number;
  channel?: CustomerPaymentHistory['channel'];
  open: PredictedInvoice[];
  /** Promises not yet kept or broken, and plans in force: the cash forecast takes their dates over the model's. */
  openPromises: PredictionPromise[];
  currentPlans: PredictionPlan[];
  /** The most days late any open invoice is predicted to be paid (null without open invoices): the worklist's filter. */
  maxDaysLate: number | null;
  /** The currencies of the open invoices: the cash forecast's filter. */
  currencies: CurrencyCode[];
}

const PREDICTION_EVENTS = [
  'InvoiceRegistered',
  'PaymentReceived',
  'CashApplied',
  'CashUnapplied',
  'CreditMemoIssued',
  'WrittenOff',
  'ReminderSent',
  'FinalNoticeSent',
  'DisputeRaised',
  'DeductionClaimed',
  'DisputeResolved',
  'PromiseMade',
  'PromiseKept',
  'PromiseBroken',
  'PaymentPlanAgreed',
  'InstallmentPaid',
  'InstallmentMissed',
] as const satisfies readonly CollectionEvent['type'][];

export const paymentPredictionProjection: Projection = {
  name: 'payment-predictions',
  version: 1,
  collections: [{ name: PAYMENT_PREDICTIONS, indexes: [{ keys: { maxDaysLate: 1 } }, { keys: { currencies: 1 } }] }],
  eventTypes: PREDICTION_EVENTS,

  async apply({ event, customerId }: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    const customer = (await documents.get<PaymentPredictionDocument>(PAYMENT_PREDICTIONS, customerId)) ?? newCustomer(customerId);
    const asOf = occurredOn(event);
    applyFacts(customer, event, asOf);
    predictOpenInvoices(customer, asOf);
    documents.put(PAYMENT_PREDICTIONS, customer);
  },
};

/** The event's facts on the customer's document (the predictions are made after). */
function applyFacts(customer: PaymentPredictionDocument, event: CollectionEvent, asOf: BusinessDate): void {
  const invoiceOf = (invoiceId: string) => customer.open.find((invoice) => invoice.invoiceId === invoiceId);
  const settle = (invoiceId: string, amount: number, paid: number) => {
    const invoice = invoiceOf(invoiceId);
    if (!invoice) return;
    invoice.balance -= amount;
    invoice.paid += paid;
    if (invoice.balance > 0) return;
    customer.open = customer.open.filter((candidate) => candidate !== invoice);
    // Only what the customer paid teaches the model when it pays; a credit or a write-off does not.
    if (invoice.paid <= 0) return;
    const { invoiceId: id, currency, amount: invoiced, issuedOn, dueOn, disputed, reminders } = invoice;
    customer.settled.push({ invoiceId: id, currency, amount: invoiced, issuedOn, dueOn, settledOn: asOf, disputed, reminders });
    if (customer.settled.length > SETTLED_KEPT) customer.settled.shift();
  };
  // A reversed application reopens the invoice: it is no longer a settlement.
  const reopen = (invoiceId: string, amount: number) => {
    const open = invoiceOf(invoiceId);
    if (open) {
      open.balance += amount;
      open.paid -= amount;
      return;
    }
    const settled = customer.settled.find((fact) => fact.invoiceId === invoiceId);
    if (!settled) return;
    customer.settled = customer.settled.filter((fact) => fact !== settled);
    const { settledOn: _settledOn, ...features } = settled;
    customer.open.push({ ...features, balance: amount, paid: settled.amount - amount, openDisputes: 0, ...unpredicted(features.dueOn) });
  };
  const remind = (invoiceIds: readonly string[]) => {
    for (const invoiceId of invoiceIds) {
      const invoice = invoiceOf(invoiceId);
      if (invoice) invoice.reminders += 1;
    }
  };
  const dispute = (invoiceId: string, change: 1 | -1) => {
    const invoice = invoiceOf(invoiceId);
    if (!invoice) return;
    invoice.openDisputes = Math.max(0, invoice.openDisputes + change);
    if (change > 0) invoice.disputed = true;
  };
  switch (event.type) {
    case 'InvoiceRegistered': {
      const { invoiceId, amount, currency, issuedOn, dueOn } = event.data;
      customer.open.push({
        invoiceId,
        currency,
        amount,
        issuedOn,
        dueOn,
        disputed: false,
        reminders: 0,
        balance: amount,
        paid: 0,
        openDisputes: 0,
        ...unpredicted(dueOn),
      });
      break;
    }
    case 'PaymentReceived':
      settle(event.data.invoiceId, event.data.amount, event.data.amount);
      break;
    case 'CashApplied':
      event.data.allocations.forEach(({ invoiceId, amount }) => settle(invoiceId, amount, amount));
      break;
    case 'CashUnapplied':
      event.data.allocations.forEach(({ invoiceId, amount }) => reopen(invoiceId, amount));
      break;
    case 'CreditMemoIssued':
      settle(event.data.invoiceId, event.data.amount, 0);
      break;
    case 'WrittenOff':
      event.data.invoices.forEach(({ invoiceId, amount }) => settle(invoiceId, amount, 0));
      break;
    case 'ReminderSent':
      remind(event.data.invoiceIds);
      customer.channel = event.data.channel === 'letter' ? 'paper' : 'electronic';
      break;
    case 'FinalNoticeSent':
      remind(event.data.invoiceIds);
      break;
    case 'DisputeRaised':
    case 'DeductionClaimed':
      dispute(event.data.invoiceId, 1);
      break;
    case 'DisputeResolved':
      dispute(event.data.invoiceId, -1);
      break;
    case 'PromiseMade': {
      const { promiseId, invoiceIds, amount, currency, promisedFor } = event.data;
      customer.openPromises.push({ promiseId, invoiceIds, amount, currency, promisedFor });
      break;
    }
    case 'PromiseKept':
    case 'PromiseBroken':
      customer.openPromises = customer.openPromises.filter((promise) => promise.promiseId !== event.data.promiseId);
      if (event.type === 'PromiseKept') customer.promisesKept += 1;
      else customer.promisesBroken += 1;
      break;
    case 'PaymentPlanAgreed': {
      const { planId, invoiceIds, currency, installments } = event.data;
      customer.currentPlans.push({ planId, invoiceIds, currency, installments: installments.map((i) => ({ ...i, open: true })) });
      break;
    }
    case 'InstallmentPaid': {
      const plan = customer.currentPlans.find((candidate) => candidate.planId === event.data.planId);
      const installment = plan?.installments.find((candidate) => candidate.number === event.data.installmentNumber);
      if (installment) installment.open = false;
      break;
    }
    case 'InstallmentMissed':
      // A missed installment defaults the plan: its invoices are the model's again.
      customer.currentPlans = customer.currentPlans.filter((plan) => plan.planId !== event.data.planId);
      break;
  }
  // Promises and plans over invoices no longer open cover nothing.
  const open = new Set(customer.open.map((invoice) => invoice.invoiceId));
  customer.openPromises = customer.openPromises.filter((promise) => promise.invoiceIds.some((id) => open.has(id)));
  customer.currentPlans = customer.currentPlans.filter(
    (plan) => plan.installments.some((installment) => installment.open) && plan.invoiceIds.some((id) => open.has(id)),
  );
}

/** Every open invoice's prediction as of `asOf`, from the facts settled by then only. */
function predictOpenInvoices(customer: PaymentPredictionDocument, asOf: BusinessDate): void {
  const history: CustomerPaymentHistory = {
    settled: customer.settled.filter((fact) => fact.settledOn <= asOf),
    promisesKept: customer.promisesKept,
    promisesBroken: customer.promisesBroken,
    ...(customer.channel ? { channel: customer.channel } : {}),
  };
  let maxDaysLate: number | null = null;
  const currencies = new Set<CurrencyCode>();
  for (const invoice of customer.open) {
    const { invoiceId, currency, amount, issuedOn, dueOn, disputed, reminders } = invoice;
    invoice.prediction = predictPayment(history, { invoiceId, currency, amount, issuedOn, dueOn, disputed, reminders }, asOf);
    invoice.daysLate = daysBetween(dueOn, invoice.prediction.predictedOn);
    maxDaysLate = maxDaysLate === null ? invoice.daysLate : Math.max(maxDaysLate, invoice.daysLate);
    currencies.add(currency);
  }
  customer.asOf = asOf;
  customer.maxDaysLate = maxDaysLate;
  customer.currencies = [...currencies].sort();
}

/** A placeholder until the invoice's first prediction, made in the same event. */
const unpredicted = (dueOn: BusinessDate): Pick<PredictedInvoice, 'prediction' | 'daysLate'> => ({
  prediction: { predictedOn: dueOn, range: { from: dueOn, to: dueOn }, basis: 'portfolio', drivers: [] },
  daysLate: 0,
});

function newCustomer(customerId: string): PaymentPredictionDocument {
  return {
    _id: customerId,
    customerId,
    asOf: null,
    settled: [],
    promisesKept: 0,
    promisesBroken: 0,
    open: [],
    openPromises: [],
    currentPlans: [],
    maxDaysLate: null,
    currencies: [],
  };
}
