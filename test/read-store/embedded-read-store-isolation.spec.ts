import { DuplicateKeyError, ReadDocument } from '@collections/read-store';
import { embeddedStoresPerTest } from './embedded-stores';

const ids = (documents: ReadDocument[]) => documents.map((document) => document._id).sort();

describe('EmbeddedReadStore', () => {
  const stores = embeddedStoresPerTest();
  const open = stores.open;

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
});
