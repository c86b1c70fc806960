import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DuplicateEventIdError,
  NewEvent,
  SqliteEventStore,
  SqliteEventStoreOptions,
  WrongExpectedRevisionError,
} from '@collections/event-store';
import { MessageReader } from './event-store.contract';

const event = (type = 'Happened'): NewEvent => ({ id: randomUUID(), type, data: { n: 1 }, metadata: {} });

describe('SqliteEventStore', () => {
  let dir: string;
  let file: string;
  const opened: SqliteEventStore[] = [];
  const open = (options: SqliteEventStoreOptions = {}) => {
    const store = new SqliteEventStore(file, { pollIntervalMs: 20, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-event-store-'));
    file = path.join(dir, 'nested', 'events.sqlite');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('group commit', () => {
    it('commits appends issued in the same tick in one transaction, each with its own revision', async () => {
      let transactions = 0;
      const store = open({
        now: () => {
          transactions += 1;
          return new Date('2024-03-01T12:00:00.000Z');
        },
      });
      const streams = Array.from({ length: 200 }, (_, index) => `account-${index}`);
      const results = await Promise.all(
        streams.map((stream) => store.appendToStream(stream, [event(), event()], { expectedRevision: 'no_stream' })),
      );
      expect(transactions).toBe(1);
      expect(results.every((result) => result.nextExpectedRevision === 1)).toBe(true);
      expect(new Set(results.map((result) => result.position)).size).toBe(200);
      const all = await store.readAll();
      expect(all).toHaveLength(400);
      expect(all.every((e) => e.createdAt === '2024-03-01T12:00:00.000Z')).toBe(true);
    });

    it('rejects a conflicting append alone and lets later appends in the batch see earlier ones', async () => {
      const store = open();
      await store.appendToStream('s', [event()], { expectedRevision: 'no_stream' });
      const first = event();
      const later = event();
      const [winner, loser, other, follower] = await Promise.allSettled([
        store.appendToStream('s', [first], { expectedRevision: 0 }),
        store.appendToStream('s', [event()], { expectedRevision: 0 }),
        store.appendToStream('t', [event()], { expectedRevision: 'no_stream' }),
        store.appendToStream('s', [later], { expectedRevision: 1 }),
      ]);
      expect(winner).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 1 } });
      expect(loser.status).toBe('rejected');
      expect((loser as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((loser as PromiseRejectedResult).reason).toMatchObject({ actual: 1 });
      expect(other).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0 } });
      expect(follower).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 2 } });
      expect((await store.readStream('s')).map((e) => e.id).slice(1)).toEqual([first.id, later.id]);
    });

    it('treats a retry queued in the same batch as the original as a no-op', async () => {
      const store = open();
      const events = [event(), event()];
      const [original, retried] = await Promise.all([
        store.appendToStream('s', events, { expectedRevision: 'no_stream' }),
        store.appendToStream('s', events, { expectedRevision: 'no_stream' }),
      ]);
      expect(retried).toEqual(original);
      expect(await store.readStream('s')).toHaveLength(2);
    });

    it('rejects ids stored in another stream or repeated within an append, writing none of that append', async () => {
      const store = open();
      const taken = event();
      await store.appendToStream('a', [taken], { expectedRevision: 'no_stream' });
      const repeated = event();
      const [elsewhere, twice, fine] = await Promise.allSettled([
        store.appendToStream('b', [event(), taken], { expectedRevision: 'no_stream' }),
        store.appendToStream('c', [repeated, event(), repeated], { expectedRevision: 'no_stream' }),
        store.appendToStream('d', [event()], { expectedRevision: 'no_stream' }),
      ]);
      expect((elsewhere as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
      expect((elsewhere as PromiseRejectedResult).reason).toMatchObject({ streamId: 'b', eventId: taken.id });
      expect((twice as PromiseRejectedResult).reason).toMatchObject({ name: 'DuplicateEventIdError', eventId: repeated.id });
      expect(fine.status).toBe('fulfilled');
      expect(await store.readStream('b')).toEqual([]);
      expect(await store.readStream('c')).toEqual([]);
    });

    it('rejects the whole batch when the transaction cannot commit, and recovers', async () => {
      const store = open({ busyTimeoutMs: 50 });
      await store.appendToStream('warm-up', [event()], { expectedRevision: 'no_stream' });
      const otherProcess = new Database(file);
      otherProcess.exec('BEGIN IMMEDIATE');
      const outcomes = await Promise.allSettled([
        store.appendToStream('s', [event()], { expectedRevision: 'no_stream' }),
        store.appendToStream('t', [event()], { expectedRevision: 'no_stream' }),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
      expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_BUSY' });
      otherProcess.exec('ROLLBACK');
      otherProcess.close();
      await expect(store.appendToStream('s', [event()], { expectedRevision: 'no_stream' })).resolves.toMatchObject({
        nextExpectedRevision: 0,
      });
    });
  });

  describe('two processes on one file', () => {
    it("delivers one instance's appends to the other's subscription", async () => {
      const writer = open();
      const reader = open({ pollIntervalMs: 30 });
      await writer.appendToStream('s', [event()], { expectedRevision: 'no_stream' });
      const subscription = reader.subscribeToAll();
      const messages = new MessageReader(subscription);
      try {
        expect((await messages.take(2)).map((m) => m.kind)).toEqual(['event', 'caught-up']);
        const live = event('FromTheOtherProcess');
        await writer.appendToStream('s', [live], { expectedRevision: 0 });
        const [delivered] = await messages.takeEvents(1);
        expect(delivered).toMatchObject({ id: live.id, revision: 1 });
      } finally {
        await subscription.unsubscribe();
      }
    });

    it('detects conflicting appends across instances', async () => {
      const api = open();
      const cli = open();
      await api.appendToStream('s', [event()], { expectedRevision: 'no_stream' });
      await expect(cli.appendToStream('s', [event()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      const outcomes = await Promise.allSettled([
        api.appendToStream('s', [event()], { expectedRevision: 0 }),
        cli.appendToStream('s', [event()], { expectedRevision: 0 }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(await api.readStream('s')).toHaveLength(2);
    });
  });

  describe('lifecycle', () => {
    it('reopens a closed file with its events, schema version and stream revisions', async () => {
      const first = open();
      const events = [event(), event()];
      await first.appendToStream('s', events, { expectedRevision: 'no_stream' });
      await first.close();
      await expect(first.appendToStream('s', [event()], { expectedRevision: 1 })).rejects.toThrow('closed');

      const reopened = open();
      expect((await reopened.readStream('s')).map((e) => e.id)).toEqual(events.map((e) => e.id));
      await expect(reopened.appendToStream('s', [event()], { expectedRevision: 1 })).resolves.toMatchObject({
        nextExpectedRevision: 2,
      });
      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('user_version', { simple: true })).toBe(1);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();
    });

    it('commits appends still queued when closing', async () => {
      const store = open();
      const pending = store.appendToStream('s', [event()], { expectedRevision: 'no_stream' });
      await store.close();
      await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0 });
      expect(await open().readStream('s')).toHaveLength(1);
    });

    it('ends subscriptions on close', async () => {
      const store = open();
      const messages = new MessageReader(store.subscribeToAll());
      expect((await messages.take(1))[0]).toEqual({ kind: 'caught-up', position: undefined });
      const pending = messages.next();
      await store.close();
      await expect(pending).resolves.toMatchObject({ done: true });
    });

    it('refuses a file written by a newer schema', () => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const raw = new Database(file);
      raw.pragma('user_version = 2');
      raw.close();
      expect(() => open()).toThrow('schema version 2');
    });
  });

  describe('subscription paging', () => {
    it('catches up across pages in order, reports the head, then stays live', async () => {
      const store = open();
      const appended = await Promise.all(
        Array.from({ length: 2500 }, (_, index) =>
          store.appendToStream(`stream-${index % 7}-${index}`, [event(index % 2 ? 'Odd' : 'Even')], {
            expectedRevision: 'no_stream',
          }),
        ),
      );
      const head = Math.max(...appended.map((result) => result.position));
      const subscription = store.subscribeToAll({ filter: { eventTypes: ['Odd'] } });
      const messages = new MessageReader(subscription);
      try {
        const replayed = await messages.take(1251);
        const positions = replayed.flatMap((m) => (m.kind === 'event' ? [m.event.position] : []));
        expect(positions).toHaveLength(1250);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(replayed[1250]).toEqual({ kind: 'caught-up', position: head });
        await store.appendToStream('late', [event('Even'), event('Odd')], { expectedRevision: 'no_stream' });
        const [late] = await messages.takeEvents(1);
        expect(late).toMatchObject({ streamId: 'late', type: 'Odd' });
      } finally {
        await subscription.unsubscribe();
      }
    });

    it('reads the next page ahead on the reader thread, and misses nothing appended meanwhile', async () => {
      const store = open();
      const append = (count: number, prefix: string) =>
        Promise.all(
          Array.from({ length: count }, (_, index) =>
            store.appendToStream(`${prefix}-${index}`, [event()], { expectedRevision: 'no_stream' }),
          ),
        );
      await append(2500, 'before');
      const subscription = store.subscribeToAll();
      const messages = new MessageReader(subscription);
      try {
        const first = await messages.takeEvents(1500);
        await append(700, 'during');
        const rest = await messages.takeEvents(1700);
        const positions = [...first, ...rest].map((e) => e.position);
        expect(new Set(positions).size).toBe(3200);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(rest.filter((e) => e.streamId.startsWith('during-'))).toHaveLength(700);
      } finally {
        await subscription.unsubscribe();
      }
    });
  });
});
