import { COLLECTION_STREAM_PREFIX } from '@collections/domain';
import { EventStore, Subscription } from '@collections/event-store';
import { frameOf } from './sse-frames';

/** One of the newest events, published once for every client. */
export interface TailEntry {
  position: number;
  streamId: string;
  type: string;
  /** The SSE frame; undefined for an event that is not published (an unknown type). */
  frame: string | undefined;
}

/**
 * The newest collection events, read from the store once and turned into SSE frames once, for
 * every client that has caught up: fifty live clients cost one store subscription, one parse
 * and one serialisation per event, not fifty. It keeps at least the last `retained` events, so a client
 * that falls a little behind picks up where it was; one that falls further reads the store
 * again (FeedConnection does) — the tail is a shortcut, never the only way to an event.
 */
export class LiveTail {
  /** Every collection event after `retainedAfter` up to `position` is in `entries`, in order. */
  private retainedAfter: number;
  private position: number;
  private readonly entries: TailEntry[] = [];
  private readonly waiters = new Set<() => void>();
  private notifyScheduled = false;
  private over = false;
  private readonly subscription: Subscription;

  private constructor(
    store: EventStore,
    head: number,
    private readonly retained: number,
    private readonly source: string,
    private readonly onError: (error: unknown) => void,
  ) {
    this.retainedAfter = head;
    this.position = head;
    this.subscription = store.subscribeToAll({ fromPosition: head, filter: { streamPrefixes: [COLLECTION_STREAM_PREFIX] } });
    void this.read();
  }

  /** Starts following the store from its current end. */
  static async start(
    store: EventStore,
    options: { retained: number; source: string; onError: (error: unknown) => void },
  ): Promise<LiveTail> {
    const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
    return new LiveTail(store, last?.position ?? 0, options.retained, options.source, options.onError);
  }

  /**
   * The events after `position` read so far, or undefined when the tail no longer holds all
   * of them (it started later, dropped them, or stopped): then the caller reads the store.
   */
  after(position: number): readonly TailEntry[] | undefined {
    if (this.over || position < this.retainedAfter) return undefined;
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle].position <= position) low = middle + 1;
      else high = middle;
    }
    return this.entries.slice(low);
  }

  /** Resolves once the tail has read past `position`, or has stopped. */
  waitPast(position: number): Promise<void> {
    if (this.over || this.position > position) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = () => {
        if (!this.over && this.position <= position) return;
        this.waiters.delete(waiter);
        resolve();
      };
      this.waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    this.over = true;
    this.notify();
    await this.subscription.unsubscribe();
  }

  private async read(): Promise<void> {
    try {
      for await (const message of this.subscription) {
        if (message.kind !== 'event') {
          if (message.position !== undefined) this.position = Math.max(this.position, message.position);
        } else {
          const { event } = message;
          this.entries.push({ position: event.position, streamId: event.streamId, type: event.type, frame: frameOf(event, this.source) });
          this.position = event.position;
          this.dropOldest();
        }
        this.notifySoon();
      }
    } catch (error) {
      // Clients fall back to reading the store, where the same error ends their streams.
      this.onError(error);
    } finally {
      this.over = true;
      this.notify();
    }
  }

  /** Drops the oldest entries in chunks, so that keeping `retained` costs no shift per event. */
  private dropOldest(): void {
    if (this.entries.length <= 2 * this.retained) return;
    const dropped = this.entries.splice(0, this.entries.length - this.retained);
    this.retainedAfter = dropped[dropped.length - 1].position;
  }

  /** Once per event-loop turn: events read in the same turn reach each client as one batch. */
  private notifySoon(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    setImmediate(() => {
      this.notifyScheduled = false;
      this.notify();
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
