import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectionEventType } from '@collections/domain';
import { EventStore, SqliteEventStore, SubscribeToAllOptions } from '@collections/event-store';
import { appendHistory } from '../../../test/fixtures/generate-history';
import { EventHandler } from './event-handler';
import { EventProcessor, ProcessorStoppedError } from './event-processor';
import { InMemoryCheckpointStore } from './in-memory-checkpoint-store';
import { StoredCollectionEvent } from './stored-collection-event';

/** A handler that records what it was handed, and can be made to fail. */
class Recorder implements EventHandler<undefined> {
  readonly handled: StoredCollectionEvent[] = [];
  failuresLeft = 0;

  constructor(
    readonly name: string,
    readonly checkpoints = new InMemoryCheckpointStore(),
    readonly eventTypes?: readonly CollectionEventType[],
  ) {}

  async handle(events: readonly StoredCollectionEvent[]): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error(`${this.name} failed`);
    }
    this.handled.push(...events);
  }

  positions(): number[] {
    return this.handled.map((event) => event.position);
  }
}

/** The store, counting the subscriptions opened on it (each one reads the store). */
function counting(store: EventStore): { store: EventStore; subscriptions: SubscribeToAllOptions[] } {
  const subscriptions: SubscribeToAllOptions[] = [];
  const proxy = new Proxy(store, {
    get: (target, property) =>
      property === 'subscribeToAll'
        ? (options: SubscribeToAllOptions) => {
            subscriptions.push(options);
            return target.subscribeToAll(options);
          }
        : ((Reflect.get(target, property) as unknown as { bind?: (self: unknown) => unknown })?.bind?.(target) ??
          Reflect.get(target, property)),
  });
  return { store: proxy, subscriptions };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the event processor', () => {
  let dir: string;
  let events: SqliteEventStore;
  let all: number[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'event-processor-'));
    events = new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 5 });
    await appendHistory(events, 20);
    all = (await events.readAll()).map((event) => event.position);
  });
  afterEach(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given handlers at the same position, when caught up, then the store is read once and each gets every event of its types in order, with its checkpoint', async () => {
    const { store, subscriptions } = counting(events);
    const everything = new Recorder('everything');
    const payments = new Recorder('payments', new InMemoryCheckpointStore(), ['PaymentReceived']);
    const processor = new EventProcessor(store, [everything, payments], { batchSize: 37 });

    await processor.catchUp();

    expect(subscriptions).toHaveLength(1);
    expect(everything.positions()).toEqual(all);
    expect(payments.handled.length).toBeGreaterThan(0);
    expect(payments.handled.every(({ event }) => event.type === 'PaymentReceived')).toBe(true);
    expect(await everything.checkpoints.load(['everything'])).toEqual(new Map([['everything', { position: all[all.length - 1] }]]));
    expect(await payments.checkpoints.load(['payments'])).toEqual(new Map([['payments', { position: all[all.length - 1] }]]));
  });

  it('given handlers at different checkpoints, when caught up again, then each gets only what is after its own checkpoint', async () => {
    const ahead = new Recorder('ahead');
    const behind = new Recorder('behind');
    await ahead.checkpoints.commit([{ name: 'ahead', checkpoint: { position: all[149] } }]);
    await behind.checkpoints.commit([{ name: 'behind', checkpoint: { position: all[9] } }]);

    await new EventProcessor(events, [ahead, behind]).catchUp();

    expect(ahead.positions()).toEqual(all.slice(150));
    expect(behind.positions()).toEqual(all.slice(10));
  });

  it('given a live processor, when a new handler is added, then it reads the history on its own, joins, and gets each later event exactly once', async () => {
    const { store, subscriptions } = counting(events);
    const following = new Recorder('following');
    await following.checkpoints.commit([{ name: 'following', checkpoint: { position: all[all.length - 1] } }]);
    const processor = new EventProcessor(store, [following], { idleFlushMs: 1 });
    processor.start();
    await processor.catchUp();

    const newcomer = new Recorder('newcomer');
    processor.add(newcomer);
    const more = appendHistory(events, 5, { firstCustomer: 100 });
    await more;
    await processor.catchUp();
    await processor.stop();

    const now = (await events.readAll()).map((event) => event.position);
    expect(following.positions()).toEqual(now.slice(all.length));
    expect(newcomer.positions()).toEqual(now);
    // The shared reader, and the newcomer's own until it joined.
    expect(subscriptions).toHaveLength(2);
  });

  it('given a live reader of some event types, when a handler of every type is added, then it gets every later event, not only the types the live reader was reading', async () => {
    const payments = new Recorder('payments', new InMemoryCheckpointStore(), ['PaymentReceived']);
    const processor = new EventProcessor(events, [payments], { idleFlushMs: 1 });
    processor.start();
    await processor.catchUp();

    const everything = new Recorder('everything');
    processor.add(everything);
    await processor.catchUp(['everything']);
    await appendHistory(events, 5, { firstCustomer: 100 });
    await processor.catchUp();
    await processor.stop();

    const now = await events.readAll();
    expect(everything.positions()).toEqual(now.map((event) => event.position));
    expect(payments.positions()).toEqual(now.filter((event) => event.type === 'PaymentReceived').map((event) => event.position));
  });

  it('given a live handler that fails, then the others keep following, and it retries from its checkpoint until it has every event once', async () => {
    const errors: string[] = [];
    const healthy = new Recorder('healthy');
    const flaky = new Recorder('flaky');
    flaky.failuresLeft = 2;
    const processor = new EventProcessor(events, [healthy, flaky], {
      idleFlushMs: 1,
      retryAfterMs: 5,
      onError: (_, handlers) => errors.push(...handlers),
    });
    processor.start();
    await processor.waitFor(all[all.length - 1], ['healthy']);
    await appendHistory(events, 3, { firstCustomer: 200 });
    const now = (await events.readAll()).map((event) => event.position);
    await processor.waitFor(now[now.length - 1]);
    await processor.stop();

    expect(errors).toEqual(['flaky', 'flaky']);
    expect(healthy.positions()).toEqual(now);
    expect(flaky.positions()).toEqual(now);
  });

  it('given a live processor, when events keep coming faster than idleFlushMs apart, then they are handed over in several batches, each event once', async () => {
    const following = new Recorder('following');
    await following.checkpoints.commit([{ name: 'following', checkpoint: { position: all[all.length - 1] } }]);
    const batches: number[] = [];
    const processor = new EventProcessor(events, [following], { idleFlushMs: 20, onBatch: ({ events }) => batches.push(events) });
    processor.start();
    await processor.catchUp();

    // 60 appends 2 ms apart: the gap never reaches 20 ms, so waiting for a gap would hand them
    // over as one batch; the deadline from each batch's first event cuts them into several.
    for (let n = 0; n < 60; n++) {
      await events.appendToStream(
        `collection-steady-${n}`,
        [{ id: `steady-${n}`, type: 'CollectorAssigned', data: { collectorId: 'c', assignedOn: '2024-01-01' }, metadata: {} }],
        {
          expectedRevision: 'no_stream',
        },
      );
      await delay(2);
    }
    const now = (await events.readAll()).map((event) => event.position);
    await processor.waitFor(now[now.length - 1]);
    await processor.stop();

    expect(following.positions()).toEqual(now.slice(all.length));
    expect(batches.filter((size) => size > 0).length).toBeGreaterThan(1);
  });

  it('given a live handler of some types, when only events of other types come after its last one, then catching up does not wait for them and its checkpoint moves past them', async () => {
    const payments = new Recorder('payments', new InMemoryCheckpointStore(), ['PaymentReceived']);
    const processor = new EventProcessor(events, [payments]);
    processor.start();
    await processor.catchUp();
    const handled = payments.handled.length;

    const { position } = await events.appendToStream(
      'collection-elsewhere',
      [{ id: 'elsewhere-1', type: 'CollectorAssigned', data: { collectorId: 'c', assignedOn: '2024-01-01' }, metadata: {} }],
      { expectedRevision: 'no_stream' },
    );
    // Before the fix this waited for ever: the reader filtered to PaymentReceived never handed the event over.
    await processor.catchUp(['payments']);
    for (let waited = 0; processor.position(['payments']) < position && waited < 5_000; waited += 10) await delay(10);
    await processor.stop();

    expect(processor.position(['payments'])).toBeGreaterThanOrEqual(position);
    expect(payments.handled.length).toBe(handled);
  });

  it('given a store that reports no checkpoint past skipped events (EventStoreDB sends one only every so many), when caught up live, then it waits only for the last event of the handler’s types', async () => {
    const withoutCheckpoints = new Proxy(events, {
      get: (target, property) =>
        property === 'subscribeToAll'
          ? (options: SubscribeToAllOptions) => {
              const subscription = target.subscribeToAll(options);
              return {
                unsubscribe: () => subscription.unsubscribe(),
                async *[Symbol.asyncIterator]() {
                  for await (const message of subscription) if (message.kind !== 'checkpoint') yield message;
                },
              };
            }
          : ((Reflect.get(target, property) as unknown as { bind?: (self: unknown) => unknown })?.bind?.(target) ??
            Reflect.get(target, property)),
    });
    const payments = new Recorder('payments', new InMemoryCheckpointStore(), ['PaymentReceived']);
    const processor = new EventProcessor(withoutCheckpoints, [payments]);
    processor.start();
    await processor.catchUp();
    await events.appendToStream(
      'collection-elsewhere',
      [{ id: 'elsewhere-2', type: 'CollectorAssigned', data: { collectorId: 'c', assignedOn: '2024-01-01' }, metadata: {} }],
      { expectedRevision: 'no_stream' },
    );

    await processor.catchUp(['payments']);
    await processor.stop();

    const lastPayment = payments.handled[payments.handled.length - 1].position;
    expect(processor.position(['payments'])).toBeGreaterThanOrEqual(lastPayment);
  });

  it('given a handler whose version changed, when prepared, then it is reset and handed everything again', async () => {
    const checkpoints = new InMemoryCheckpointStore();
    await checkpoints.commit([{ name: 'model', checkpoint: { position: all[all.length - 1], version: 1 } }]);
    const resets: string[] = [];
    const model = Object.assign(new Recorder('model', checkpoints), { version: 2, reset: async () => void resets.push('model') });

    await new EventProcessor(events, [model]).catchUp();

    expect(resets).toEqual(['model']);
    expect(model.positions()).toEqual(all);
    expect(await checkpoints.load(['model'])).toEqual(new Map([['model', { position: all[all.length - 1], version: 2 }]]));
  });

  it('when a batch is handed over twice, then handlers get its events once', async () => {
    const handler = new Recorder('once');
    const processor = new EventProcessor(events, [handler]);
    await processor.prepare();
    const batch = await events.readAll({ maxCount: 50 });
    await processor.handBatch(batch);
    await processor.handBatch(batch);
    await processor.handBatch(batch.slice(10, 20));
    expect(handler.positions()).toEqual(all.slice(0, 50));
  });

  it('given a catch-up under way, when the processor is stopped, then it hands over the batch in hand with its checkpoint, reads no further, and the next catch-up goes on from there', async () => {
    // given a catch-up that is asked to stop (a SIGTERM) while its second batch is handed over
    const handler = new Recorder('projection');
    const processor = new EventProcessor(events, [handler], { batchSize: 37 });
    let stopping: Promise<void> | undefined;
    const handle = handler.handle.bind(handler);
    handler.handle = async (batch) => {
      await handle(batch);
      if (handler.handled.length >= 2 * 37) stopping ??= processor.stop();
    };
    // when
    const caughtUp = processor.catchUp();
    // then it rejects, saying where it stopped: the last event it handed over, checkpoint written
    await expect(caughtUp).rejects.toThrow(ProcessorStoppedError);
    await stopping;
    const handled = handler.positions();
    expect(handled.length).toBeGreaterThanOrEqual(2 * 37);
    expect(handled.length).toBeLessThan(all.length);
    expect(handled).toEqual(all.slice(0, handled.length));
    expect(await handler.checkpoints.load(['projection'])).toEqual(new Map([['projection', { position: handled[handled.length - 1] }]]));
    await expect(caughtUp).rejects.toMatchObject({ position: handled[handled.length - 1] });

    // and a new run (the next start) hands over the rest, each event once
    handler.handle = handle;
    await new EventProcessor(events, [handler]).catchUp();
    expect(handler.positions()).toEqual(all);
  });

  it('given a live processor and someone waiting for a position it has not reached, when it is stopped, then the wait is rejected rather than left hanging', async () => {
    const handler = new Recorder('projection');
    const processor = new EventProcessor(events, [handler], { idleFlushMs: 1 });
    processor.start();
    await processor.catchUp();
    const beyond = processor.waitFor(all[all.length - 1] + 1_000);

    await processor.stop();

    await expect(beyond).rejects.toThrow(ProcessorStoppedError);
    // and started again, it follows on from its checkpoint
    processor.start();
    await appendHistory(events, 1, { firstCustomer: 100 });
    await processor.catchUp();
    await processor.stop();
    expect(handler.positions()).toEqual((await events.readAll()).map((event) => event.position));
  });
});
