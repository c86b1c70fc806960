import { FOLLOWED_STREAM_PREFIXES } from '@collections/domain';
import type { EventStore } from '@collections/event-store';
import type { EventProcessor } from '@collections/event-processor';
import { Gauge, Registry } from 'prom-client';
import { METRIC_PREFIX } from './metrics-registry';

/** Past this many unhandled events a handler's lag is reported as this many: a scrape reads no more. */
export const LAG_COUNTED_UP_TO = 10_000;

interface HandlerLag {
  name: string;
  checkpoint: number;
  events: number;
  seconds: number;
}

interface LagSnapshot {
  head: number;
  handlers: HandlerLag[];
}

/**
 * Each handler of the process's event processor (every read model, the engine's reactions,
 * letters and book): the position it has handled, the store's head, and how far behind it is in
 * events and in seconds (how long the oldest event it has not handled has waited). Read when
 * Prometheus scrapes, never on the processor's path: one read of the store's last event, and one
 * read after each distinct checkpoint that is behind it.
 */
export function observeEventProcessorLag(
  registry: Registry,
  processor: Pick<EventProcessor, 'checkpoints'>,
  store: EventStore,
  now: () => number = Date.now,
): void {
  // The four gauges are collected at once on a scrape: they share one snapshot.
  let pending: Promise<LagSnapshot> | undefined;
  const snapshot = (): Promise<LagSnapshot> =>
    (pending ??= readLag(processor, store, now).finally(() => {
      pending = undefined;
    }));
  const perHandler = (name: string, help: string, value: (lag: HandlerLag) => number) =>
    new Gauge({
      name: `${METRIC_PREFIX}${name}`,
      help,
      labelNames: ['handler'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const lag of (await snapshot()).handlers) this.set({ handler: lag.name }, value(lag));
      },
    });
  new Gauge({
    name: `${METRIC_PREFIX}event_store_head_position`,
    help: 'Position of the last event of the collection streams in the event store',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).head);
    },
  });
  perHandler(
    'event_handler_checkpoint_position',
    'Position of the last event the handler has handled (its checkpoint)',
    (lag) => lag.checkpoint,
  );
  perHandler(
    'event_handler_lag_events',
    `Collection events stored after the handler's checkpoint (counted up to ${LAG_COUNTED_UP_TO})`,
    (lag) => lag.events,
  );
  perHandler(
    'event_handler_lag_seconds',
    'How long the oldest event the handler has not handled has been stored; 0 when caught up',
    (lag) => lag.seconds,
  );
}

async function readLag(processor: Pick<EventProcessor, 'checkpoints'>, store: EventStore, now: () => number): Promise<LagSnapshot> {
  const collections = { streamPrefixes: FOLLOWED_STREAM_PREFIXES };
  const [last] = await store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1, filter: collections });
  const head = last?.position ?? 0;
  // Not yet prepared (-1): it has handled nothing, so it is behind from the start.
  const handlers = processor.checkpoints().map(({ name, position }) => ({ name, checkpoint: Math.max(0, position) }));
  const behind = new Map<number, { events: number; seconds: number }>();
  for (const checkpoint of new Set(handlers.map((handler) => handler.checkpoint))) {
    if (checkpoint >= head) continue;
    // fromPosition is inclusive; the checkpoint's own event is handled.
    const unhandled = (
      await store.readAll({ fromPosition: checkpoint === 0 ? 'start' : checkpoint, maxCount: LAG_COUNTED_UP_TO + 1, filter: collections })
    ).filter((event) => event.position > checkpoint);
    const oldest = unhandled[0];
    behind.set(checkpoint, {
      events: Math.min(unhandled.length, LAG_COUNTED_UP_TO),
      seconds: oldest === undefined ? 0 : Math.max(0, (now() - Date.parse(oldest.createdAt)) / 1000),
    });
  }
  return {
    head,
    handlers: handlers.map(({ name, checkpoint }) => ({ name, checkpoint, events: 0, seconds: 0, ...behind.get(checkpoint) })),
  };
}
