import { disputeRaised, invoiceRegistered, reminderSent } from '@collections/domain/testing/decider-specification';
import { CustomerPaymentHistory, fitPaymentModel, predictPayment } from '@collections/payment-prediction';
import { ReadStore } from '@collections/read-store';
import { Book, generatedBook } from './testing/generated-book';
import { readStoreWith } from '../kpis/testing/read-store-with';
import { ProjectedCollections, project, storedEvent } from '../testing/project';
import {
  PAYMENT_MODEL,
  PAYMENT_PREDICTIONS,
  PORTFOLIO_MODEL_ID,
  PaymentModelDocument,
  PaymentPredictionDocument,
  featuresOfOpen,
  paymentPredictionProjection,
} from './predictions.projection';
import {
  fitPortfolioModel,
  readRefreshInputs,
  refreshPaymentPredictions,
  repredict,
  writePaymentModel,
  writePredictionsIfUnchanged,
} from './prediction-refresh';

const TODAY = '2024-09-02';
const NOW = '2024-09-02T03:00:00.000Z';

async function projectedBook(): Promise<{ book: Book; collections: ProjectedCollections; readStore: ReadStore }> {
  const book = generatedBook();
  const collections = await project(paymentPredictionProjection, book.events);
  return { book, collections, readStore: await readStoreWith(collections) };
}

const customersOf = (readStore: ReadStore) =>
  readStore.collection<PaymentPredictionDocument>(PAYMENT_PREDICTIONS).find({}, { sort: { _id: 1 } });

