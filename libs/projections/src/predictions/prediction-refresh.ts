import { BusinessDate } from '@collections/domain';
import { PaymentModel, fitPaymentModel } from '@collections/payment-prediction';
import { BulkOperation, ReadStore } from '@collections/read-store';
import {
  PAYMENT_MODEL,
  PAYMENT_PREDICTIONS,
  PORTFOLIO_MODEL_ID,
  PaymentModelDocument,
  PaymentPredictionDocument,
  historyOf,
  predictedAsOf,
} from './predictions.projection';

/**
 * The predictions read model's refresh (docs/predictions.md): fits the model on every customer's
 * settled invoices, stores it as the `payment_model` document the projection predicts with, and
 * predicts every open invoice again as of today — a prediction made at a customer's last event
 * goes stale as days pass (an invoice still open is not paid before today).
 *
 * It never loses the projector's work: each customer's predictions are written only if the
 * document is still the one it read (`lastPosition` unchanged); one the projector changed meanwhile
 * is skipped, and that event's own prediction already used the new model.
 */

/** Documents per bulk write: the store is held for one batch at a time, and the event loop turns between batches. */
export const REFRESH_BATCH_SIZE = 1_000;

export interface PredictionRefreshReport {
  /** The business date the open invoices were predicted as of, and the model fitted on what was settled by then. */
  asOf: BusinessDate;
  /** Customers in the read model, and the settled invoices the model was fitted on. */
  customers: number;
  settledInvoices: number;
  /** Open invoices predicted again, over how many customers; customers the projector changed meanwhile are skipped. */
  predictionsRefreshed: number;
  customersRefreshed: number;
  skipped: number;
  seconds: number;
}

/** What the refresh reads of each customer. */
export type RefreshInput = Pick<
  PaymentPredictionDocument,
  '_id' | 'settled' | 'promisesKept' | 'promisesBroken' | 'channel' | 'open' | 'lastPosition'
>;

/** A customer's new predictions, to be written only if its document is still at `seenPosition`. */
export interface PredictionUpdate {
  customerId: string;
  seenPosition: number;
  set: Pick<PaymentPredictionDocument, 'open' | 'asOf' | 'maxDaysLate' | 'currencies'>;
}

export async function refreshPaymentPredictions(
  readStore: ReadStore,
  { today, now }: { today: BusinessDate; now: string },
  { batchSize = REFRESH_BATCH_SIZE }: { batchSize?: number } = {},
): Promise<PredictionRefreshReport> {
  const started = performance.now();
  const customers = await readRefreshInputs(readStore);
  const fitted = fitPortfolioModel(customers, { today, now });
  await writePaymentModel(readStore, fitted);
  const updates = repredict(customers, today, fitted.model);
  const { refreshed, skipped } = await writePredictionsIfUnchanged(readStore, updates, batchSize);
  return {
    asOf: today,
    customers: customers.length,
    settledInvoices: fitted.settledInvoices,
    predictionsRefreshed: refreshed.reduce((sum, update) => sum + update.set.open.length, 0),
    customersRefreshed: refreshed.length,
    skipped,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Every customer's history and open invoices, read-only (the store's own documents, not copies), in id order. */
export async function readRefreshInputs(readStore: ReadStore): Promise<RefreshInput[]> {
  const customers = await readStore
    .collection<PaymentPredictionDocument>(PAYMENT_PREDICTIONS)
    .find({}, { readOnly: true, projection: { settled: 1, promisesKept: 1, promisesBroken: 1, channel: 1, open: 1, lastPosition: 1 } });
  // In id order: the fit sums in floating point, so the same book gives the same model on either store.
  return customers.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/** The model fitted on what was settled by `today`, as the document the projection reads. */
export function fitPortfolioModel(
  customers: readonly RefreshInput[],
  { today, now }: { today: BusinessDate; now: string },
): PaymentModelDocument {
  const histories = customers.map((customer) => historyOf(customer, today));
  const model = jsonSafe(fitPaymentModel(histories));
  return {
    _id: PORTFOLIO_MODEL_ID,
    model,
    fittedAt: now,
    asOf: today,
    customers: histories.filter((history) => history.settled.length > 0).length,
    settledInvoices: histories.reduce((sum, history) => sum + history.settled.length, 0),
  };
}

export async function writePaymentModel(readStore: ReadStore, document: PaymentModelDocument): Promise<void> {
  await readStore.collection<PaymentModelDocument>(PAYMENT_MODEL).replaceOne({ _id: document._id }, document, { upsert: true });
}

/** The open invoices of every customer that has any, predicted as of `today` by `model`. */
export function repredict(customers: readonly RefreshInput[], today: BusinessDate, model: PaymentModel): PredictionUpdate[] {
  return customers
    .filter((customer) => customer.open.length > 0)
    .map((customer) => ({ customerId: customer._id, seenPosition: customer.lastPosition, set: predictedAsOf(customer, today, model) }));
}

/**
 * Writes each update only where the document is still at the position it was read at (one
 * conditional update each, `batchSize` to a bulk write): what the projector changed meanwhile
 * keeps the projector's version.
 */
export async function writePredictionsIfUnchanged(
  readStore: ReadStore,
  updates: readonly PredictionUpdate[],
  batchSize = REFRESH_BATCH_SIZE,
): Promise<{ refreshed: PredictionUpdate[]; skipped: number }> {
  const collection = readStore.collection<PaymentPredictionDocument>(PAYMENT_PREDICTIONS);
  const refreshed: PredictionUpdate[] = [];
  let skipped = 0;
  for (let first = 0; first < updates.length; first += batchSize) {
    const batch = updates.slice(first, first + batchSize);
    const operations: BulkOperation<PaymentPredictionDocument>[] = batch.map(({ customerId, seenPosition, set }) => ({
      updateOne: { filter: { _id: customerId, lastPosition: seenPosition }, update: { $set: set } },
    }));
    const { matchedCount } = await collection.bulkWrite(operations);
    let written = batch;
    if (matchedCount < batch.length) {
      // Which ones the projector changed meanwhile: their position moved (the refresh never moves it).
      const positions = new Map(
        (
          await collection.find(
            { _id: { $in: batch.map((update) => update.customerId) } },
            { readOnly: true, projection: { lastPosition: 1 } },
          )
        ).map((document) => [document._id, document.lastPosition]),
      );
      written = batch.filter((update) => positions.get(update.customerId) === update.seenPosition);
    }
    refreshed.push(...written);
    skipped += batch.length - written.length;
    // Let requests and the projector in between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { refreshed, skipped };
}

/**
 * The model as JSON keeps it (-0 becomes 0); a number JSON cannot hold (NaN, ±Infinity would
 * become null) is refused, and the model in the store stays the previous one.
 */
export function jsonSafe(model: PaymentModel): PaymentModel {
  const bad = nonFiniteAt(model, '');
  if (bad !== undefined) throw new Error(`The fitted payment model has a non-finite number at ${bad}; the stored model is unchanged`);
  return JSON.parse(JSON.stringify(model)) as PaymentModel;
}

function nonFiniteAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || '/';
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, field] of Object.entries(value)) {
    const found = nonFiniteAt(field, `${path}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
