import { setTimeout as sleep } from 'node:timers/promises';
import { ClientSession, Collection, MongoServerError } from 'mongodb';
import { DoubleWithClient, gate, startDoubleWithClient } from './testing';

interface Account {
  _id: string;
  balance: number;
  owner?: string;
}

describe('MongoDB wire-protocol double: transactions', () => {
  let double: DoubleWithClient;
  let accounts: Collection<Account>;
  const sessions: ClientSession[] = [];

  async function start(options: { transactionLifetimeMs?: number } = {}) {
    double = await startDoubleWithClient(options);
    accounts = double.db.collection<Account>('accounts');
    await accounts.insertMany([
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 50 },
    ]);
  }

  /** A session in a transaction, ended after the test. */
  function transaction(): ClientSession {
    const session = double.client.startSession();
    session.startTransaction();
    sessions.push(session);
    return session;
  }

  const balance = async (id: string) => (await accounts.findOne({ _id: id }))?.balance;

  beforeEach(async () => {
    await start();
  });

  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.endSession();
    await double.stop();
  });

  it('commits writes to several collections together', async () => {
    await double.client.withSession((session) =>
      session.withTransaction(async () => {
        await accounts.updateOne({ _id: 'a' }, { $inc: { balance: -30 } }, { session });
        await accounts.updateOne({ _id: 'b' }, { $inc: { balance: 30 } }, { session });
        await double.db.collection('transfers').insertOne({ from: 'a', to: 'b', amount: 30 }, { session });
      }),
    );

    expect([await balance('a'), await balance('b')]).toEqual([70, 80]);
    expect(await double.db.collection('transfers').countDocuments()).toBe(1);
  });

  it('discards every write on abort', async () => {
    const session = transaction();
    await accounts.updateOne({ _id: 'a' }, { $set: { balance: 0 } }, { session });
    await accounts.insertOne({ _id: 'c', balance: 1 }, { session });
    await accounts.deleteOne({ _id: 'b' }, { session });

    await session.abortTransaction();

    expect(await accounts.find().toArray()).toEqual([
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 50 },
    ]);
  });

  it('shows uncommitted writes to the transaction only', async () => {
    const session = transaction();
    await accounts.insertOne({ _id: 'c', balance: 1 }, { session });
    await accounts.updateOne({ _id: 'a' }, { $set: { owner: 'ann' } }, { session });

    expect(await accounts.countDocuments({}, { session })).toBe(3);
    expect((await accounts.findOne({ _id: 'a' }, { session }))?.owner).toBe('ann');
    expect(await accounts.countDocuments()).toBe(2);
    expect((await accounts.findOne({ _id: 'a' }))?.owner).toBeUndefined();

    await session.commitTransaction();
    expect(await accounts.countDocuments()).toBe(3);
    expect((await accounts.findOne({ _id: 'a' }))?.owner).toBe('ann');
  });

  it('reads one snapshot: commits after its first operation stay invisible to it', async () => {
    const session = transaction();
    expect(await accounts.countDocuments({}, { session })).toBe(2);

    await accounts.insertOne({ _id: 'c', balance: 1 });
    await accounts.updateOne({ _id: 'a' }, { $set: { balance: 1 } });

    expect(await accounts.countDocuments({}, { session })).toBe(2);
    expect((await accounts.findOne({ _id: 'a' }, { session }))?.balance).toBe(100);
  });

  it('fails the second of two transactions writing one document with a WriteConflict labelled TransientTransactionError', async () => {
    const first = transaction();
    const second = transaction();
    await accounts.updateOne({ _id: 'a' }, { $inc: { balance: 1 } }, { session: first });

    const conflict = accounts.updateOne({ _id: 'a' }, { $inc: { balance: 10 } }, { session: second });

    await expect(conflict).rejects.toBeInstanceOf(MongoServerError);
    const error = (await conflict.catch((caught: unknown) => caught)) as MongoServerError;
    expect(error).toMatchObject({ code: 112, codeName: 'WriteConflict' });
    expect(error.hasErrorLabel('TransientTransactionError')).toBe(true);
    await first.commitTransaction();
    expect(await balance('a')).toBe(101);
  });

  it('answers NoSuchTransaction, labelled TransientTransactionError, once the server has aborted the transaction', async () => {
    const session = transaction();
    await accounts.insertOne({ _id: 'c', balance: 1 }, { session });
    // A failed statement aborts the transaction on the server.
    await expect(accounts.insertOne({ _id: 'a', balance: 1 }, { session })).rejects.toMatchObject({ code: 11000 });

    const afterAbort = accounts.findOne({ _id: 'a' }, { session });
    await expect(afterAbort).rejects.toMatchObject({ code: 251, codeName: 'NoSuchTransaction' });
    const error = (await afterAbort.catch((caught: unknown) => caught)) as MongoServerError;
    expect(error.hasErrorLabel('TransientTransactionError')).toBe(true);
    expect(await accounts.findOne({ _id: 'c' })).toBeNull();
  });

  it('lets withTransaction retry the work after a write conflict until it commits', async () => {
    const holder = transaction();
    await accounts.updateOne({ _id: 'a' }, { $inc: { balance: 1 } }, { session: holder });
    let attempts = 0;

    await double.client.withSession((session) =>
      session.withTransaction(async () => {
        attempts += 1;
        try {
          await accounts.updateOne({ _id: 'a' }, { $inc: { balance: 10 } }, { session });
        } finally {
          // The first conflict lets the other transaction commit; a retry then goes through.
          if (attempts === 1) await holder.commitTransaction();
        }
      }),
    );

    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(await balance('a')).toBe(111);
  });

  it('makes a write outside transactions wait for the transaction holding its document', async () => {
    const holder = transaction();
    await accounts.updateOne({ _id: 'a' }, { $set: { owner: 'transaction' } }, { session: holder });
    let outsideDone = false;
    const outside = accounts.updateOne({ _id: 'a' }, { $set: { owner: 'outside' } }).then(() => (outsideDone = true));

    // Reads are not held up, and the write has not gone through while the transaction is open.
    expect((await accounts.findOne({ _id: 'a' }))?.owner).toBeUndefined();
    expect(outsideDone).toBe(false);
    await holder.commitTransaction();
    await outside;

    expect((await accounts.findOne({ _id: 'a' }))?.owner).toBe('outside');
  });

  it('keeps two transactions on different documents apart until each commits', async () => {
    const firstWrote = gate();
    const secondWrote = gate();
    const inTransaction = (id: string, wait: Promise<void>, done: () => void) =>
      double.client.withSession((session) =>
        session.withTransaction(async () => {
          await accounts.insertOne({ _id: id, balance: 0 }, { session });
          done();
          await wait;
          return (await accounts.find({ _id: { $in: ['x', 'y'] } }, { session }).toArray()).map((account) => account._id);
        }),
      );

    const [first, second] = await Promise.all([
      inTransaction('x', secondWrote.opened, firstWrote.open),
      firstWrote.opened.then(() => inTransaction('y', Promise.resolve(), secondWrote.open)),
    ]);

    expect(first).toEqual(['x']);
    expect(second).toEqual(['y']);
    expect(await accounts.countDocuments({ _id: { $in: ['x', 'y'] } })).toBe(2);
  });

  it('refuses commands a transaction may not run', async () => {
    const session = transaction();
    await accounts.findOne({}, { session });

    await expect(accounts.createIndex({ owner: 1 }, { session })).rejects.toMatchObject({
      code: 263,
      codeName: 'OperationNotSupportedInTransaction',
    });
  });

  it('aborts a transaction that outlives the lifetime limit', async () => {
    await double.stop();
    await start({ transactionLifetimeMs: 50 });
    const session = transaction();
    await accounts.insertOne({ _id: 'c', balance: 1 }, { session });

    await sleep(200);

    await expect(session.commitTransaction()).rejects.toMatchObject({ code: 251 });
    expect(await accounts.findOne({ _id: 'c' })).toBeNull();
  });
});
