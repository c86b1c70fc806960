import { randomUUID } from 'node:crypto';
import {
  EventStoreDBClient,
  jsonEvent,
  type AllStreamSubscription,
  type EventData,
  type Position,
  type RecordedEvent,
  type StreamSubscription,
} from '@eventstore/db-client';
import { startEventStoreDbDouble, type EventStoreDbDouble, type EventStoreDbDoubleOptions } from '.';

/** How long a test waits for something the double should send before it fails. */
const WAIT_MS = 5000;

/** A double and a real client connected to it, for the enclosing describe block. */
export class DoubleAndClient {
  private started: { double: EventStoreDbDouble; client: EventStoreDBClient } | undefined;

  constructor(options: EventStoreDbDoubleOptions = {}) {
    beforeAll(async () => {
      const double = await startEventStoreDbDouble(options);
      this.started = { double, client: EventStoreDBClient.connectionString(double.connectionString) };
    });
    afterAll(async () => {
      await this.started?.client.dispose();
      await this.started?.double.stop();
    });
  }

  get double(): EventStoreDbDouble {
    return this.require().double;
  }

  get client(): EventStoreDBClient {
    return this.require().client;
  }

  private require() {
    if (!this.started) throw new Error('The double is started in beforeAll');
    return this.started;
  }
}

/** A stream name no other test uses. */
export const uniqueStream = (name: string) => `${name}-${randomUUID()}`;

export const anEvent = (type = 'Happened', data: Record<string, unknown> = {}): EventData =>
  jsonEvent({ id: randomUUID(), type, data, metadata: { correlationId: randomUUID() } });

export async function collect<T>(read: AsyncIterable<{ event?: T }>): Promise<T[]> {
  const events: T[] = [];
  for await (const resolved of read) if (resolved.event) events.push(resolved.event);
  return events;
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject, but it resolved');
}

/** Ids of events, for comparing what was read with what was appended. */
export const ids = (events: readonly { id?: string }[]) => events.map((event) => event.id);

/**
 * Records what a client subscription delivers. The client emits `caughtUp` and checkpoints as
 * the responses arrive, while events before them may still sit in its readable buffer, so each
 * marker is recorded with the number of events the server had sent before it.
 */
export class SubscriptionRecorder {
  readonly events: RecordedEvent[] = [];
  /** For each `caughtUp`: how many events came before it. */
  readonly caughtUpAfter: number[] = [];
  readonly checkpoints: { position: Position; afterEvents: number }[] = [];
  confirmed = false;
  ended = false;
  private subscription: StreamSubscription | AllStreamSubscription | undefined;
  private notify: () => void = () => undefined;

  /** Pass as a filter's `checkpointReached`. */
  readonly checkpointReached = (_subscription: AllStreamSubscription, position: Position): void => {
    this.checkpoints.push({ position, afterEvents: this.sentSoFar() });
    this.notify();
  };

  attach<S extends StreamSubscription | AllStreamSubscription>(subscription: S): S {
    this.subscription = subscription;
    subscription.on('confirmation', () => this.record(() => (this.confirmed = true)));
    subscription.on('caughtUp', () => this.record(() => this.caughtUpAfter.push(this.sentSoFar())));
    subscription.on('data', (resolved: { event?: RecordedEvent }) => this.record(() => resolved.event && this.events.push(resolved.event)));
    subscription.on('end', () => this.record(() => (this.ended = true)));
    return subscription;
  }

  async untilCaughtUp(): Promise<RecordedEvent[]> {
    await this.until(() => this.caughtUpAfter.length > 0 && this.events.length >= this.caughtUpAfter[0], 'caughtUp');
    return this.events.slice(0, this.caughtUpAfter[0]);
  }

  async untilEvents(count: number): Promise<RecordedEvent[]> {
    await this.until(() => this.events.length >= count, `${count} events`);
    return this.events.slice(0, count);
  }

  async until(condition: () => boolean, what: string): Promise<void> {
    if (condition()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), WAIT_MS);
      this.notify = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.notify = () => undefined;
        resolve();
      };
    });
  }

  private sentSoFar(): number {
    return this.events.length + (this.subscription?.readableLength ?? 0);
  }

  private record(change: () => unknown): void {
    change();
    this.notify();
  }
}

/** Polls a condition the client cannot be notified of (the double's own state). */
export async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !condition();) {
    if (Date.now() - started > WAIT_MS) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
