import { MongoReadStore, ReadStore } from '@collections/read-store';
import {
  PAYMENT_MODEL,
  PAYMENT_PREDICTIONS,
  PaymentPredictionDocument,
  paymentPredictionProjection,
  readRefreshInputs,
  refreshPaymentPredictions,
  repredict,
  fitPortfolioModel,
  writePredictionsIfUnchanged,
} from '@collections/projections';
import { project } from '../../libs/projections/src/testing/project';
import { readStoreWith } from '../../libs/projections/src/kpis/testing/read-store-with';
import { generatedBook } from '../../libs/projections/src/predictions/testing/generated-book';
import { MongoWireDouble } from '../doubles/mongodb';

const TODAY = '2024-09-02';
const NOW = '2024-09-02T03:00:00.000Z';

/**
 * The refresh runs on MongoDB in production (the projector's process): through the MongoDB adapter
 * and the official driver, against the wire-protocol double, it stores the same model and the same
 * predictions as on the embedded store, and its conditional write skips what moved there too.
 */
describe('the predictions refresh on the embedded store and through the MongoDB adapter', () => {
  let mongo: MongoWireDouble;
  let mongoStore: MongoReadStore;
  jest.setTimeout(60_000);

  beforeAll(async () => {
    mongo = await MongoWireDouble.start();
    mongoStore = await MongoReadStore.connect(mongo.uri('collections'));
  });
  afterAll(async () => {
    await mongoStore.close();
    await mongo.stop();
  });

  async function withBook(readStore: ReadStore): Promise<ReadStore> {
    const collections = await project(paymentPredictionProjection, generatedBook().events);
    for (const [name, documents] of collections) {
      await readStore.collection(name).drop();
      await readStore.collection(name).bulkWrite([...documents.values()].map((document) => ({ insertOne: { document } })));
    }
    return readStore;
  }

  const contentOf = async (readStore: ReadStore) => ({
    model: await readStore.collection(PAYMENT_MODEL).find({}),
    customers: await readStore.collection(PAYMENT_PREDICTIONS).find({}, { sort: { _id: 1 } }),
  });

  it('given the same book, then both stores end with the same model and the same predictions', async () => {
    const embedded = await withBook(await readStoreWith(new Map()));
    const viaMongo = await withBook(mongoStore);

    const [embeddedReport, mongoReport] = [
      await refreshPaymentPredictions(embedded, { today: TODAY, now: NOW }),
      await refreshPaymentPredictions(viaMongo, { today: TODAY, now: NOW }),
    ];

    expect({ ...mongoReport, seconds: 0 }).toEqual({ ...embeddedReport, seconds: 0 });
    expect(mongoReport).toMatchObject({ customers: 40, predictionsRefreshed: 40, skipped: 0 });
    expect(await contentOf(viaMongo)).toEqual(await contentOf(embedded));
  });

  it('given a customer changed between the read and the write, then MongoDB skips it as the embedded store does', async () => {
    const readStore = await withBook(mongoStore);
    const customers = await readRefreshInputs(readStore);
    const fitted = fitPortfolioModel(customers, { today: TODAY, now: NOW });
    const updates = repredict(customers, TODAY, fitted.model);
    const predictions = readStore.collection<PaymentPredictionDocument>(PAYMENT_PREDICTIONS);
    await predictions.updateOne({ _id: 'C-11' }, { $set: { lastPosition: 99_999, asOf: '2024-08-30' } });

    const { refreshed, skipped } = await writePredictionsIfUnchanged(readStore, updates, 16);

    expect({ skipped, refreshed: refreshed.length }).toEqual({ skipped: 1, refreshed: 39 });
    expect(await predictions.findOne({ _id: 'C-11' })).toMatchObject({ lastPosition: 99_999, asOf: '2024-08-30' });
    expect(await predictions.countDocuments({ asOf: TODAY })).toBe(39);
  });
});
