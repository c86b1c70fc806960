import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DuplicateKeyError, EmbeddedReadStore, ReadDocument } from '@collections/read-store';
import { embeddedStoresPerTest } from './embedded-stores';
import { runUntilKilled } from '../fixtures/kill-worker';
import type { Total } from './transaction-worker';

const WORKER = path.join(__dirname, 'transaction-worker.ts');
const CLOSE_WORKER = path.join(__dirname, 'close-worker.ts');
const ITEMS_PER_TRANSACTION = 300;
const CRASHES = 3;

const ids = (documents: ReadDocument[]) => documents.map((document) => document._id).sort();

describe('EmbeddedReadStore', () => {
  const stores = embeddedStoresPerTest();
  const open = stores.open;

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
      const rowsBefore = readRows(stores.file);

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
      expect(readRows(stores.file)).toEqual(rowsBefore);
      expect(await open().collection('accounts').find()).toEqual([
        { _id: 'a1', balance: 100 },
        { _id: 'a2', balance: 50 },
      ]);
    });

    it('shows a transaction committed without journal at once, and writes it before closing', async () => {
      const store = open();
      for (let batch = 1; batch <= 20; batch += 1) {
        await store.withTransaction((session) => store.collection('batches').insertOne({ _id: `b${batch}`, batch }, { session }), {
          journal: false,
        });
        expect(await store.collection('batches').countDocuments()).toBe(batch);
      }
      await store.close();
      expect(readRows(stores.file)).toHaveLength(20);
    });

    it('keeps its process alive until close() has written everything and let go of the file', async () => {
      const { stdout, status } = spawnSync(process.execPath, ['-r', '@swc-node/register', CLOSE_WORKER, stores.file], {
        cwd: path.resolve(__dirname, '../..'),
        encoding: 'utf8',
      });
      expect({ stdout, status }).toEqual({ stdout: 'closed\n', status: 0 });
      expect(readRows(stores.file)).toEqual([{ collection: 'notes', id: 'n1', body: '{"_id":"n1"}' }]);
    });

    it('is owned by one process: a second opener is refused until the first closes', async () => {
      const owner = open();
      expect(() => new EmbeddedReadStore(stores.file)).toThrow(/owned by another process/);
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
          const printed = await commitUntilKilled(stores.file, mode);
          expect(printed.length).toBeGreaterThan(3);
          printed.forEach((batch) => committed.add(batch));

          const raw = new Database(stores.file, { readonly: true });
          expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
          raw.close();

          // Opening recovers the WAL left behind by the killed process.
          const store = new EmbeddedReadStore(stores.file);
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
