import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AdHocAnswer,
  AdHocQuery,
  INVOICES,
  InvoiceDocument,
  PROMISES,
  PromiseDocument,
  QueryNotEvaluableError,
  runAdHocQuery,
} from '@collections/projections';
import { EmbeddedReadStore, MAX_BLOCKING_DOCUMENTS, MongoReadStore, QueryBoundError, ReadStore } from '@collections/read-store';
import { MongoWireDouble } from '../doubles/mongodb';

/**
 * Ad-hoc questions run by the same code in both modes: the same questions over the same documents
 * give the same rows on the embedded store (mingo) and through the MongoDB adapter (the official
 * driver, against the wire-protocol double), and both stop at the same bounds.
 */

const invoice = (customerId: string, n: number, currency: string, balance: number, dueOn: string): InvoiceDocument => ({
  _id: `${customerId}/INV-${n}`,
  customerId,
  invoiceId: `INV-${n}`,
  currency: currency as InvoiceDocument['currency'],
  amount: balance + 1000,
  issuedOn: '2024-01-01',
  dueOn,
  movements: [],
  disputes: [],
  balance,
  settledOn: balance === 0 ? '2024-03-01' : null,
});

const promise = (customerId: string, n: number, status: PromiseDocument['status']): PromiseDocument => ({
  _id: `${customerId}/P-${n}`,
  customerId,
  promiseId: `P-${n}`,
  invoiceIds: [`INV-${n}`],
  amount: 50_000,
  currency: 'EUR' as PromiseDocument['currency'],
  madeOn: '2024-02-01',
  promisedFor: '2024-02-15',
  status,
  keptOn: status === 'kept' ? '2024-02-15' : null,
  brokenOn: status === 'broken' ? '2024-02-16' : null,
  amountPaid: status === 'open' ? null : 0,
  collectorId: 'collector-1',
});

const INVOICE_DOCUMENTS = [
  invoice('C-1', 1, 'EUR', 800_000, '2024-03-01'),
  invoice('C-1', 2, 'EUR', 400_000, '2024-04-01'),
  invoice('C-1', 3, 'USD', 9_000_000, '2024-04-01'),
  invoice('C-2', 1, 'EUR', 2_000_000, '2024-05-01'),
  invoice('C-3', 1, 'EUR', 5_000_000, '2024-05-01'),
  invoice('C-3', 2, 'EUR', 0, '2024-01-01'),
  invoice('C-4', 1, 'EUR', 1_500_000, '2024-09-01'),
];
const PROMISE_DOCUMENTS = [
  promise('C-1', 1, 'broken'),
  promise('C-1', 2, 'broken'),
  promise('C-2', 1, 'broken'),
  promise('C-2', 2, 'kept'),
  promise('C-3', 1, 'broken'),
  promise('C-3', 2, 'broken'),
  promise('C-3', 3, 'open'),
  promise('C-4', 1, 'broken'),
  promise('C-4', 2, 'broken'),
];

/** Customers with two broken promises and more than EUR 10,000 overdue on 2024-06-30. */
const TWO_BROKEN_PROMISES_AND_OVERDUE: AdHocQuery = {
  pipeline: [
    { $match: { status: 'broken' } },
    { $group: { _id: '$customerId', brokenPromises: { $sum: 1 } } },
    { $match: { brokenPromises: { $gte: 2 } } },
    { $lookup: { from: INVOICES, localField: '_id', foreignField: 'customerId', as: 'invoices' } },
    { $unwind: '$invoices' },
    { $match: { 'invoices.currency': 'EUR', 'invoices.balance': { $gt: 0 }, 'invoices.dueOn': { $lt: '2024-06-30' } } },
    { $group: { _id: '$_id', brokenPromises: { $first: '$brokenPromises' }, overdue: { $sum: '$invoices.balance' } } },
    { $match: { overdue: { $gt: 1_000_000 } } },
    { $sort: { overdue: -1 } },
    { $project: { _id: 0, customerId: '$_id', brokenPromises: 1, overdue: 1 } },
  ],
};

const QUESTIONS: [string, string, AdHocQuery, (answer: AdHocAnswer) => void][] = [
  [
    'customers with two broken promises and more than EUR 10,000 overdue ($group, $lookup, $unwind)',
    PROMISES,
    TWO_BROKEN_PROMISES_AND_OVERDUE,
    ({ rows }) =>
      expect(rows).toEqual([
        { customerId: 'C-3', brokenPromises: 2, overdue: 5_000_000 },
        { customerId: 'C-1', brokenPromises: 2, overdue: 1_200_000 },
      ]),
  ],
  [
    'open EUR invoices, largest first, two a page: cut at the limit',
    INVOICES,
    {
      filter: { currency: 'EUR', balance: { $gt: 0 } },
      projection: { _id: 0, customerId: 1, balance: 1 },
      sort: { balance: -1 },
      limit: 2,
    },
    (answer) => {
      expect(answer.rows).toEqual([
        { customerId: 'C-3', balance: 5_000_000 },
        { customerId: 'C-2', balance: 2_000_000 },
      ]);
      expect(answer).toMatchObject({ truncated: true, limit: 2, truncation: expect.stringContaining('More than 2 rows answer') });
    },
  ],
  [
    'the next page, by skip',
    INVOICES,
    {
      filter: { currency: 'EUR', balance: { $gt: 0 } },
      projection: { _id: 0, invoiceId: 1 },
      sort: { balance: -1, _id: 1 },
      skip: 2,
      limit: 10,
    },
    (answer) =>
      expect(answer).toEqual({
        collection: INVOICES,
        rows: [{ invoiceId: 'INV-1' }, { invoiceId: 'INV-1' }, { invoiceId: 'INV-2' }],
        truncated: false,
        limit: 10,
      }),
  ],
  [
    'open balance per currency ($group, $sort, $set)',
    INVOICES,
    {
      pipeline: [
        { $group: { _id: '$currency', open: { $sum: '$balance' }, invoices: { $sum: 1 } } },
        { $set: { major: { $divide: ['$open', 100] } } },
        { $sort: { _id: 1 } },
      ],
    },
    ({ rows }) =>
      expect(rows).toEqual([
        { _id: 'EUR', open: 9_700_000, invoices: 6, major: 97_000 },
        { _id: 'USD', open: 9_000_000, invoices: 1, major: 90_000 },
      ]),
  ],
  [
    'how many invoices the customers of open promises have ($lookup with let and a sub-pipeline, $count)',
    PROMISES,
    {
      pipeline: [
        { $match: { status: 'open' } },
        {
          $lookup: {
            from: INVOICES,
            let: { customer: '$customerId' },
            pipeline: [{ $match: { $expr: { $eq: ['$customerId', '$$customer'] } } }, { $count: 'n' }],
            as: 'invoices',
          },
        },
        { $unwind: '$invoices' },
        { $project: { _id: 0, customerId: 1, invoices: '$invoices.n' } },
      ],
    },
    ({ rows }) => expect(rows).toEqual([{ customerId: 'C-3', invoices: 2 }]),
  ],
];

