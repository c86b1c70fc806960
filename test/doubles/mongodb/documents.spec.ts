import { Collection, MongoBulkWriteError, MongoServerError, ObjectId } from 'mongodb';
import { DoubleWithClient, startDoubleWithClient } from './testing';

interface Invoice {
  _id: string;
  customerId: string;
  amount: number;
  status: string;
  tags?: string[];
  openedOn?: string;
  touches?: number;
}

const INVOICES: Invoice[] = [
  { _id: 'i1', customerId: 'C1', amount: 100, status: 'open', tags: ['vip'] },
  { _id: 'i2', customerId: 'C1', amount: 250, status: 'paid', tags: [] },
  { _id: 'i3', customerId: 'C2', amount: 40, status: 'open', tags: ['eu'] },
];

describe('MongoDB wire-protocol double: documents', () => {
  let double: DoubleWithClient;
  let invoices: Collection<Invoice>;

  beforeEach(async () => {
    double = await startDoubleWithClient();
    invoices = double.db.collection<Invoice>('invoices');
    await invoices.insertMany(INVOICES.map((invoice) => ({ ...invoice })));
  });

  afterEach(async () => {
    await double.stop();
  });

  describe('reads', () => {
    it('finds with a filter, sort, skip, limit and projection', async () => {
      const page = await invoices
        .find({ amount: { $gte: 40 } }, { sort: { amount: -1 }, skip: 1, limit: 2, projection: { _id: 0, amount: 1 } })
        .toArray();

      expect(page).toEqual([{ amount: 100 }, { amount: 40 }]);
      expect(await invoices.findOne({ tags: 'eu' })).toEqual(INVOICES[2]);
      expect(await invoices.findOne({ status: 'written-off' })).toBeNull();
    });

    it('counts with countDocuments (an aggregate) and estimatedDocumentCount (count)', async () => {
      expect(await invoices.countDocuments({ customerId: 'C1' })).toBe(2);
      expect(await invoices.countDocuments({}, { skip: 1, limit: 1 })).toBe(1);
      expect(await invoices.estimatedDocumentCount()).toBe(3);
    });

    it('aggregates, looking up other collections', async () => {
      await double.db.collection('customers').insertMany([{ _id: 'C1', name: 'Acme' } as never, { _id: 'C2', name: 'Bolt' } as never]);

      const totals = await invoices
        .aggregate([
          { $group: { _id: '$customerId', total: { $sum: '$amount' } } },
          { $lookup: { from: 'customers', localField: '_id', foreignField: '_id', as: 'customer' } },
          { $project: { total: 1, name: { $first: '$customer.name' } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();

      expect(totals).toEqual([
        { _id: 'C1', total: 350, name: 'Acme' },
        { _id: 'C2', total: 40, name: 'Bolt' },
      ]);
    });

    it('buckets as the server does: lower boundary inclusive, no empty buckets, no silent out-of-range', async () => {
      const buckets = await invoices.aggregate([{ $bucket: { groupBy: '$amount', boundaries: [0, 100, 200, 300, 400] } }]).toArray();
      expect(buckets).toEqual([
        { _id: 0, count: 1 },
        { _id: 100, count: 1 },
        { _id: 200, count: 1 },
      ]);

      const outOfRange = invoices.aggregate([{ $bucket: { groupBy: '$amount', boundaries: [0, 100] } }]).toArray();
      await expect(outOfRange).rejects.toMatchObject({ code: 40066 });
    });
  });

  describe('updates', () => {
    it('applies operators and reports an update that changes nothing as matched, not modified', async () => {
      const changed = await invoices.updateOne(
        { _id: 'i1' },
        { $set: { status: 'promised' }, $inc: { amount: 5 }, $push: { tags: 'late' } },
      );
      expect(changed).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
      expect(await invoices.findOne({ _id: 'i1' })).toEqual({ ...INVOICES[0], status: 'promised', amount: 105, tags: ['vip', 'late'] });

      const unchanged = await double.db.command({ update: 'invoices', updates: [{ q: { _id: 'i2' }, u: { $set: { status: 'paid' } } }] });
      expect(unchanged).toMatchObject({ ok: 1, n: 1, nModified: 0 });
      expect(await invoices.updateOne({ _id: 'i2' }, { $pull: { tags: 'absent' } })).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    });

    it('updates every match with multi, one without', async () => {
      expect(await invoices.updateMany({ status: 'open' }, { $set: { reviewed: true } })).toMatchObject({
        matchedCount: 2,
        modifiedCount: 2,
      });
      expect(await invoices.updateOne({ customerId: 'C1' }, { $set: { flagged: true } })).toMatchObject({
        matchedCount: 1,
        modifiedCount: 1,
      });
      expect(await invoices.countDocuments({ reviewed: true })).toBe(2);
      expect(await invoices.countDocuments({ flagged: true })).toBe(1);
    });

    it('upserts from the filter’s equality fields, applying $setOnInsert only when inserting', async () => {
      const update = { $setOnInsert: { openedOn: '2024-05-01' }, $inc: { touches: 1 } };

      const inserted = await invoices.updateOne({ _id: 'i9', customerId: 'C9', amount: { $gt: 5 } }, update, { upsert: true });
      const matched = await invoices.updateOne({ _id: 'i9' }, { ...update, $setOnInsert: { openedOn: '2030-01-01' } }, { upsert: true });

      expect(inserted).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: 'i9' });
      expect(matched).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
      expect(await invoices.findOne({ _id: 'i9' })).toEqual({ _id: 'i9', customerId: 'C9', openedOn: '2024-05-01', touches: 2 });
    });

    it('gives an upserted document without an _id in its filter a new ObjectId', async () => {
      const result = await invoices.updateOne({ customerId: 'C10' }, { $set: { status: 'open' } }, { upsert: true });

      expect(result.upsertedId).toBeInstanceOf(ObjectId);
      expect(await invoices.findOne({ customerId: 'C10' })).toEqual({ _id: result.upsertedId, customerId: 'C10', status: 'open' });
    });

    it('keeps _id immutable, though setting it to its own value is allowed', async () => {
      const changeId = invoices.updateOne({ _id: 'i1' }, { $set: { _id: 'i100' } });
      await expect(changeId).rejects.toBeInstanceOf(MongoServerError);
      await expect(changeId).rejects.toMatchObject({ code: 66, message: expect.stringContaining("immutable field '_id'") });

      // The driver's types forbid an _id in a replacement; the server is what refuses a different one.
      const replaceId = double.db.collection('invoices').replaceOne({ _id: 'i2' as never }, { ...INVOICES[1], _id: 'i200' });
      await expect(replaceId).rejects.toMatchObject({ code: 66, message: expect.stringContaining("the (immutable) field '_id'") });

      expect(await invoices.updateOne({ _id: 'i1' }, { $set: { _id: 'i1', status: 'x' } })).toMatchObject({ modifiedCount: 1 });
      expect(await invoices.countDocuments({ _id: { $in: ['i100', 'i200'] } })).toBe(0);
    });

    it('replaces a document, keeping its _id, and refuses unknown operators', async () => {
      const { _id, ...fields } = INVOICES[2];
      expect(await invoices.replaceOne({ _id }, { ...fields, status: 'closed' })).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
      expect(await invoices.findOne({ _id })).toEqual({ ...INVOICES[2], status: 'closed' });

      const unknown = double.db.command({ update: 'invoices', updates: [{ q: {}, u: { $frobnicate: { a: 1 } } }] });
      await expect(unknown).resolves.toMatchObject({ ok: 1, n: 0, writeErrors: [{ index: 0, code: 9 }] });
    });

    it('deletes one or every match', async () => {
      expect(await invoices.deleteOne({ customerId: 'C1' })).toMatchObject({ deletedCount: 1 });
      expect(await invoices.deleteMany({})).toMatchObject({ deletedCount: 2 });
      expect(await invoices.countDocuments()).toBe(0);
    });
  });

  describe('unique indexes', () => {
    it('refuses a duplicate key with E11000 in writeErrors of an ok reply, naming the index, pattern and value', async () => {
      await invoices.createIndex({ customerId: 1, amount: 1 }, { unique: true });

      const reply = await double.db.command({ insert: 'invoices', documents: [{ _id: 'i4', customerId: 'C1', amount: 100 }] });

      expect(reply).toEqual({
        ok: 1,
        n: 0,
        writeErrors: [
          {
            index: 0,
            code: 11000,
            errmsg:
              'E11000 duplicate key error collection: double_test.invoices index: customerId_1_amount_1 dup key: { customerId: "C1", amount: 100 }',
            keyPattern: { customerId: 1, amount: 1 },
            keyValue: { customerId: 'C1', amount: 100 },
          },
        ],
      });
    });

    it('enforces the index on updates and upserts, and lets a document keep its own key', async () => {
      await invoices.deleteOne({ _id: 'i3' });
      await invoices.createIndex({ status: 1 }, { unique: true, name: 'one_per_status' });

      await expect(invoices.updateOne({ _id: 'i2' }, { $set: { status: 'open' } })).rejects.toMatchObject({
        code: 11000,
        keyValue: { status: 'open' },
      });
      await expect(invoices.updateOne({ _id: 'i5' }, { $set: { status: 'paid' } }, { upsert: true })).rejects.toMatchObject({
        code: 11000,
      });
      expect(await invoices.updateOne({ _id: 'i1' }, { $set: { status: 'open', amount: 1 } })).toMatchObject({ modifiedCount: 1 });
      expect(await invoices.findOne({ _id: 'i5' })).toBeNull();
    });

    it('stops an ordered insert at the duplicate, keeping what came before; an unordered one goes on', async () => {
      const ordered = invoices.insertMany([{ ...INVOICES[0], _id: 'i4' }, { ...INVOICES[0] }, { ...INVOICES[0], _id: 'i5' }]);
      await expect(ordered).rejects.toBeInstanceOf(MongoBulkWriteError);
      expect(await invoices.countDocuments({ _id: { $in: ['i4', 'i5'] } })).toBe(1);

      const unordered = invoices.insertMany([{ ...INVOICES[0] }, { ...INVOICES[0], _id: 'i6' }], { ordered: false });
      await expect(unordered).rejects.toMatchObject({ writeErrors: [expect.objectContaining({ index: 0 })] });
      expect(await invoices.findOne({ _id: 'i6' })).not.toBeNull();
    });

    it('refuses to build a unique index over values that repeat', async () => {
      const build = invoices.createIndex({ customerId: 1 }, { unique: true });

      await expect(build).rejects.toMatchObject({ code: 11000, keyPattern: { customerId: 1 }, keyValue: { customerId: 'C1' } });
      expect((await invoices.listIndexes().toArray()).map((index) => index.name)).toEqual(['_id_']);
    });
  });

  describe('catalog', () => {
    it('lists, names and checks indexes', async () => {
      expect(await invoices.createIndex({ status: 1, amount: -1 })).toBe('status_1_amount_-1');
      expect(await invoices.createIndex({ status: 1, amount: -1 })).toBe('status_1_amount_-1');

      expect(await invoices.listIndexes().toArray()).toEqual([
        { v: 2, key: { _id: 1 }, name: '_id_' },
        { v: 2, key: { status: 1, amount: -1 }, name: 'status_1_amount_-1' },
      ]);
      await expect(invoices.createIndex({ customerId: 1 }, { name: 'status_1_amount_-1' })).rejects.toMatchObject({ code: 86 });
      await expect(double.db.collection('missing').listIndexes().toArray()).rejects.toMatchObject({ code: 26 });
    });

    it('lists collections, drops one (a missing one too) and drops the database', async () => {
      await double.db.collection('payments').insertOne({ amount: 1 });

      expect((await double.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort()).toEqual([
        'invoices',
        'payments',
      ]);
      expect(await double.db.collection('payments').drop()).toBe(true);
      expect(await double.db.collection('never-created').drop()).toBe(true);
      expect((await double.db.listCollections().toArray()).map((c) => c.name)).toEqual(['invoices']);

      expect(await double.db.dropDatabase()).toBe(true);
      expect(await double.db.listCollections().toArray()).toEqual([]);
      expect(await invoices.countDocuments()).toBe(0);
    });
  });
});
