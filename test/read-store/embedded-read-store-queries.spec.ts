import fc from 'fast-check';
import { Filter, ReadDocument, ReadSession } from '@collections/read-store';
import { embeddedStoresPerTest } from './embedded-stores';

const ids = (documents: ReadDocument[]) => documents.map((document) => document._id).sort();

// The class the store compiles filters with, to count how many documents a query tests.
const { Query } = require('mingo/query') as typeof import('mingo/types/query');

describe('EmbeddedReadStore', () => {
  const stores = embeddedStoresPerTest();
  const open = stores.open;

  describe('indexes', () => {
    const customer = fc.constantFrom('C1', 'C2', 'C3');
    const status = fc.constantFrom('open', 'paid', 'disputed');
    const tag = fc.constantFrom('a', 'b', 'c');
    // Values of different types whose keys must not collide: a scalar is its own key (a Map tells
    // 1 from '1'), an object's key is NUL, 'j' and its JSON, and a string starting with NUL is
    // escaped as NUL, 's' and itself.
    const codes: unknown[] = [
      ...[1, '1', 'n1', '\0n1', 0, '0', true, 't', 'true', '\0t', false, 'false', null, 'null', 'z', '\0z', '\0', '\0\0', ''],
      ...[{ a: 1 }, 'j{"a":1}', '\0j{"a":1}', '\0s\0j{"a":1}', { b: [1] }, '\0j{"b":[1]}'],
    ];
    const code = fc.constantFrom(...codes);
    const documentArbitrary = fc.record({
      customerId: customer,
      status,
      amount: fc.integer({ min: 0, max: 4 }),
      tags: fc.array(tag, { maxLength: 3 }),
      address: fc.option(fc.record({ country: fc.constantFrom('DE', 'FR') }), { nil: undefined }),
      flag: fc.option(fc.boolean(), { nil: undefined }),
      code: fc.option(code, { nil: undefined }),
    });
    const filterArbitrary: fc.Arbitrary<Filter> = fc.oneof(
      fc.record({ customerId: customer }),
      fc.record({ customerId: customer, status }),
      fc.record({ customerId: fc.record({ $eq: customer }), amount: fc.record({ $gte: fc.integer({ min: 0, max: 4 }) }) }),
      fc.tuple(customer, status).map(([c, s]) => ({ $and: [{ customerId: c }, { status: s }] })),
      fc.record({ tags: tag }),
      fc.record({ 'address.country': fc.constantFrom('DE', 'FR'), status }),
      fc.record({ flag: fc.boolean(), amount: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ amount: fc.integer({ min: 0, max: 4 }), status: fc.record({ $ne: status }) }),
      // Lists: looked up key by key, on a single field, after a prefix of equalities and on an array field.
      fc.record({ customerId: fc.record({ $in: fc.uniqueArray(customer) }) }),
      fc.record({ customerId: fc.record({ $in: fc.uniqueArray(customer), $ne: customer }) }),
      fc.record({ customerId: customer, status: fc.record({ $in: fc.array(status, { maxLength: 3 }) }) }),
      fc.record({ tags: fc.record({ $in: fc.array(tag, { minLength: 1, maxLength: 3 }) }), status }),
      fc.record({ flag: fc.boolean(), amount: fc.record({ $in: fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant('1'))) }) }),
      fc.record({ code }),
      fc.record({ code: fc.record({ $in: fc.uniqueArray(code, { maxLength: 4 }) }) }),
      fc.record({ code, customerId: customer }),
    );
    const changeArbitrary = fc.record({ filter: filterArbitrary, status, remove: fc.boolean() });

    it('given values of every type under one index, when each is asked for, then only its own documents answer', async () => {
      const store = open(':memory:');
      const indexed = store.collection('codes');
      await indexed.createIndex({ code: 1 });
      for (const [i, value] of codes.entries()) await indexed.insertOne({ _id: `d${i}`, code: value });
      for (const [i, value] of codes.entries()) {
        expect(ids(await indexed.find({ code: value }))).toEqual([`d${i}`]);
        expect(ids(await indexed.find({ code: { $in: [value] } }))).toEqual([`d${i}`]);
      }
    });

    it('answers like a full scan, after updates and deletions, inside and outside transactions', async () => {
      const store = open(':memory:');
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(documentArbitrary, { maxLength: 40 }),
          fc.array(changeArbitrary, { maxLength: 4 }),
          fc.array(filterArbitrary, { minLength: 1, maxLength: 6 }),
          async (documents, changes, filters) => {
            run += 1;
            const indexed = store.collection(`indexed-${run}`);
            const scanned = store.collection(`scanned-${run}`);
            await indexed.createIndex({ customerId: 1, status: 1 });
            await indexed.createIndex({ tags: 1 });
            await indexed.createIndex({ 'address.country': 1 });
            await indexed.createIndex({ flag: 1, amount: 1 });
            await indexed.createIndex({ code: 1 });
            await indexed.createIndex({ customerId: 1, code: 1 });
            for (const [i, document] of documents.entries()) {
              await indexed.insertOne({ _id: `d${i}`, ...document });
              await scanned.insertOne({ _id: `d${i}`, ...document });
            }
            const apply = async (change: (typeof changes)[number], options: { session?: ReadSession } = {}) => {
              for (const target of [indexed, scanned]) {
                if (change.remove) await target.deleteMany(change.filter, options);
                else await target.updateMany(change.filter, { $set: { status: change.status } }, options);
              }
            };
            const sameAnswers = async (options: { session?: ReadSession } = {}) => {
              for (const filter of filters) {
                expect(ids(await indexed.find(filter, options))).toEqual(ids(await scanned.find(filter, options)));
              }
            };
            const [inTransaction, ...committed] = changes;
            for (const change of committed) await apply(change);
            await sameAnswers();
            if (inTransaction) {
              await store.withTransaction(async (session) => {
                await apply(inTransaction, { session });
                await indexed.insertOne({ _id: 'new', customerId: 'C1', status: 'open', tags: ['a'], amount: 1 }, { session });
                await scanned.insertOne({ _id: 'new', customerId: 'C1', status: 'open', tags: ['a'], amount: 1 }, { session });
                await sameAnswers({ session });
              });
              await sameAnswers();
            }
          },
        ),
        { numRuns: 40 },
      );
    });

    it('decides plain comparisons as mingo does, whatever the field holds', async () => {
      const store = open(':memory:');
      const values: unknown[] = ['a', 'b', 'B', '', 1, 2, -1, 0, 2.5, true, false, null, ['a', 1], [], { x: 1 }, undefined];
      const documents = values.map((value, i) => (value === undefined ? { _id: `d${i}` } : { _id: `d${i}`, v: value, w: i % 3 }));
      const collection = store.collection('mixed');
      for (const document of documents) await collection.insertOne(document);
      const operands: unknown[] = ['a', 'b', '', 0, 1, 2, true, false];
      const filters = [
        ...operands.flatMap((operand) => [
          { v: operand },
          ...['$eq', '$lt', '$lte', '$gt', '$gte'].map((operator) => ({ v: { [operator]: operand } })),
          { v: { $gt: operand, $lt: 'z' }, w: 1 },
        ]),
        ...[
          ['a', 1],
          ['b', 'B', 2.5],
          [0, ''],
          [1, true],
        ].map((list) => ({ v: { $in: list } })),
      ];
      for (const filter of filters) {
        // Under $and the filter goes to mingo whole.
        const expected = ids(await collection.find({ $and: [filter] }));
        expect([filter, ids(await collection.find(filter))]).toEqual([filter, expected]);
      }
    });

    it('tests only the documents an index or _id lookup finds', async () => {
      const store = open(':memory:');
      const indexed = store.collection('indexed');
      const scanned = store.collection('scanned');
      await indexed.createIndex({ customerId: 1 });
      for (let i = 0; i < 2000; i += 1) {
        const document = { _id: `d${i}`, customerId: `C${i % 200}`, amount: i };
        await indexed.insertOne(document);
        await scanned.insertOne(document);
      }
      const tested = jest.spyOn(Query.prototype, 'test');
      try {
        // $exists is left to mingo (plain comparisons are decided without it, see the next test).
        const filter = { customerId: 'C7', amount: { $exists: true } };
        expect(await indexed.countDocuments(filter)).toBe(10);
        expect(tested).toHaveBeenCalledTimes(10);
        tested.mockClear();
        expect(await scanned.countDocuments(filter)).toBe(10);
        expect(tested).toHaveBeenCalledTimes(2000);

        tested.mockClear();
        await store.withTransaction(async (session) => {
          await indexed.insertOne({ _id: 'extra', customerId: 'C7', amount: 1 }, { session });
          expect(await indexed.countDocuments(filter, { session })).toBe(11);
        });
        expect(tested).toHaveBeenCalledTimes(11);

        // A list is looked up key by key: 3 customers of 200 (C7's 10 and the extra one, C8's and C9's 10), one failing `amount`.
        tested.mockClear();
        const listed = { customerId: { $in: ['C7', 'C8', 'C9', 'nobody'] }, amount: { $exists: true, $ne: 9 } };
        expect(await indexed.countDocuments(listed)).toBe(30);
        expect(tested).toHaveBeenCalledTimes(31);

        tested.mockClear();
        await indexed.updateOne({ _id: 'd7' }, { $inc: { amount: 1 } });
        expect(await indexed.findOne({ _id: 'd7' })).toEqual({ _id: 'd7', customerId: 'C7', amount: 8 });
        expect(tested).not.toHaveBeenCalled();
      } finally {
        tested.mockRestore();
      }
    });
  });

  describe('dialect', () => {
    it('updates the array element a positional $ names through the filter', async () => {
      const store = open(':memory:');
      const accounts = store.collection('accounts');
      await accounts.insertOne({
        _id: 'a1',
        promises: [
          { id: 'p1', kept: false },
          { id: 'p2', kept: false },
        ],
      });
      await accounts.updateOne({ _id: 'a1', 'promises.id': 'p2' }, { $set: { 'promises.$.kept': true } });
      expect(await accounts.findOne({ _id: 'a1' })).toEqual({
        _id: 'a1',
        promises: [
          { id: 'p1', kept: false },
          { id: 'p2', kept: true },
        ],
      });
    });

    it('refuses what MongoDB refuses and what it cannot keep as JSON', async () => {
      const accounts = open(':memory:').collection('accounts');
      await accounts.insertOne({ _id: 'a1', balance: 1 });
      await expect(accounts.updateOne({ _id: 'a1' }, { $set: { balance: 2 }, $inc: { balance: 1 } })).rejects.toThrow(/conflict/);
      await expect(accounts.updateOne({ _id: 'a1' }, { balance: 2 })).rejects.toThrow(/atomic operators/);
      await expect(accounts.updateOne({ _id: 'a1' }, { $currentDate: { at: true } })).rejects.toThrow(/\$currentDate/);
      await expect(accounts.aggregate([{ $out: 'elsewhere' }])).rejects.toThrow(/\$out/);
      await expect(accounts.insertOne({ _id: 7 } as unknown as ReadDocument)).rejects.toThrow(/string _id/);
      expect(await accounts.find()).toEqual([{ _id: 'a1', balance: 1 }]);
    });
  });
});
