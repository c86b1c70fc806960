import { randomUUID } from 'node:crypto';
import { DuplicateKeyError, ReadCollection, ReadDocument, ReadStore } from '@collections/read-store';

export type ReadStoreFactory = () => Promise<{ store: ReadStore; cleanup(): Promise<void> }>;

interface Invoice extends ReadDocument {
  customerId: string;
  status: string;
  amount: number;
  currency: string;
  tags: string[];
  address?: { country: string; city: string };
  lines: { sku: string; qty: number }[];
  dueOn?: string;
}

const INVOICES: Invoice[] = [
  {
    _id: 'inv-1',
    customerId: 'C1',
    status: 'open',
    amount: 100,
    currency: 'EUR',
    tags: ['vip', 'eu'],
    address: { country: 'DE', city: 'Berlin' },
    lines: [
      { sku: 'A', qty: 1 },
      { sku: 'B', qty: 2 },
    ],
    dueOn: '2024-01-10',
  },
  {
    _id: 'inv-2',
    customerId: 'C1',
    status: 'paid',
    amount: 250,
    currency: 'EUR',
    tags: ['eu'],
    address: { country: 'FR', city: 'Paris' },
    lines: [{ sku: 'B', qty: 5 }],
    dueOn: '2024-02-10',
  },
  { _id: 'inv-3', customerId: 'C2', status: 'open', amount: 40, currency: 'USD', tags: [], lines: [], dueOn: '2024-01-20' },
  {
    _id: 'inv-4',
    customerId: 'C3',
    status: 'disputed',
    amount: 900,
    currency: 'USD',
    tags: ['vip'],
    address: { country: 'US', city: 'Austin' },
    lines: [{ sku: 'C', qty: 1 }],
  },
  {
    _id: 'inv-5',
    customerId: 'C2',
    status: 'open',
    amount: 250,
    currency: 'EUR',
    tags: ['eu', 'late'],
    address: { country: 'DE', city: 'Munich' },
    lines: [{ sku: 'A', qty: 3 }],
    dueOn: '2024-03-01',
  },
];

const ids = (documents: ReadDocument[]) => documents.map((document) => document._id).sort();

