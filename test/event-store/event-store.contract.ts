import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  EventStore,
  NewEvent,
  RecordedEvent,
  Subscription,
  SubscriptionMessage,
  WrongExpectedRevisionError,
} from '@collections/event-store';

export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup(): Promise<void> }>;

const SUBSCRIPTION_TIMEOUT_MS = 5000;

/**
 * The behaviour every EventStore adapter must show. Stream ids and event types carry a random
 * suffix per test, and reads are bounded by the test's own positions and prefixes, so the suite
 * can run against a shared, non-empty EventStoreDB.
 */
export function describeEventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    /** Unique to the test: every stream id and event type of the test starts with it. */
    let prefix: string;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
      prefix = `contract${randomUUID().replace(/-/g, '')}-`;
    });

    afterEach(async () => {
      await cleanup();
    });

    const event = (type = 'Happened', data: Record<string, unknown> = {}): NewEvent => ({
      id: randomUUID(),
      type,
      data,
      metadata: { correlationId: randomUUID() },
    });
    const ids = (events: { id: string }[]) => events.map((e) => e.id);

    describe('appending', () => {
      it('numbers revisions from 0 and returns the last revision and position', async () => {
        const stream = `${prefix}account`;
        const first = [event('Opened', { amount: 100 }), event(), event()];
        const created = await store.appendToStream(stream, first, { expectedRevision: 'no_stream' });
        expect(created.nextExpectedRevision).toBe(2);

        const second = [event(), event('Closed', { reason: 'paid' })];
        const appended = await store.appendToStream(stream, second, { expectedRevision: 2 });
        expect(appended.nextExpectedRevision).toBe(4);
        expect(appended.position).toBeGreaterThan(created.position);

        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(ids(read)).toEqual(ids([...first, ...second]));
        expect(read.every((e) => e.streamId === stream)).toBe(true);
        expectIncreasing(read.map((e) => e.position));
        expect(read[2].position).toBe(created.position);
        expect(read[4].position).toBe(appended.position);
        expect(read[0]).toMatchObject({ type: 'Opened', data: { amount: 100 }, metadata: first[0].metadata });
        expect(read[4]).toMatchObject({ type: 'Closed', data: { reason: 'paid' } });
        expect(new Date(read[0].createdAt).toISOString()).toBe(read[0].createdAt);
      });

      it("accepts 'any' whether or not the stream exists", async () => {
        const stream = `${prefix}any`;
        expect((await store.appendToStream(stream, [event()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0);
        expect((await store.appendToStream(stream, [event()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(1);
      });

      it("accepts 'stream_exists' on an existing stream", async () => {
        const stream = `${prefix}exists`;
        await store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, [event()], { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1);
      });

      it("rejects 'no_stream' on an existing stream and writes nothing", async () => {
        const stream = `${prefix}conflict`;
        await store.appendToStream(stream, [event(), event()], { expectedRevision: 'no_stream' });
        const error = await rejectionOf(store.appendToStream(stream, [event(), event()], { expectedRevision: 'no_stream' }));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 1 });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it("rejects 'stream_exists' on a missing stream and writes nothing", async () => {
        const stream = `${prefix}missing`;
        const error = await rejectionOf(store.appendToStream(stream, [event()], { expectedRevision: 'stream_exists' }));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream, expected: 'stream_exists', actual: 'no_stream' });
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('rejects a stale or future exact revision and writes nothing', async () => {
        const stream = `${prefix}exact`;
        await store.appendToStream(stream, [event(), event(), event()], { expectedRevision: 'no_stream' });
        for (const expectedRevision of [0, 1, 5]) {
          const error = await rejectionOf(store.appendToStream(stream, [event(), event()], { expectedRevision }));
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ expected: expectedRevision, actual: 2 });
        }
        const missing = await rejectionOf(store.appendToStream(`${prefix}exact-none`, [event()], { expectedRevision: 0 }));
        expect(missing).toMatchObject({ expected: 0, actual: 'no_stream' });
        expect(await store.readStream(stream)).toHaveLength(3);
        expect(await store.readStream(`${prefix}exact-none`)).toEqual([]);
      });

      it('lets exactly one of several concurrent appends with the same expected revision win', async () => {
        const stream = `${prefix}race`;
        await store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' });
        const contenders = Array.from({ length: 5 }, () => [event(), event()]);
        const outcomes = await Promise.allSettled(
          contenders.map((events) => store.appendToStream(stream, events, { expectedRevision: 0 })),
        );
        const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const losers = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers.every((outcome) => outcome.reason instanceof WrongExpectedRevisionError)).toBe(true);
        const winner = contenders[outcomes.findIndex((outcome) => outcome.status === 'fulfilled')];
        expect(ids((await store.readStream(stream)).slice(1))).toEqual(ids(winner));
      });
    });

    describe('idempotency', () => {
      it('answers a retried append with the same expected revision without writing twice', async () => {
        const stream = `${prefix}retry`;
        const events = [event(), event()];
        const original = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        const retried = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        expect(retried).toEqual(original);
        expect(ids(await store.readStream(stream))).toEqual(ids(events));
      });

      it("answers a retried append with 'any' without writing twice", async () => {
        const stream = `${prefix}retry-any`;
        const events = [event(), event(), event()];
        const original = await store.appendToStream(stream, events, { expectedRevision: 'any' });
        const retried = await store.appendToStream(stream, events, { expectedRevision: 'any' });
        expect(retried).toEqual(original);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('answers a retry after the stream has moved on with the original result', async () => {
        const stream = `${prefix}retry-late`;
        const events = [event(), event()];
        const original = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, [event()], { expectedRevision: 1 });
        const retried = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        expect(retried).toEqual(original);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('rejects an append that repeats only some stored ids and writes nothing', async () => {
        const stream = `${prefix}partial`;
        const [a, b] = [event(), event()];
        await store.appendToStream(stream, [a, b], { expectedRevision: 'no_stream' });
        // EventStoreDB reports a broken retry as a wrong expected version; the embedded store
        // names the duplicate id. Either way nothing is written.
        const retryTail = await rejectionOf(store.appendToStream(stream, [b, event()], { expectedRevision: 0 }));
        expect(retryTail instanceof WrongExpectedRevisionError || retryTail instanceof DuplicateEventIdError).toBe(true);
        const retryHead = await rejectionOf(store.appendToStream(stream, [a, event()], { expectedRevision: 'no_stream' }));
        expect(retryHead instanceof WrongExpectedRevisionError || retryHead instanceof DuplicateEventIdError).toBe(true);
        expect(ids(await store.readStream(stream))).toEqual(ids([a, b]));
      });
    });

    describe('reading a stream', () => {
      let stream: string;
      beforeEach(async () => {
        stream = `${prefix}read`;
        const events = Array.from({ length: 5 }, (_, index) => event('Numbered', { index }));
        await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      });
      const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);

      it('reads forwards from the start by default', async () => {
        expect(revisions(await store.readStream(stream))).toEqual([0, 1, 2, 3, 4]);
        expect(revisions(await store.readStream(stream, { fromRevision: 'start' }))).toEqual([0, 1, 2, 3, 4]);
      });

      it('reads forwards from a revision, inclusive, up to maxCount', async () => {
        expect(revisions(await store.readStream(stream, { fromRevision: 2 }))).toEqual([2, 3, 4]);
        expect(revisions(await store.readStream(stream, { fromRevision: 1, maxCount: 2 }))).toEqual([1, 2]);
        expect(revisions(await store.readStream(stream, { maxCount: 1 }))).toEqual([0]);
        expect(await store.readStream(stream, { fromRevision: 7 })).toEqual([]);
      });

      it('reads backwards from the end by default, or from a revision, inclusive', async () => {
        expect(revisions(await store.readStream(stream, { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
        expect(revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 'end', maxCount: 2 }))).toEqual([4, 3]);
        expect(revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 2 }))).toEqual([2, 1, 0]);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(`${prefix}nobody`)).toEqual([]);
        expect(await store.readStream(`${prefix}nobody`, { direction: 'backwards' })).toEqual([]);
      });
    });

    describe('reading all streams', () => {
      it('reads every stream in global order from an inclusive position', async () => {
        const appended: string[] = [];
        let firstPosition = 0;
        for (const [index, streamId] of ['x', 'y', 'x', 'z', 'y'].entries()) {
          const e = event('Step', { index });
          const result = await store.appendToStream(`${prefix}${streamId}`, [e], { expectedRevision: 'any' });
          if (index === 0) firstPosition = result.position;
          appended.push(e.id);
        }
        const filter = { streamPrefixes: [prefix] };
        const all = await store.readAll({ fromPosition: firstPosition, filter });
        expect(ids(all)).toEqual(appended);
        expectIncreasing(all.map((e) => e.position));
        expect(all.map((e) => e.streamId)).toEqual(['x', 'y', 'x', 'z', 'y'].map((id) => `${prefix}${id}`));

        const fromThird = await store.readAll({ fromPosition: all[2].position, filter });
        expect(ids(fromThird)).toEqual(appended.slice(2));
        expect(ids(await store.readAll({ fromPosition: firstPosition, filter, maxCount: 2 }))).toEqual(appended.slice(0, 2));

        const latest = await store.readAll({ direction: 'backwards', filter, maxCount: 3 });
        expect(ids(latest)).toEqual(appended.slice(2).reverse());
        const backFromFourth = await store.readAll({ direction: 'backwards', fromPosition: all[3].position, filter, maxCount: 2 });
        expect(ids(backFromFourth)).toEqual([appended[3], appended[2]]);
      });

      it('filters by stream prefix and by event type', async () => {
        const orders = `${prefix}orders-`;
        const payments = `${prefix}payments-`;
        const typeA = `${prefix}A`;
        const typeB = `${prefix}B`;
        await store.appendToStream(`${orders}1`, [event(typeA), event(typeB)], { expectedRevision: 'no_stream' });
        await store.appendToStream(`${payments}1`, [event(typeA)], { expectedRevision: 'no_stream' });
        await store.appendToStream(`${orders}2`, [event(typeB)], { expectedRevision: 'no_stream' });
        const from = (await store.readStream(`${orders}1`))[0].position;

        const byPrefix = await store.readAll({ fromPosition: from, filter: { streamPrefixes: [orders] } });
        expect(byPrefix.map((e) => [e.streamId, e.type])).toEqual([
          [`${orders}1`, typeA],
          [`${orders}1`, typeB],
          [`${orders}2`, typeB],
        ]);

        const byPrefixes = await store.readAll({ fromPosition: from, filter: { streamPrefixes: [payments, orders] } });
        expect(byPrefixes).toHaveLength(4);

        const byType = await store.readAll({ fromPosition: from, filter: { eventTypes: [typeB] } });
        expect(byType.map((e) => e.streamId)).toEqual([`${orders}1`, `${orders}2`]);

        const both = await store.readAll({ fromPosition: from, filter: { streamPrefixes: [payments], eventTypes: [typeA, typeB] } });
        expect(both.map((e) => [e.streamId, e.type])).toEqual([[`${payments}1`, typeA]]);
      });
    });

    describe('subscribing to all streams', () => {
      /** Anchors the test in the global log so a shared server's older events are skipped. */
      const anchor = async () => (await store.appendToStream(`${prefix}anchor`, [event()], { expectedRevision: 'no_stream' })).position;

      it(
        'replays history, marks the catch-up, then delivers live events',
        async () => {
          const from = await anchor();
          const history = [event('Past'), event('Past')];
          await store.appendToStream(`${prefix}s1`, history, { expectedRevision: 'no_stream' });

          const subscription = store.subscribeToAll({ fromPosition: from, filter: { streamPrefixes: [`${prefix}s`] } });
          const reader = new MessageReader(subscription);
          try {
            const replayed = await reader.take(3);
            expect(replayed.slice(0, 2).map(eventId)).toEqual(ids(history));
            expect(replayed[2].kind).toBe('caught-up');

            const live = [event('Now')];
            await store.appendToStream(`${prefix}s2`, live, { expectedRevision: 'no_stream' });
            await store.appendToStream(`${prefix}other`, [event('Elsewhere')], { expectedRevision: 'no_stream' });
            const more = [event('Later')];
            await store.appendToStream(`${prefix}s1`, more, { expectedRevision: 1 });

            const delivered = await reader.takeEvents(2);
            expect(delivered.map((e) => e.id)).toEqual(ids([...live, ...more]));
            expect(delivered[1]).toMatchObject({ streamId: `${prefix}s1`, revision: 2, type: 'Later' });
          } finally {
            await subscription.unsubscribe();
          }
        },
        SUBSCRIPTION_TIMEOUT_MS * 2,
      );

      it(
        'starts after an exclusive position',
        async () => {
          await anchor();
          const events = [event(), event(), event()];
          const positions: number[] = [];
          for (const e of events) {
            positions.push((await store.appendToStream(`${prefix}s`, [e], { expectedRevision: 'any' })).position);
          }
          const subscription = store.subscribeToAll({ fromPosition: positions[0], filter: { streamPrefixes: [prefix] } });
          const reader = new MessageReader(subscription);
          try {
            const replayed = await reader.take(3);
            expect(replayed.slice(0, 2).map(eventId)).toEqual(ids(events.slice(1)));
            expect(replayed[2].kind).toBe('caught-up');
          } finally {
            await subscription.unsubscribe();
          }
        },
        SUBSCRIPTION_TIMEOUT_MS * 2,
      );

      it(
        'filters by event type',
        async () => {
          const from = await anchor();
          const wanted = `${prefix}Wanted`;
          await store.appendToStream(`${prefix}s`, [event(`${prefix}Unwanted`), event(wanted)], { expectedRevision: 'no_stream' });
          const subscription = store.subscribeToAll({ fromPosition: from, filter: { eventTypes: [wanted] } });
          const reader = new MessageReader(subscription);
          try {
            const [first] = await reader.takeEvents(1);
            expect(first.type).toBe(wanted);
          } finally {
            await subscription.unsubscribe();
          }
        },
        SUBSCRIPTION_TIMEOUT_MS * 2,
      );

      it(
        'given a subscription filtered by type that has caught up, when only events of other types are appended, then a checkpoint past them comes',
        async () => {
          const from = await anchor();
          const wanted = `${prefix}Wanted`;
          const subscription = store.subscribeToAll({ fromPosition: from, filter: { streamPrefixes: [prefix], eventTypes: [wanted] } });
          const reader = new MessageReader(subscription);
          try {
            expect((await reader.take(1))[0].kind).toBe('caught-up');
            await store.appendToStream(`${prefix}skipped`, [event(`${prefix}Unwanted`)], { expectedRevision: 'no_stream' });
            const { position } = await store.appendToStream(`${prefix}skipped`, [event(`${prefix}Unwanted`)], { expectedRevision: 0 });

            let checkpoint: SubscriptionMessage | undefined;
            while (checkpoint === undefined) {
              const [message] = await reader.take(1);
              expect(message.kind).not.toBe('event');
              if (message.kind === 'checkpoint' && message.position >= position) checkpoint = message;
            }
            expect(checkpoint).toEqual({ kind: 'checkpoint', position });
          } finally {
            await subscription.unsubscribe();
          }
        },
        SUBSCRIPTION_TIMEOUT_MS * 2,
      );

      it(
        'ends a pending iteration on unsubscribe',
        async () => {
          const from = await anchor();
          const subscription = store.subscribeToAll({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
          const reader = new MessageReader(subscription);
          expect((await reader.take(1))[0].kind).toBe('caught-up');
          const pending = reader.next();
          await subscription.unsubscribe();
          await expect(pending).resolves.toEqual({ done: true, value: undefined });
          await subscription.unsubscribe();
        },
        SUBSCRIPTION_TIMEOUT_MS * 2,
      );

      it(
        'ends a for-await loop on unsubscribe',
        async () => {
          const from = await anchor();
          const subscription = store.subscribeToAll({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
          const seen: string[] = [];
          const consumed = (async () => {
            for await (const message of subscription) {
              seen.push(message.kind);
              if (message.kind === 'caught-up') void subscription.unsubscribe();
            }
          })();
          await withTimeout(consumed, SUBSCRIPTION_TIMEOUT_MS, 'the loop did not end');
          expect(seen).toEqual(['caught-up']);
        },
        SUBSCRIPTION_TIMEOUT_MS * 2,
      );
    });
  });
}

/** Reads a subscription message by message, failing instead of hanging. */
export class MessageReader {
  private readonly iterator: AsyncIterator<SubscriptionMessage>;

  constructor(subscription: Subscription) {
    this.iterator = subscription[Symbol.asyncIterator]();
  }

  next(): Promise<IteratorResult<SubscriptionMessage>> {
    return this.iterator.next();
  }

  async take(count: number): Promise<SubscriptionMessage[]> {
    const messages: SubscriptionMessage[] = [];
    while (messages.length < count) {
      const result = await withTimeout(this.iterator.next(), SUBSCRIPTION_TIMEOUT_MS, `message ${messages.length + 1} of ${count}`);
      if (result.done) throw new Error(`The subscription ended after ${messages.length} of ${count} messages`);
      messages.push(result.value);
    }
    return messages;
  }

  /** The next `count` events, skipping caught-up markers. */
  async takeEvents(count: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    while (events.length < count) {
      const [message] = await this.take(1);
      if (message.kind === 'event') events.push(message.event);
    }
    return events;
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject, but it resolved');
}

function eventId(message: SubscriptionMessage): string | undefined {
  return message.kind === 'event' ? message.event.id : undefined;
}

function expectIncreasing(positions: number[]): void {
  positions.slice(1).forEach((position, index) => expect(position).toBeGreaterThan(positions[index]));
}