interface Stores {
  embedded: ReadStore;
  mongo: ReadStore;
}

describe('ad-hoc questions: the same rows on the embedded store and through the MongoDB adapter (wire-protocol double)', () => {
  let dir: string;
  let double: MongoWireDouble;
  let stores: Stores;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ad-hoc-queries-'));
    double = await MongoWireDouble.start();
    stores = {
      embedded: new EmbeddedReadStore(path.join(dir, 'read-models.sqlite')),
      mongo: await MongoReadStore.connect(double.uri('collections')),
    };
    for (const store of [stores.embedded, stores.mongo]) {
      await store.collection<InvoiceDocument>(INVOICES).bulkWrite(INVOICE_DOCUMENTS.map((document) => ({ insertOne: { document } })));
      await store.collection<PromiseDocument>(PROMISES).bulkWrite(PROMISE_DOCUMENTS.map((document) => ({ insertOne: { document } })));
    }
  });

  afterAll(async () => {
    await stores.embedded.close();
    await stores.mongo.close();
    await double.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(QUESTIONS)(
    'given the same book, when asked %s, then both stores answer the same rows',
    async (_name, collection, query, expectations) => {
      const embedded = await runAdHocQuery(stores.embedded, collection, query);
      const mongo = await runAdHocQuery(stores.mongo, collection, query);
      expect(mongo).toEqual(embedded);
      expectations(embedded);
    },
  );

  it.each(['embedded', 'mongo'] as const)(
    'given a question the %s store cannot evaluate, then it is refused as such, pointing at the pipeline',
    async (mode) => {
      const refused = runAdHocQuery(stores[mode], INVOICES, { pipeline: [{ $match: { balance: { $notAnOperator: 1 } } }] });
      await expect(refused).rejects.toBeInstanceOf(QueryNotEvaluableError);
      await expect(refused).rejects.toMatchObject({ pointer: '/pipeline' });
    },
  );

  it.each(['embedded', 'mongo'] as const)(
    'given a quadratic $lookup over 400 invoices and a 1 ms bound, then the %s store stops at its time bound',
    async (mode) => {
      const many = Array.from({ length: 400 }, (_, n) => invoice(`Q-${n}`, n, 'EUR', n, '2024-01-01'));
      const documents = stores[mode].collection<InvoiceDocument>('quadratic');
      await documents.bulkWrite(many.map((document) => ({ insertOne: { document } })));
      const everyOther = {
        $lookup: {
          from: 'quadratic',
          let: { b: '$balance' },
          pipeline: [{ $match: { $expr: { $lt: ['$balance', '$$b'] } } }],
          as: 'smaller',
        },
      };
      const read = documents.aggregate([everyOther, { $project: { n: { $size: '$smaller' } } }], { maxTimeMS: 1 });
      await expect(read).rejects.toBeInstanceOf(QueryBoundError);
      await expect(read).rejects.toMatchObject({ bound: 'time' });
    },
  );
});

describe('the embedded store: its memory bound', () => {
  it(`given more than ${MAX_BLOCKING_DOCUMENTS} documents, when a $sort or a sorted find may not spill to disk, then it stops at its memory bound; a $group of them is not held whole`, async () => {
    const store = new EmbeddedReadStore(':memory:');
    const documents = store.collection('many');
    const many = Array.from({ length: MAX_BLOCKING_DOCUMENTS + 1 }, (_, n) => ({ _id: String(n), n, even: n % 2 === 0 }));
    await documents.replaceOwned!(many, []);
    for (const read of [
      documents.aggregate([{ $sort: { n: -1 } }], { allowDiskUse: false }),
      documents.find({}, { sort: { n: -1 }, limit: 1, allowDiskUse: false }),
    ]) {
      await expect(read).rejects.toBeInstanceOf(QueryBoundError);
      await expect(read).rejects.toMatchObject({ bound: 'memory', message: expect.stringContaining('$sort was handed more than') });
    }
    // Under the bound (a $match first) or without it, the same sort answers.
    await expect(
      documents.aggregate([{ $match: { even: true } }, { $sort: { n: -1 } }, { $limit: 1 }], { allowDiskUse: false }),
    ).resolves.toEqual([{ _id: String(MAX_BLOCKING_DOCUMENTS), n: MAX_BLOCKING_DOCUMENTS, even: true }]);
    await store.close();
  });
});