/** A promise the test opens by hand, to hold two transactions open at the same time. */
function gate(): { open(): void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/**
 * The behaviour every ReadStore adapter must show, written against MongoDB's documented semantics.
 * Every collection name carries a random prefix per test and is dropped afterwards, so the suite
 * can run against a shared server.
 */
export function describeReadStoreContract(name: string, factory: ReadStoreFactory): void {
  describe(`ReadStore contract: ${name}`, () => {
    let store: ReadStore;
    let cleanup: () => Promise<void>;
    let prefix: string;
    let used: Set<string>;
    let invoices: ReadCollection<Invoice>;

    const collection = <T extends ReadDocument = ReadDocument>(suffix: string): ReadCollection<T> => {
      used.add(`${prefix}${suffix}`);
      return store.collection<T>(`${prefix}${suffix}`);
    };
    const invoice = async (id: string) => invoices.findOne({ _id: id });

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
      prefix = `contract_${randomUUID().replace(/-/g, '').slice(0, 12)}_`;
      used = new Set();
      invoices = collection<Invoice>('invoices');
      for (const document of INVOICES) await invoices.insertOne(structuredClone(document));
    });

    afterEach(async () => {
      for (const collectionName of used) await store.collection(collectionName).drop();
      await cleanup();
    });

    describe('queries', () => {
      it('matches equality, $eq, $ne, $in and $nin', async () => {
        expect(ids(await invoices.find({ status: 'open' }))).toEqual(['inv-1', 'inv-3', 'inv-5']);
        expect(ids(await invoices.find({ status: { $eq: 'paid' } }))).toEqual(['inv-2']);
        expect(ids(await invoices.find({ status: { $ne: 'open' }, currency: 'USD' }))).toEqual(['inv-4']);
        expect(ids(await invoices.find({ customerId: { $in: ['C2', 'C3'] } }))).toEqual(['inv-3', 'inv-4', 'inv-5']);
        expect(ids(await invoices.find({ customerId: { $nin: ['C1', 'C2'] } }))).toEqual(['inv-4']);
        expect(ids(await invoices.find({ _id: { $in: ['inv-2', 'inv-4', 'missing'] } }))).toEqual(['inv-2', 'inv-4']);
      });

      it('matches ranges, $or, $and and $exists', async () => {
        expect(ids(await invoices.find({ amount: { $gt: 100, $lte: 250 } }))).toEqual(['inv-2', 'inv-5']);
        expect(ids(await invoices.find({ $or: [{ status: 'disputed' }, { amount: { $lt: 50 } }] }))).toEqual(['inv-3', 'inv-4']);
        expect(ids(await invoices.find({ $and: [{ customerId: 'C1' }, { amount: { $gte: 200 } }] }))).toEqual(['inv-2']);
        expect(ids(await invoices.find({ dueOn: { $exists: false } }))).toEqual(['inv-4']);
        expect(ids(await invoices.find({ address: { $exists: true } }))).toEqual(['inv-1', 'inv-2', 'inv-4', 'inv-5']);
      });

      it('matches nested fields and arrays', async () => {
        expect(ids(await invoices.find({ 'address.country': 'DE' }))).toEqual(['inv-1', 'inv-5']);
        expect(ids(await invoices.find({ tags: 'vip' }))).toEqual(['inv-1', 'inv-4']);
        expect(ids(await invoices.find({ tags: { $all: ['eu', 'late'] } }))).toEqual(['inv-5']);
        expect(ids(await invoices.find({ tags: { $size: 0 } }))).toEqual(['inv-3']);
        expect(ids(await invoices.find({ 'lines.sku': 'B' }))).toEqual(['inv-1', 'inv-2']);
        expect(ids(await invoices.find({ lines: { $elemMatch: { sku: 'A', qty: { $gte: 2 } } } }))).toEqual(['inv-5']);
      });

      it('finds the same documents for a caller that only reads them', async () => {
        const options = { sort: { amount: -1 }, projection: { amount: 1, tags: 1 } } as const;
        expect(await invoices.find({ currency: 'EUR' }, { ...options, readOnly: true })).toEqual(
          await invoices.find({ currency: 'EUR' }, options),
        );
        expect(await invoices.find({}, { readOnly: true })).toEqual(await invoices.find());
      });

      it('returns null from findOne when nothing matches', async () => {
        expect(await invoices.findOne({ status: 'written-off' })).toBeNull();
        expect(await invoices.findOne({ _id: 'missing' })).toBeNull();
        expect(await invoice('inv-3')).toEqual(INVOICES[2]);
      });

      it('sorts, skips, limits and projects', async () => {
        const byAmount = await invoices.find({}, { sort: { amount: -1, _id: 1 } });
        expect(byAmount.map((document) => document._id)).toEqual(['inv-4', 'inv-2', 'inv-5', 'inv-1', 'inv-3']);
        const page = await invoices.find({}, { sort: { amount: -1, _id: 1 }, skip: 1, limit: 2 });
        expect(page.map((document) => document._id)).toEqual(['inv-2', 'inv-5']);
        expect(await invoices.find({ _id: 'inv-1' }, { projection: { amount: 1, 'address.city': 1 } })).toEqual([
          { _id: 'inv-1', amount: 100, address: { city: 'Berlin' } },
        ]);
        expect(await invoices.findOne({ _id: 'inv-3' }, { projection: { _id: 0, lines: 0, tags: 0, address: 0 } })).toEqual({
          customerId: 'C2',
          status: 'open',
          amount: 40,
          currency: 'USD',
          dueOn: '2024-01-20',
        });
        expect((await invoices.findOne({ status: 'open' }, { sort: { amount: 1 } }))?._id).toBe('inv-3');
      });

      it('counts documents', async () => {
        expect(await invoices.countDocuments()).toBe(5);
        expect(await invoices.countDocuments({ currency: 'EUR' })).toBe(3);
        expect(await invoices.countDocuments({ status: 'written-off' })).toBe(0);
      });
    });

    describe('aggregation', () => {
      it('matches, groups, sums and sorts', async () => {
        const totals = await invoices.aggregate([
          { $match: { status: { $ne: 'paid' } } },
          { $group: { _id: '$currency', total: { $sum: '$amount' }, count: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ]);
        expect(totals).toEqual([
          { _id: 'EUR', total: 350, count: 2 },
          { _id: 'USD', total: 940, count: 2 },
        ]);
      });

      it('unwinds arrays and projects computed fields', async () => {
        const lines = await invoices.aggregate([
          { $unwind: '$lines' },
          { $project: { _id: 0, invoice: '$_id', sku: '$lines.sku', qty: '$lines.qty' } },
          { $sort: { invoice: 1, sku: 1 } },
        ]);
        expect(lines).toEqual([
          { invoice: 'inv-1', sku: 'A', qty: 1 },
          { invoice: 'inv-1', sku: 'B', qty: 2 },
          { invoice: 'inv-2', sku: 'B', qty: 5 },
          { invoice: 'inv-4', sku: 'C', qty: 1 },
          { invoice: 'inv-5', sku: 'A', qty: 3 },
        ]);
      });

      // What the KPIs as known at an instant sum: the refunds recorded by then (known-at.ts, refundedExpression).
      it("sums the elements of each document's array that pass a filter, per group", async () => {
        const larger = { $filter: { input: '$lines', as: 'line', cond: { $gte: ['$$line.qty', 2] } } };
        const quantities = await invoices.aggregate([
          { $group: { _id: '$currency', qty: { $sum: { $sum: { $map: { input: larger, as: 'line', in: '$$line.qty' } } } } } },
          { $sort: { _id: 1 } },
        ]);
        expect(quantities).toEqual([
          { _id: 'EUR', qty: 2 + 5 + 3 },
          { _id: 'USD', qty: 0 },
        ]);
      });

      it('buckets and switches', async () => {
        // A bucket holds its lower boundary (100 is in [100, 500)); empty buckets are left out.
        const buckets = await invoices.aggregate([
          { $bucket: { groupBy: '$amount', boundaries: [0, 100, 500, 1000, 5000], output: { count: { $sum: 1 } } } },
        ]);
        expect(buckets).toEqual([
          { _id: 0, count: 1 },
          { _id: 100, count: 3 },
          { _id: 500, count: 1 },
        ]);
        const withDefault = await invoices.aggregate([
          { $bucket: { groupBy: '$amount', boundaries: [0, 100, 500], default: 'large', output: { total: { $sum: '$amount' } } } },
        ]);
        expect(withDefault).toEqual([
          { _id: 0, total: 40 },
          { _id: 100, total: 600 },
          { _id: 'large', total: 900 },
        ]);
        const sizes = await invoices.aggregate([
          {
            $project: {
              size: {
                $switch: {
                  branches: [
                    { case: { $gte: ['$amount', 500] }, then: 'large' },
                    { case: { $gte: ['$amount', 100] }, then: 'medium' },
                  ],
                  default: 'small',
                },
              },
            },
          },
          { $sort: { _id: 1 } },
        ]);
        expect(sizes.map((row) => row.size)).toEqual(['medium', 'medium', 'small', 'large', 'medium']);
      });

      it('leaves the stored documents alone', async () => {
        await invoices.aggregate([{ $set: { 'address.city': 'Nowhere', amount: 0 } }]);
        expect(await invoice('inv-1')).toEqual(INVOICES[0]);
      });
    });

    describe('updates', () => {
      it('leaves out fields that are undefined, as JSON does', async () => {
        await invoices.insertOne({ ...INVOICES[0], _id: 'inv-undefined', dueOn: undefined });
        expect(await invoice('inv-undefined')).not.toHaveProperty('dueOn');
      });

      it('applies $set, $unset, $inc, $push and $pull', async () => {
        const result = await invoices.updateOne(
          { _id: 'inv-1' },
          {
            $set: { status: 'promised', 'address.city': 'Hamburg' },
            $unset: { dueOn: '' },
            $inc: { amount: -30 },
            $push: { tags: 'promise' },
            $pull: { lines: { sku: 'A' } },
          },
        );
        expect(result).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
        const { dueOn, ...unchanged } = INVOICES[0];
        expect(dueOn).toBeDefined();
        expect(await invoice('inv-1')).toEqual({
          ...unchanged,
          status: 'promised',
          address: { country: 'DE', city: 'Hamburg' },
          amount: 70,
          tags: ['vip', 'eu', 'promise'],
          lines: [{ sku: 'B', qty: 2 }],
        });
      });

      it('updates every match with updateMany', async () => {
        const result = await invoices.updateMany({ currency: 'EUR' }, { $inc: { amount: 1 }, $set: { reviewed: true } });
        expect(result).toEqual({ matchedCount: 3, modifiedCount: 3, upsertedCount: 0, upsertedId: null });
        expect(ids(await invoices.find({ reviewed: true }))).toEqual(['inv-1', 'inv-2', 'inv-5']);
        expect((await invoice('inv-2'))?.amount).toBe(251);
      });

      it('counts an update that changes nothing as matched, not modified', async () => {
        const unchanged = { matchedCount: 1, modifiedCount: 0, upsertedCount: 0, upsertedId: null };
        expect(await invoices.updateOne({ _id: 'inv-2' }, { $set: { status: 'paid' } })).toEqual(unchanged);
        expect(await invoices.updateOne({ _id: 'inv-2' }, { $unset: { nothing: '' } })).toEqual(unchanged);
        expect(await invoices.updateOne({ _id: 'inv-2' }, { $pull: { tags: 'absent' } })).toEqual(unchanged);
        expect(await invoices.updateMany({ status: 'open' }, { $set: { status: 'open' } })).toEqual({
          ...unchanged,
          matchedCount: 3,
        });
        expect(await invoices.updateOne({ _id: 'missing' }, { $set: { status: 'x' } })).toEqual({
          ...unchanged,
          matchedCount: 0,
        });
        expect(await invoices.countDocuments()).toBe(5);
      });

      it('upserts a document seeded from the filter equalities, then $setOnInsert, then the other operators', async () => {
        const filter = {
          _id: 'acc-9',
          customerId: 'C9',
          status: { $eq: 'open' },
          $and: [{ region: 'EU' }],
          amount: { $gt: 5 },
        };
        const update = { $setOnInsert: { openedOn: '2024-05-01' }, $set: { note: 'first' }, $inc: { touches: 1 } };
        expect(await invoices.updateOne(filter, update, { upsert: true })).toEqual({
          matchedCount: 0,
          modifiedCount: 0,
          upsertedCount: 1,
          upsertedId: 'acc-9',
        });
        expect(await invoice('acc-9')).toEqual({
          _id: 'acc-9',
          customerId: 'C9',
          status: 'open',
          region: 'EU',
          openedOn: '2024-05-01',
          note: 'first',
          touches: 1,
        });

        // The inserted document has no amount, so the same filter no longer matches: match by id.
        const again = await invoices.updateOne(
          { _id: 'acc-9' },
          { $setOnInsert: { openedOn: '2030-01-01' }, $set: { note: 'second' }, $inc: { touches: 1 } },
          { upsert: true },
        );
        expect(again).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
        expect(await invoice('acc-9')).toMatchObject({ openedOn: '2024-05-01', note: 'second', touches: 2 });
      });

      it('seeds nested equality fields and generates an _id when the filter has none', async () => {
        const result = await invoices.updateMany(
          { 'address.country': 'NL', customerId: 'C10' },
          { $set: { status: 'open' } },
          { upsert: true },
        );
        expect(result).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
        expect(result.upsertedId).toMatch(/^[0-9a-f]{24}$/);
        expect(await invoices.findOne({ customerId: 'C10' }, { projection: { _id: 0 } })).toEqual({
          address: { country: 'NL' },
          customerId: 'C10',
          status: 'open',
        });
      });

      it('keeps _id immutable', async () => {
        await expect(invoices.updateOne({ _id: 'inv-1' }, { $set: { _id: 'inv-100', status: 'x' } })).rejects.toThrow(/_id/);
        expect(await invoice('inv-1')).toEqual(INVOICES[0]);
        expect(await invoice('inv-100')).toBeNull();
        // Setting _id to the value it has is allowed.
        expect(await invoices.updateOne({ _id: 'inv-1' }, { $set: { _id: 'inv-1', status: 'x' } })).toMatchObject({
          matchedCount: 1,
          modifiedCount: 1,
        });
        await expect(invoices.replaceOne({ _id: 'inv-2' }, { ...INVOICES[1], _id: 'inv-200' })).rejects.toThrow(/_id/);
        expect(await invoice('inv-2')).toEqual(INVOICES[1]);
      });

      it('replaces a document, keeping its _id, and upserts with the filter _id', async () => {
        const { _id, ...fields } = INVOICES[2];
        expect(_id).toBe('inv-3');
        const replacement = { ...fields, status: 'written-off', amount: 0 };
        expect(await invoices.replaceOne({ _id: 'inv-3' }, replacement as Invoice)).toEqual({
          matchedCount: 1,
          modifiedCount: 1,
          upsertedCount: 0,
          upsertedId: null,
        });
        expect(await invoice('inv-3')).toEqual({ _id: 'inv-3', ...replacement });
        expect(await invoices.replaceOne({ _id: 'inv-3' }, { _id: 'inv-3', ...replacement })).toMatchObject({
          matchedCount: 1,
          modifiedCount: 0,
        });

        const fresh = { customerId: 'C11', status: 'open' } as unknown as Invoice;
        expect(await invoices.replaceOne({ _id: 'inv-11' }, fresh, { upsert: true })).toEqual({
          matchedCount: 0,
          modifiedCount: 0,
          upsertedCount: 1,
          upsertedId: 'inv-11',
        });
        expect(await invoice('inv-11')).toEqual({ _id: 'inv-11', customerId: 'C11', status: 'open' });
        expect(await invoices.replaceOne({ _id: 'none' }, fresh)).toMatchObject({ matchedCount: 0, upsertedCount: 0 });
      });

      it('deletes every match with deleteMany', async () => {
        expect(await invoices.deleteMany({ status: 'open' })).toEqual({ deletedCount: 3 });
        expect(await invoices.deleteMany({ status: 'open' })).toEqual({ deletedCount: 0 });
        expect(ids(await invoices.find())).toEqual(['inv-2', 'inv-4']);
      });
    });

    describe('bulk writes', () => {
      it('applies every kind of operation and reports the counts', async () => {
        const result = await invoices.bulkWrite([
          { insertOne: { document: { ...INVOICES[0], _id: 'inv-6' } } },
          { updateOne: { filter: { _id: 'inv-1' }, update: { $set: { status: 'promised' } } } },
          { updateMany: { filter: { currency: 'USD' }, update: { $inc: { amount: 10 } } } },
          { updateOne: { filter: { _id: 'inv-7' }, update: { $set: { status: 'open' } }, upsert: true } },
          { replaceOne: { filter: { _id: 'inv-2' }, replacement: { ...INVOICES[1], status: 'refunded' } } },
          { deleteOne: { filter: { status: 'open', customerId: 'C2', currency: 'EUR' } } },
          { deleteMany: { filter: { currency: 'USD' } } },
        ]);
        expect(result).toEqual({ insertedCount: 1, matchedCount: 4, modifiedCount: 4, upsertedCount: 1, deletedCount: 3 });
        expect(await invoices.countDocuments()).toBe(4);
      });

      it('stops an ordered bulk write at the first failure, keeping the operations before it', async () => {
        const write = invoices.bulkWrite([
          { insertOne: { document: { ...INVOICES[0], _id: 'inv-6' } } },
          { updateOne: { filter: { _id: 'inv-1' }, update: { $set: { status: 'promised' } } } },
          { insertOne: { document: { ...INVOICES[0], _id: 'inv-2' } } },
          { insertOne: { document: { ...INVOICES[0], _id: 'inv-7' } } },
        ]);
        await expect(write).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await invoice('inv-6')).not.toBeNull();
        expect((await invoice('inv-1'))?.status).toBe('promised');
        expect(await invoice('inv-2')).toEqual(INVOICES[1]);
        expect(await invoice('inv-7')).toBeNull();
      });
    });

    describe('indexes', () => {
      it('refuses a duplicate _id', async () => {
        const duplicate = invoices.insertOne({ ...INVOICES[1], status: 'copy' });
        await expect(duplicate).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(duplicate).rejects.toMatchObject({ code: 11000 });
        expect(await invoice('inv-2')).toEqual(INVOICES[1]);
      });

      it('enforces a unique compound index on inserts, updates and upserts', async () => {
        type Numbered = ReadDocument & { customerId: string; invoiceNo: number; note?: string };
        const numbered = collection<Numbered>('numbered');
        expect(await numbered.createIndex({ customerId: 1, invoiceNo: 1 }, { unique: true })).toBe('customerId_1_invoiceNo_1');
        await numbered.insertOne({ _id: 'n1', customerId: 'C1', invoiceNo: 1 });
        await numbered.insertOne({ _id: 'n2', customerId: 'C1', invoiceNo: 2 });
        await numbered.insertOne({ _id: 'n3', customerId: 'C2', invoiceNo: 1 });

        await expect(numbered.insertOne({ _id: 'n4', customerId: 'C1', invoiceNo: 2 })).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(numbered.updateOne({ _id: 'n2' }, { $set: { invoiceNo: 1, note: 'x' } })).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(
          numbered.updateOne({ _id: 'n5' }, { $set: { customerId: 'C2', invoiceNo: 1 } }, { upsert: true }),
        ).rejects.toBeInstanceOf(DuplicateKeyError);

        // A document keeps its own key, and a freed key can be taken.
        expect(await numbered.updateOne({ _id: 'n2' }, { $set: { note: 'kept' } })).toMatchObject({ modifiedCount: 1 });
        await numbered.updateOne({ _id: 'n2' }, { $set: { invoiceNo: 3 } });
        await numbered.insertOne({ _id: 'n6', customerId: 'C1', invoiceNo: 2 });
        expect(ids(await numbered.find({ customerId: 'C1' }))).toEqual(['n1', 'n2', 'n6']);
        expect(await numbered.findOne({ _id: 'n2' })).toEqual({ _id: 'n2', customerId: 'C1', invoiceNo: 3, note: 'kept' });
        expect(await numbered.findOne({ _id: 'n5' })).toBeNull();
      });

      it('refuses to build a unique index over duplicate values; a plain index is idempotent', async () => {
        await expect(invoices.createIndex({ customerId: 1 }, { unique: true })).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await invoices.createIndex({ customerId: 1 })).toBe('customerId_1');
        expect(await invoices.createIndex({ customerId: 1 })).toBe('customerId_1');
        expect(await invoices.createIndex({ status: 1, dueOn: -1 }, { name: 'by_status' })).toBe('by_status');
        expect(ids(await invoices.find({ customerId: 'C1' }))).toEqual(['inv-1', 'inv-2']);
        expect(ids(await invoices.find({ status: 'open', dueOn: { $lt: '2024-02-01' } }))).toEqual(['inv-1', 'inv-3']);
      });
    });

    describe('drop', () => {
      it('removes the documents and the indexes; a missing collection is no error', async () => {
        await invoices.createIndex({ currency: 1 }, { unique: false });
        const unique = collection('unique');
        await unique.createIndex({ key: 1 }, { unique: true });
        await unique.insertOne({ _id: 'u1', key: 'k' });

        await invoices.drop();
        await unique.drop();
        expect(await invoices.countDocuments()).toBe(0);
        await unique.insertOne({ _id: 'u1', key: 'k' });
        await unique.insertOne({ _id: 'u2', key: 'k' });
        expect(await unique.countDocuments({ key: 'k' })).toBe(2);
        await expect(collection('never-created').drop()).resolves.toBeUndefined();
      });
    });

    describe('transactions', () => {
      it('commits every write of the work together and returns its result', async () => {
        const payments = collection('payments');
        const result = await store.withTransaction(async (session) => {
          await invoices.updateOne({ _id: 'inv-1' }, { $set: { status: 'paid' } }, { session });
          await invoices.deleteMany({ _id: 'inv-3' }, { session });
          await payments.insertOne({ _id: 'pay-1', invoiceId: 'inv-1', amount: 100 }, { session });
          return 'committed';
        });
        expect(result).toBe('committed');
        expect((await invoice('inv-1'))?.status).toBe('paid');
        expect(await invoice('inv-3')).toBeNull();
        expect(await payments.findOne({ _id: 'pay-1' })).toEqual({ _id: 'pay-1', invoiceId: 'inv-1', amount: 100 });
      });

      it('shows a transaction committed without journal to every reader once it resolves', async () => {
        await store.withTransaction((session) => invoices.updateOne({ _id: 'inv-1' }, { $set: { status: 'paid' } }, { session }), {
          journal: false,
        });
        expect((await invoice('inv-1'))?.status).toBe('paid');
      });

      it('rolls back every write when the work throws', async () => {
        const payments = collection('payments');
        const failure = new Error('projection failed');
        const transaction = store.withTransaction(async (session) => {
          await invoices.updateOne({ _id: 'inv-1' }, { $set: { status: 'paid' }, $inc: { amount: 5 } }, { session });
          await invoices.updateMany({}, { $set: { touched: true } }, { session });
          await invoices.deleteMany({ status: 'open' }, { session });
          await payments.insertOne({ _id: 'pay-1', invoiceId: 'inv-1', amount: 100 }, { session });
          throw failure;
        });
        await expect(transaction).rejects.toBe(failure);
        expect(await invoices.find({}, { sort: { _id: 1 } })).toEqual(INVOICES);
        expect(await payments.countDocuments()).toBe(0);
      });

      it('shows uncommitted writes to reads with the session only', async () => {
        await store.withTransaction(async (session) => {
          await invoices.insertOne({ ...INVOICES[0], _id: 'inv-6' }, { session });
          await invoices.updateOne({ _id: 'inv-2' }, { $set: { status: 'refunded' } }, { session });

          expect(await invoices.findOne({ _id: 'inv-6' }, { session })).not.toBeNull();
          expect(await invoices.findOne({ _id: 'inv-6' })).toBeNull();
          expect((await invoices.findOne({ _id: 'inv-2' }, { session }))?.status).toBe('refunded');
          expect((await invoices.findOne({ _id: 'inv-2' }))?.status).toBe('paid');
          expect(await invoices.countDocuments({ customerId: 'C1' }, { session })).toBe(3);
          expect(await invoices.countDocuments({ customerId: 'C1' })).toBe(2);
          const statuses = async (options = {}) =>
            invoices.aggregate([{ $match: { customerId: 'C1' } }, { $sort: { _id: 1 } }, { $project: { status: 1 } }], options);
          expect((await statuses({ session })).map((row) => row.status)).toEqual(['open', 'refunded', 'open']);
          expect((await statuses()).map((row) => row.status)).toEqual(['open', 'paid']);
        });
        expect(await invoices.countDocuments({ customerId: 'C1' })).toBe(3);
      });

      it('aborts the whole transaction on a duplicate key', async () => {
        const transaction = store.withTransaction(async (session) => {
          await invoices.insertOne({ ...INVOICES[0], _id: 'inv-6' }, { session });
          await invoices.updateOne({ _id: 'inv-1' }, { $set: { status: 'promised' } }, { session });
          await invoices.insertOne({ ...INVOICES[0], _id: 'inv-2' }, { session });
        });
        await expect(transaction).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await invoice('inv-6')).toBeNull();
        expect(await invoice('inv-1')).toEqual(INVOICES[0]);
      });

      it('keeps concurrent transactions from seeing each other before they commit', async () => {
        const firstWrote = gate();
        const secondWrote = gate();
        const first = store.withTransaction(async (session) => {
          await invoices.insertOne({ ...INVOICES[0], _id: 'first' }, { session });
          firstWrote.open();
          await secondWrote.opened;
          return ids(await invoices.find({ _id: { $in: ['first', 'second'] } }, { session }));
        });
        const second = store.withTransaction(async (session) => {
          await firstWrote.opened;
          await invoices.insertOne({ ...INVOICES[0], _id: 'second' }, { session });
          secondWrote.open();
          return ids(await invoices.find({ _id: { $in: ['first', 'second'] } }, { session }));
        });
        expect(await first).toEqual(['first']);
        expect(await second).toEqual(['second']);
        expect(ids(await invoices.find({ _id: { $in: ['first', 'second'] } }))).toEqual(['first', 'second']);
      });
    });
  });
}
