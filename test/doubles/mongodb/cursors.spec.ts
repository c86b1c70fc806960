import { CommandSucceededEvent, Long, MongoServerError } from 'mongodb';
import { DoubleWithClient, startDoubleWithClient } from './testing';

describe('MongoDB wire-protocol double: cursors', () => {
  let double: DoubleWithClient;
  const replies: CommandSucceededEvent[] = [];

  beforeEach(async () => {
    // int64 values reach the test as bigint, so an id sent as a smaller integer type would show.
    double = await startDoubleWithClient({}, { useBigInt64: true });
    double.client.on('commandSucceeded', (event) => replies.push(event));
    await double.db.collection('numbers').insertMany(Array.from({ length: 250 }, (_, n) => ({ n })));
    double.commands.length = 0;
    replies.length = 0;
  });

  afterEach(async () => {
    await double.stop();
  });

  const numbers = () => double.db.collection<{ n: number }>('numbers');
  /** The replies' `cursor` fields (with `useBigInt64`, int64 ids arrive as bigint). */
  const cursorsOf = (name: string) =>
    replies
      .filter((event) => event.commandName === name)
      .map((event) => (event.reply as { cursor: { id: unknown; firstBatch?: unknown[] } }).cursor);
  const sent = (name: string) => double.commands.filter((event) => event.commandName === name);

  it('hands out a result in batches through getMore, under an int64 cursor id', async () => {
    const found = await numbers()
      .find({ n: { $lt: 7 } }, { batchSize: 2, sort: { n: 1 }, projection: { _id: 0 } })
      .toArray();

    expect(found.map(({ n }) => n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sent('getMore')).toHaveLength(3);
    const [{ id: cursorId }] = cursorsOf('find');
    expect(typeof cursorId).toBe('bigint');
    expect(cursorId).toBeGreaterThan(2n ** 32n);
    expect(sent('getMore').map((event) => String(event.command.getMore))).toEqual(Array(3).fill(String(cursorId)));
    expect(cursorsOf('getMore').at(-1)?.id).toBe(0n);
  });

  it('returns 101 documents in the first batch by default and the rest in one getMore', async () => {
    const found = await numbers().find({}).toArray();

    expect(found).toHaveLength(250);
    expect(cursorsOf('find')[0].firstBatch).toHaveLength(101);
    expect(sent('getMore')).toHaveLength(1);
  });

  it('leaves no cursor open after a single batch or a reached limit', async () => {
    expect(await numbers().findOne({ n: 3 })).toMatchObject({ n: 3 });
    expect(await numbers().find({}, { limit: 5, batchSize: 5 }).toArray()).toHaveLength(5);

    expect(sent('getMore')).toHaveLength(0);
    expect(cursorsOf('find').map((cursor) => cursor.id)).toEqual([0n, 0n]);
  });

  it('kills a cursor closed early, after which getMore finds nothing', async () => {
    const cursor = numbers().find({}, { batchSize: 10 });
    expect(await cursor.next()).toMatchObject({ n: 0 });
    const cursorId = cursor.id as Long;

    await cursor.close();

    expect(sent('killCursors')).toHaveLength(1);
    const [killReply] = replies.filter((event) => event.commandName === 'killCursors');
    expect((killReply.reply as { cursorsKilled: unknown[] }).cursorsKilled.map(String)).toEqual([cursorId.toString()]);
    const getMore = double.db.command({ getMore: cursorId, collection: 'numbers' });
    await expect(getMore).rejects.toBeInstanceOf(MongoServerError);
    await expect(getMore).rejects.toMatchObject({ code: 43, codeName: 'CursorNotFound' });
  });

  it('batches aggregation results the same way', async () => {
    const evens = await numbers()
      .aggregate([{ $match: { n: { $mod: [2, 0] } } }, { $sort: { n: -1 } }, { $limit: 30 }], { batchSize: 8 })
      .toArray();

    expect(evens.map(({ n }) => n)).toEqual(Array.from({ length: 30 }, (_, i) => 248 - 2 * i));
    expect(sent('getMore')).toHaveLength(3);
  });
});