describe('refreshing the predictions read model', () => {
  it('given a generated book, then it stores the model fitted on the same histories, and predicts every open invoice as of today with it', async () => {
    const { book, readStore } = await projectedBook();

    const report = await refreshPaymentPredictions(readStore, { today: TODAY, now: NOW });

    const stored = await readStore.collection<PaymentModelDocument>(PAYMENT_MODEL).findOne({ _id: PORTFOLIO_MODEL_ID });
    const expected = fitPaymentModel([...book.histories.values()]);
    expect(stored).toEqual({ _id: 'portfolio', model: expected, fittedAt: NOW, asOf: TODAY, customers: 40, settledInvoices: 200 });
    // A model that learnt from the book, not the default: disputes cost about the 12 days they were given.
    expect(expected.coefficients.disputed).toBeGreaterThan(8);
    expect(expected.fittedOn).toBe(200);
    expect(report).toEqual({
      asOf: TODAY,
      customers: 40,
      settledInvoices: 200,
      predictionsRefreshed: 40,
      customersRefreshed: 40,
      skipped: 0,
      seconds: expect.any(Number),
    });

    const customers = await customersOf(readStore);
    expect(customers).toHaveLength(40);
    for (const customer of customers) {
      const history = book.histories.get(customer._id) as CustomerPaymentHistory;
      expect(customer.asOf).toBe(TODAY);
      for (const invoice of customer.open) {
        expect(invoice.prediction).toEqual(predictPayment(history, featuresOfOpen(invoice), TODAY, expected));
        // Still open today: not paid before today.
        expect(invoice.prediction.predictedOn >= TODAY).toBe(true);
      }
      expect(customer.maxDaysLate).toBe(Math.max(...customer.open.map((invoice) => invoice.daysLate)));
    }
  });

  it('given the model as the store keeps it, then it is the same model after a JSON round trip', async () => {
    const { readStore } = await projectedBook();
    await refreshPaymentPredictions(readStore, { today: TODAY, now: NOW });
    const stored = (await readStore
      .collection<PaymentModelDocument>(PAYMENT_MODEL)
      .findOne({ _id: PORTFOLIO_MODEL_ID })) as PaymentModelDocument;
    expect(JSON.parse(JSON.stringify(stored.model))).toEqual(stored.model);
    expect(stored.model.residualQuantiles).toHaveLength(99);
  });

  it('given a customer the projector changes between the read and the write, then that customer is skipped and keeps the projector’s version', async () => {
    const { collections, readStore } = await projectedBook();
    const customers = await readRefreshInputs(readStore);
    const fitted = fitPortfolioModel(customers, { today: TODAY, now: NOW });
    await writePaymentModel(readStore, fitted);
    const updates = repredict(customers, TODAY, fitted.model);

    // Meanwhile the projector applies a reminder to C-07 (at the store's next position) and writes its document.
    await project(
      paymentPredictionProjection,
      [
        storedEvent(reminderSent({ reminderId: 'R-1', invoiceIds: ['C-07-INV-5'], sentOn: '2024-08-20' }), {
          customerId: 'C-07',
          position: 10_000,
        }),
      ],
      collections,
    );
    const projectors = collections.get(PAYMENT_PREDICTIONS)?.get('C-07') as PaymentPredictionDocument;
    await readStore.collection<PaymentPredictionDocument>(PAYMENT_PREDICTIONS).replaceOne({ _id: 'C-07' }, projectors);

    const { refreshed, skipped } = await writePredictionsIfUnchanged(readStore, updates, 7);

    expect(skipped).toBe(1);
    expect(refreshed.map((update) => update.customerId)).not.toContain('C-07');
    expect(refreshed).toHaveLength(39);
    const after = await customersOf(readStore);
    expect(after.find((customer) => customer._id === 'C-07')).toEqual(projectors);
    expect(projectors).toMatchObject({ lastPosition: 10_000, asOf: '2024-08-20' });
    expect(after.filter((customer) => customer.asOf === TODAY)).toHaveLength(39);
  });

  it('given a stored model, then the projection predicts new events with it', async () => {
    const { book, collections, readStore } = await projectedBook();
    await refreshPaymentPredictions(readStore, { today: TODAY, now: NOW });
    const stored = (await readStore
      .collection<PaymentModelDocument>(PAYMENT_MODEL)
      .findOne({ _id: PORTFOLIO_MODEL_ID })) as PaymentModelDocument;
    collections.set(PAYMENT_MODEL, new Map([[PORTFOLIO_MODEL_ID, stored]]));

    // C-02 is billed again and disputes the new invoice at once.
    const invoice = invoiceRegistered({ invoiceId: 'C-02-NEW', amount: 50_000, issuedOn: '2024-09-05', dueOn: '2024-10-05' });
    const dispute = disputeRaised({ disputeId: 'D-NEW', invoiceId: 'C-02-NEW', raisedOn: '2024-09-06' });
    await project(
      paymentPredictionProjection,
      [storedEvent(invoice, { customerId: 'C-02', position: 20_000 }), storedEvent(dispute, { customerId: 'C-02', position: 20_001 })],
      collections,
    );

    const customer = collections.get(PAYMENT_PREDICTIONS)?.get('C-02') as PaymentPredictionDocument;
    const predicted = customer.open.find((open) => open.invoiceId === 'C-02-NEW');
    const history = book.histories.get('C-02') as CustomerPaymentHistory;
    const features = { ...featuresOfOpen(predicted as never), disputed: true };
    expect(predicted?.prediction).toEqual(predictPayment(history, features, '2024-09-06', stored.model));
    // The fitted model knows what a dispute costs; the default one does not.
    expect(predicted?.prediction).not.toEqual(predictPayment(history, features, '2024-09-06'));
    expect(predicted?.prediction.drivers.map((driver) => driver.fact)).toContain('disputed');
    expect(customer.lastPosition).toBe(20_001);
  });

  it('given an empty read model, then it stores the default model and refreshes nothing', async () => {
    const readStore = await readStoreWith(new Map());
    const report = await refreshPaymentPredictions(readStore, { today: TODAY, now: NOW });
    expect(report).toMatchObject({ customers: 0, settledInvoices: 0, predictionsRefreshed: 0, skipped: 0 });
    const stored = await readStore.collection<PaymentModelDocument>(PAYMENT_MODEL).findOne({ _id: PORTFOLIO_MODEL_ID });
    expect(stored?.model.fittedOn).toBe(0);
  });
});
