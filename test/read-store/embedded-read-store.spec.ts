import Database from 'better-sqlite3';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuplicateKeyError, EmbeddedReadStore, Filter, ReadDocument, ReadSession, ReadStore } from '@collections/read-store';
import { runUntilKilled } from '../fixtures/kill-worker';
import type { Total } from './transaction-worker';

const WORKER = path.join(__dirname, 'transaction-worker.ts');
const CLOSE_WORKER = path.join(__dirname, 'close-worker.ts');
const ITEMS_PER_TRANSACTION = 300;
const CRASHES = 3;

const ids = (documents: ReadDocument[]) => documents.map((document) => document._id).sort();

// The class the store compiles filters with, to count how many documents a query tests.
const { Query } = require('mingo/query') as typeof import('mingo/types/query');

describe('EmbeddedReadStore', () => {
  let dir: string;
  let file: string;
  const opened: ReadStore[] = [];
  const open = (at = file) => {
    const store = new EmbeddedReadStore(at);
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-read-store-'));
    file = path.join(dir, 'read-models.sqlite');
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('persistence', () => {
    it('keeps documents, their order and the index definitions across a reopen', async () => {
      const first = open();
      const accounts = first.collection('accounts');
      await accounts.createIndex({ email: 1 }, { unique: true });
      await accounts.createIndex({ segment: 1, status: 1 });
      for (const n of [3, 1, 2, 5, 4]) {
        await accounts.insertOne({ _id: `a${n}`, email: `${n}@example.com`, segment: n % 2 ? 'odd' : 'even', status: 'open' });
      }
      await accounts.updateOne({ _id: 'a2' }, { $set: { status: 'closed' } });
      await accounts.deleteMany({ _id: 'a5' });
      await first.withTransaction(async (session) => {
        await accounts.insertOne({ _id: 'a6', email: '6@example.com', segment: 'even', status: 'open' }, { session });
        await first.collection('checkpoints').updateOne({ _id: 'accounts' }, { $set: { position: 42 } }, { session, upsert: true });
      });
      const before = await accounts.find();
      await first.close();

      const second = open();
      const reopened = second.collection('accounts');
      expect(await reopened.find()).toEqual(before);
      expect(before.map((document) => document._id)).toEqual(['a3', 'a1', 'a2', 'a4', 'a6']);
      expect(await second.collection('checkpoints').findOne({ _id: 'accounts' })).toEqual({ _id: 'accounts', position: 42 });
      expect(ids(await reopened.find({ segment: 'even', status: 'open' }))).toEqual(['a4', 'a6']);
      await expect(reopened.insertOne({ _id: 'a7', email: '1@example.com' })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await reopened.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
      await expect(reopened.createIndex({ email: 1 })).rejects.toThrow(/conflicts/);
    });

    it('keeps JSON: a Date is stored as its ISO string, in memory as on disk', async () => {
      const store = open();
      const events = store.collection('events');
      await events.insertOne({ _id: 'e1', at: new Date('2024-05-01T10:00:00Z'), nothing: undefined });
      await events.updateOne({ _id: 'e1' }, { $set: { seenAt: new Date('2024-05-02T00:00:00Z') } });
      const expected = { _id: 'e1', at: '2024-05-01T10:00:00.000Z', seenAt: '2024-05-02T00:00:00.000Z' };
      expect(await events.findOne({ _id: 'e1' })).toEqual(expected);
      await store.close();
      expect(await open().collection('events').findOne({ _id: 'e1' })).toEqual(expected);
    });

    it('leaves memory and disk untouched when a transaction throws', async () => {
      const first = open();
      await first.collection('accounts').insertOne({ _id: 'a1', balance: 100 });
      await first.collection('accounts').insertOne({ _id: 'a2', balance: 50 });
      await first.close();
      // The owner locks the file: rows are read while no store has it open.
      const rowsBefore = readRows(file);

      const store = open();
      const accounts = store.collection('accounts');
      await expect(
        store.withTransaction(async (session) => {
          await accounts.updateOne({ _id: 'a1' }, { $inc: { balance: -100 } }, { session });
          await accounts.deleteMany({ _id: 'a2' }, { session });
          await accounts.insertOne({ _id: 'a3', balance: 1 }, { session });
          await store.collection('checkpoints').insertOne({ _id: 'accounts', position: 7 }, { session });
          throw new Error('crash in the projection');
        }),
      ).rejects.toThrow('crash in the projection');

      expect(await accounts.find()).toEqual([
        { _id: 'a1', balance: 100 },
        { _id: 'a2', balance: 50 },
      ]);
      expect(await store.collection('checkpoints').countDocuments()).toBe(0);
      await store.close();
      expect(readRows(file)).toEqual(rowsBefore);
      expect(await open().collection('accounts').find()).toEqual([
        { _id: 'a1', balance: 100 },
        { _id: 'a2', balance: 50 },
      ]);
    });

    it('shows a transaction committed without journal at once, and writes it before closing', async () => {
      const store = open();
      for (let batch = 1; batch <= 20; batch += 1) {
        await store.withTransaction(
          (session) => store.collection('batches').insertOne({ _id: `b${batch}`, batch }, { session }),
          { journal: false },
        );
        expect(await store.collection('batches').countDocuments()).toBe(batch);
      }
      await store.close();
      expect(readRows(file)).toHaveLength(20);
    });

    it('keeps its process alive until close() has written everything and let go of the file', async () => {
      const { stdout, status } = spawnSync(process.execPath, ['-r', '@swc-node/register', CLOSE_WORKER, file], {
        cwd: path.resolve(__dirname, '../..'),
        encoding: 'utf8',
      });
      expect({ stdout, status }).toEqual({ stdout: 'closed\n', status: 0 });
      expect(readRows(file)).toEqual([{ collection: 'notes', id: 'n1', body: '{"_id":"n1"}' }]);
    });

    it('is owned by one process: a second opener is refused until the first closes', async () => {
      const owner = open();
      expect(() => new EmbeddedReadStore(file)).toThrow(/owned by another process/);
      await owner.close();
      expect(await open().collection('anything').countDocuments()).toBe(0);
    });

    it.each([
      { mode: 'journaled', keeps: 'every committed transaction whole, and no partial one' },
      { mode: 'unjournaled', keeps: 'a whole prefix of the transactions committed, and no partial one' },
    ] as const)(
      `$mode: keeps $keeps across ${CRASHES} SIGKILLs`,
      async ({ mode }) => {
        const committed = new Set<number>();
        for (let crash = 1; crash <= CRASHES; crash += 1) {
          const printed = await commitUntilKilled(file, mode);
          expect(printed.length).toBeGreaterThan(3);
          printed.forEach((batch) => committed.add(batch));

          const raw = new Database(file, { readonly: true });
          expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
          raw.close();

          // Opening recovers the WAL left behind by the killed process.
          const store = new EmbeddedReadStore(file);
          const items = await store.collection('items').find();
          const total = await store.collection<Total>('totals').findOne({ _id: 'total' });
          await store.close();

          const lastBatch = total?.lastBatch ?? 0;
          // Without journal the last commits may be lost, but only together with all after them.
          if (mode === 'journaled') expect(lastBatch).toBeGreaterThanOrEqual(Math.max(...committed));
          expect(total?.items).toBe(items.length);
          const sizes = new Map<number, number>();
          for (const item of items) {
            const batch = item.batch as number;
            sizes.set(batch, (sizes.get(batch) ?? 0) + 1);
          }
          const notFollowed = items.filter(
            (item) => item.followedBy !== ((item.batch as number) < lastBatch ? (item.batch as number) + 1 : undefined),
          );
          expect(notFollowed).toEqual([]);
          expect([...sizes.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: lastBatch }, (_, i) => i + 1));
          expect([...sizes.values()].every((size) => size === ITEMS_PER_TRANSACTION)).toBe(true);
        }
      },
      90_000,
    );
  });

  describe('indexes', () => {
    const customer = fc.constantFrom('C1', 'C2', 'C3');
    const status = fc.constantFrom('open', 'paid', 'disputed');
    const tag = fc.constantFrom('a', 'b', 'c');
    const documentArbitrary = fc.record({
      customerId: customer,
      status,
      amount: fc.integer({ min: 0, max: 4 }),
      tags: fc.array(tag, { maxLength: 3 }),
      address: fc.option(fc.record({ country: fc.constantFrom('DE', 'FR') }), { nil: undefined }),
      flag: fc.option(fc.boolean(), { nil: undefined }),
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
    );
    const changeArbitrary = fc.record({ filter: filterArbitrary, status, remove: fc.boolean() });

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
      const filters = operands.flatMap((operand) => [
        { v: operand },
        ...['$eq', '$lt', '$lte', '$gt', '$gte'].map((operator) => ({ v: { [operator]: operand } })),
        { v: { $gt: operand, $lt: 'z' }, w: 1 },
      ]);
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

        tested.mockClear();
        await indexed.updateOne({ _id: 'd7' }, { $inc: { amount: 1 } });
        expect(await indexed.findOne({ _id: 'd7' })).toEqual({ _id: 'd7', customerId: 'C7', amount: 8 });
        expect(tested).not.toHaveBeenCalled();
      } finally {
        tested.mockRestore();
      }
    });
  });

  describe('copies', () => {
    it('hands a read-only find its own documents, frozen, so that a change throws instead of leaking in', async () => {
      const store = open(':memory:');
      const accounts = store.collection('accounts');
      await accounts.insertOne({ _id: 'a1', address: { city: 'Berlin' }, tags: ['vip'] });

      const [shared] = await accounts.find({ _id: 'a1' }, { readOnly: true });
      expect(() => ((shared.address as { city: string }).city = 'changed')).toThrow(TypeError);
      expect(() => (shared.tags as string[]).push('changed')).toThrow(TypeError);
      const [again] = await accounts.find({ tags: 'vip' }, { readOnly: true });
      expect(again).toBe(shared);

      // Others still get copies of their own, and the next version is a new document.
      const copy = await accounts.findOne({ _id: 'a1' });
      (copy?.tags as string[]).push('mine');
      await accounts.updateOne({ _id: 'a1' }, { $set: { 'address.city': 'Vilnius' } });
      expect(await accounts.find({}, { readOnly: true })).toEqual([{ _id: 'a1', address: { city: 'Vilnius' }, tags: ['vip'] }]);
      expect(shared).toEqual({ _id: 'a1', address: { city: 'Berlin' }, tags: ['vip'] });
    });

    it('never lets a caller change stored documents through its own objects', async () => {
      const store = open(':memory:');
      const accounts = store.collection('accounts');
      const original = { _id: 'a1', address: { city: 'Berlin' }, tags: ['vip'] };
      await accounts.insertOne(original);
      original.address.city = 'changed after insert';
      original.tags.push('changed');

      const found = await accounts.findOne({ _id: 'a1' });
      (found?.address as { city: string }).city = 'changed after find';
      const [listed] = await accounts.find({ tags: 'vip' }, { projection: { address: 1 } });
      (listed.address as { city: string }).city = 'changed after projection';
      const [aggregated] = await accounts.aggregate([{ $match: { _id: 'a1' } }]);
      (aggregated.address as { city: string }).city = 'changed after aggregate';

      const contact = { name: 'Ana', phones: ['1'] };
      await accounts.updateOne({ _id: 'a1' }, { $set: { contact }, $push: { tags: { $each: ['eu'] } } });
      contact.phones.push('changed after update');
      const replacement = { _id: 'a2', nested: { value: 1 } };
      await accounts.replaceOne({ _id: 'a2' }, replacement, { upsert: true });
      replacement.nested.value = 2;

      await store.withTransaction(async (session) => {
        const inSession = await accounts.findOne({ _id: 'a1' }, { session });
        (inSession?.address as { city: string }).city = 'changed in a session';
      });

      expect(await accounts.find()).toEqual([
        { _id: 'a1', address: { city: 'Berlin' }, tags: ['vip', 'eu'], contact: { name: 'Ana', phones: ['1'] } },
        { _id: 'a2', nested: { value: 1 } },
      ]);
    });
    it('replaceOwned upserts and deletes by _id, normalising what is not JSON yet, and commits with the session', async () => {
      const store = open();
      const accounts = store.collection('accounts');
      await accounts.createIndex({ segment: 1 });
      await accounts.insertOne({ _id: 'gone', segment: 'low' });
      await accounts.insertOne({ _id: 'kept', segment: 'low', n: 1 });
      const plain = { _id: 'kept', segment: 'high', n: 2, tags: ['a'] };
      const odd = { segment: 'low', at: new Date('2024-01-02T00:00:00.000Z'), skip: undefined, _id: 'new', zero: -0 };
      await expect(
        store.withTransaction(async (session) => {
          await accounts.replaceOwned!([plain], ['gone'], { session });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await accounts.find({}, { sort: { _id: 1 } })).toEqual([
        { _id: 'gone', segment: 'low' },
        { _id: 'kept', segment: 'low', n: 1 },
      ]);
      await store.withTransaction(async (session) => {
        await accounts.replaceOwned!([plain, odd as never], ['gone', 'missing'], { session });
        expect(await accounts.countDocuments({ segment: 'high' }, { session })).toBe(1);
      });
      const expected = [
        { _id: 'kept', segment: 'high', n: 2, tags: ['a'] },
        { _id: 'new', segment: 'low', at: '2024-01-02T00:00:00.000Z', zero: 0 },
      ];
      expect(await accounts.find()).toEqual(expected);
      expect(Object.keys((await accounts.findOne({ _id: 'new' }))!)).toEqual(['_id', 'segment', 'at', 'zero']);
      expect(await accounts.find({ segment: 'low' })).toEqual([expected[1]]);
      await store.close();
      expect(await open().collection('accounts').find()).toEqual(expected);
    });
  });

  describe('transactions', () => {
    it('aborts on a failed write even when the work catches the error, as MongoDB does', async () => {
      const store = open(':memory:');
      const accounts = store.collection('accounts');
      await accounts.insertOne({ _id: 'a1' });
      const transaction = store.withTransaction(async (session) => {
        await accounts.insertOne({ _id: 'a2' }, { session });
        await accounts.insertOne({ _id: 'a1' }, { session }).catch(() => undefined);
        await expect(accounts.countDocuments({}, { session })).rejects.toThrow(/aborted/);
        return 'done';
      });
      await expect(transaction).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(ids(await accounts.find())).toEqual(['a1']);
    });

    it('runs a transaction again when another committed the same document first', async () => {
      const store = open(':memory:');
      const counters = store.collection('counters');
      await counters.insertOne({ _id: 'c', value: 0 });
      let attempts = 0;
      await Promise.all(
        Array.from({ length: 5 }, () =>
          store.withTransaction(async (session) => {
            attempts += 1;
            await counters.updateOne({ _id: 'c' }, { $inc: { value: 1 } }, { session });
            await new Promise((resolve) => setImmediate(resolve));
          }),
        ),
      );
      expect(await counters.findOne({ _id: 'c' })).toEqual({ _id: 'c', value: 5 });
      expect(attempts).toBeGreaterThan(5);
    });

    it('checks unique keys again at commit', async () => {
      const store = open(':memory:');
      const users = store.collection('users');
      await users.createIndex({ email: 1 }, { unique: true });
      let written!: () => void;
      let otherCommitted!: () => void;
      const firstWrote = new Promise<void>((resolve) => (written = resolve));
      const committedElsewhere = new Promise<void>((resolve) => (otherCommitted = resolve));
      const loser = store.withTransaction(async (session) => {
        await users.insertOne({ _id: 'u1', email: 'same@example.com' }, { session });
        written();
        // Commits only once the other write has: the order under test, whatever the machine's speed.
        await committedElsewhere;
      });
      await firstWrote;
      await users.insertOne({ _id: 'u2', email: 'same@example.com' });
      otherCommitted();
      await expect(loser).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(ids(await users.find())).toEqual(['u2']);
    });

    it('refuses a session once its transaction has ended', async () => {
      const store = open(':memory:');
      const accounts = store.collection('accounts');
      const session = await store.withTransaction(async (s) => s);
      await expect(accounts.insertOne({ _id: 'late' }, { session })).rejects.toThrow(/ended/);
      await expect(open(':memory:').collection('accounts').find({}, { session })).rejects.toThrow(/another read store/);
    });
  });

  describe('dialect', () => {
    it('updates the array element a positional $ names through the filter', async () => {
      const store = open(':memory:');
      const accounts = store.collection('accounts');
      await accounts.insertOne({ _id: 'a1', promises: [{ id: 'p1', kept: false }, { id: 'p2', kept: false }] });
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
      await expect(accounts.updateOne({ _id: 'a1' }, { $set: { balance: 2 }, $inc: { balance: 1 } })).rejects.toThrow(
        /conflict/,
      );
      await expect(accounts.updateOne({ _id: 'a1' }, { balance: 2 })).rejects.toThrow(/atomic operators/);
      await expect(accounts.updateOne({ _id: 'a1' }, { $currentDate: { at: true } })).rejects.toThrow(/\$currentDate/);
      await expect(accounts.aggregate([{ $out: 'elsewhere' }])).rejects.toThrow(/\$out/);
      await expect(accounts.insertOne({ _id: 7 } as unknown as ReadDocument)).rejects.toThrow(/string _id/);
      expect(await accounts.find()).toEqual([{ _id: 'a1', balance: 1 }]);
    });
  });
});

/** Every row of the documents table, to compare the file before and after. */
function readRows(file: string): unknown[] {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.prepare('SELECT collection, id, body FROM documents ORDER BY rowid').all();
  } finally {
    raw.close();
  }
}

/** Runs the worker until SIGKILL; returns the batches it printed as committed. */
async function commitUntilKilled(file: string, mode: 'journaled' | 'unjournaled'): Promise<number[]> {
  return (await runUntilKilled(WORKER, [file, String(ITEMS_PER_TRANSACTION), mode], { min: 5, max: 40 })).map(Number);
}
