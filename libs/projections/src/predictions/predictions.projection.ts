import { BusinessDate, CollectionEvent, CurrencyCode, daysBetween, occurredOn } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import {
  CustomerPaymentHistory,
  OpenInvoiceFeatures,
  PaymentModel,
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
 * The model fitted on the whole portfolio, one document (`_id: PORTFOLIO_MODEL_ID`) written by
 * `refreshPaymentPredictions` (prediction-refresh.ts) and read by every batch of the projection.
 * Owned by the projection, so a rebuild drops it (and predicts with the default model until the
 * next refresh).
 */
export const PAYMENT_MODEL = 'payment_model';
export const PORTFOLIO_MODEL_ID = 'portfolio';

export interface PaymentModelDocument extends ReadDocument {
  _id: typeof PORTFOLIO_MODEL_ID;
  model: PaymentModel;
  /** The instant it was fitted, and the business date it was fitted as of (settled by then). */
  fittedAt: string;
  asOf: BusinessDate;
  customers: number;
  settledInvoices: number;
}

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
  /** The business date the predictions were made as of: the last event's, or a later refresh's day. */
  asOf: BusinessDate | null;
  /**
   * The store position of the last event that changed this document: a refresh writes its
   * predictions only where it is still the one it read (prediction-refresh.ts).
   */
  lastPosition: number;
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
  // 2: the fitted model from PAYMENT_MODEL, and lastPosition. 3: a late posting no longer predicts back in time.
  version: 3,
  collections: [
    { name: PAYMENT_PREDICTIONS, indexes: [{ keys: { maxDaysLate: 1 } }, { keys: { currencies: 1 } }] },
    // The refresh writes it; analysts' questions do not read it (its figures are in the refresh's log and docs/predictions.md).
    { name: PAYMENT_MODEL, indexes: [], internal: true },
  ],
  eventTypes: PREDICTION_EVENTS,

  async apply({ event, customerId, position }: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    const customer = (await documents.get<PaymentPredictionDocument>(PAYMENT_PREDICTIONS, customerId)) ?? newCustomer(customerId);
    const on = occurredOn(event);
    applyFacts(customer, event, on);
    // Predictions never move back in time: a fact posted late (dated before what the customer's
    // predictions were last made as of) is known now, and predicting as of its own day would put
    // dates before the day already reached, until the next refresh.
    if (customer.asOf === null || on > customer.asOf) customer.asOf = on;
    customer.lastPosition = position;
    documents.put(PAYMENT_PREDICTIONS, customer);
    const customers = predictedAtTheEnd.get(documents) ?? new Set<string>();
    predictedAtTheEnd.set(documents, customers.add(customerId));
  },

  /**
   * Each customer the batch changed, predicted once as of its latest day: the same predictions as
   * after each event, since a prediction depends only on the facts and that day.
   */
  async finish(documents: BatchDocuments): Promise<void> {
    const customers = predictedAtTheEnd.get(documents);
    if (!customers) return;
    predictedAtTheEnd.delete(documents);
    // Absent until the first refresh: the default model.
    const fitted = await documents.get<PaymentModelDocument>(PAYMENT_MODEL, PORTFOLIO_MODEL_ID);
    for (const customerId of customers) {
      const customer = await documents.get<PaymentPredictionDocument>(PAYMENT_PREDICTIONS, customerId);
      if (!customer?.asOf) continue;
      predictOpenInvoices(customer, customer.asOf, fitted?.model);
      documents.put(PAYMENT_PREDICTIONS, customer);
    }
  },
};

/** The customers a batch's events changed, by the batch: predicted when it ends. */
const predictedAtTheEnd = new WeakMap<BatchDocuments, Set<string>>();

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

/** What the model knows of the customer at `asOf`: the facts settled by then only. */
export function historyOf(
  customer: Pick<PaymentPredictionDocument, 'settled' | 'promisesKept' | 'promisesBroken' | 'channel'>,
  asOf: BusinessDate,
): CustomerPaymentHistory {
  return {
    settled: customer.settled.filter((fact) => fact.settledOn <= asOf),
    promisesKept: customer.promisesKept,
    promisesBroken: customer.promisesBroken,
    ...(customer.channel ? { channel: customer.channel } : {}),
  };
}

/** The open invoice's features, as `predictPayment` takes them. */
export const featuresOfOpen = ({
  invoiceId,
  currency,
  amount,
  issuedOn,
  dueOn,
  disputed,
  reminders,
}: PredictedInvoice): OpenInvoiceFeatures => ({
  invoiceId,
  currency,
  amount,
  issuedOn,
  dueOn,
  disputed,
  reminders,
});

/**
 * Every open invoice predicted as of `asOf` by `model` (the default model when none is fitted
 * yet), with the fields the queries filter on; the invoices are new objects.
 */
export function predictedAsOf(
  customer: Pick<PaymentPredictionDocument, 'settled' | 'promisesKept' | 'promisesBroken' | 'channel' | 'open'>,
  asOf: BusinessDate,
  model: PaymentModel | undefined,
): Pick<PaymentPredictionDocument, 'open' | 'asOf' | 'maxDaysLate' | 'currencies'> {
  const history = historyOf(customer, asOf);
  let maxDaysLate: number | null = null;
  const currencies = new Set<CurrencyCode>();
  const open = customer.open.map((invoice) => {
    const prediction = predictPayment(history, featuresOfOpen(invoice), asOf, model);
    const daysLate = daysBetween(invoice.dueOn, prediction.predictedOn);
    maxDaysLate = maxDaysLate === null ? daysLate : Math.max(maxDaysLate, daysLate);
    currencies.add(invoice.currency);
    return { ...invoice, prediction, daysLate };
  });
  return { open, asOf, maxDaysLate, currencies: [...currencies].sort() };
}

/** Every open invoice's prediction as of `asOf`, from the facts settled by then only. */
function predictOpenInvoices(customer: PaymentPredictionDocument, asOf: BusinessDate, model: PaymentModel | undefined): void {
  Object.assign(customer, predictedAsOf(customer, asOf, model));
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
    lastPosition: 0,
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
