import { PublishedEventType } from '@collections/contracts';
import { COLLECTION_STREAM_PREFIX, streamIdOf } from '@collections/domain';
import { EventStore, Subscription, SubscriptionMessage } from '@collections/event-store';
import { ServerResponse } from 'node:http';
import { FeedSettings } from './feed-settings';
import { LiveTail, TailEntry } from './live-tail';
import { EndReason, HEARTBEAT_FRAME, endFrame, frameOf } from './sse-frames';

/** What one client asked for. */
export interface FeedRequest {
  /** Deliver events after this global position (0: from the start). */
  after: number;
  /** Only these types; every published one when empty. */
  types: readonly PublishedEventType[];
  customerId?: string;
  /** Follow new events after catching up, or end there. */
  live: boolean;
}

/** Events are sent in batches of about this many characters while more are at hand. */
const BATCH_CHARS = 32 * 1024;

const NOT_YET = Symbol('not yet');

/**
 * The message the subscription has ready, or NOT_YET when it would have to wait for the store.
 * While catching up the next event is a few microtasks away: waiting that long lets events
 * share one socket write, and giving up then sends a batch as soon as the store runs dry.
 */
async function nextAtHand<T>(pending: Promise<T>): Promise<T | typeof NOT_YET> {
  for (let tick = 0; tick < 4; tick++) {
    const settled = await Promise.race<T | typeof NOT_YET>([pending, NOT_YET]);
    if (settled !== NOT_YET) return settled;
  }
  return NOT_YET;
}

/**
 * One client's Server-Sent Events stream. Each event is `id: <global position>` and
 * `data: <CloudEvents JSON>`, so a client that reconnects with `Last-Event-ID` resumes exactly
 * after the last event it received.
 *
 * It reads the store from the client's position until it has caught up, then follows the
 * shared live tail; a client that falls behind what the tail keeps reads the store again.
 * Backpressure: nothing more is read for a client while `maxBufferedBytes` wait for its
 * socket; a client that stops reading for `stallTimeoutMs` is told where to resume and
 * disconnected.
 */
export class FeedConnection {
  /** The position the client resumes after: its last event, or further once a scan found nothing more for it. */
  resumeAfter: number;
  /** The most bytes ever queued for this connection's socket: what the bound is about. */
  peakBufferedBytes = 0;
  /** How many times it read the store: once to catch up, again each time it fell behind the live tail. */
  storeReads = 0;
  endReason: EndReason | 'client-left' | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly stopped: Promise<void>;
  private markStopped: () => void = () => undefined;
  /** Ends a wait for the socket to drain (false: it will not, the stream is over). */
  private stopWaitingForDrain: ((drained: boolean) => void) | undefined;
  private subscription: Subscription | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly liveTail: () => Promise<LiveTail>,
    private readonly request: FeedRequest,
    private readonly response: ServerResponse,
    private readonly settings: FeedSettings,
  ) {
    this.resumeAfter = request.after;
    this.stopped = new Promise((resolve) => (this.markStopped = resolve));
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    response.on('close', () => this.stop('client-left'));
    this.heartbeat = setInterval(() => {
      // A full socket gets no more bytes; its data keeps the connection busy anyway.
      if (this.stopWaitingForDrain === undefined && !this.ended) this.response.write(HEARTBEAT_FRAME);
    }, settings.heartbeatMs);
  }

  get ended(): boolean {
    return this.endReason !== undefined;
  }

  /** Streams until the client leaves or the server ends the stream; never rejects. */
  async run(onError: (error: unknown) => void): Promise<void> {
    try {
      while (!this.ended) {
        if (!(await this.readStore())) break;
        if (!this.request.live) this.end('caught-up');
        else await this.followLiveTail();
      }
      // Still open: the store's subscription ended under us, the store is closing.
      this.end('shutdown');
    } catch (error) {
      onError(error);
      this.end('error');
    }
  }

  /** Ends the stream with a last message saying why and where to resume. */
  end(reason: EndReason): void {
    if (this.ended) return;
    this.response.end(endFrame(reason, this.resumeAfter));
    this.stop(reason);
    // A client that does not take even this last message loses the socket.
    setTimeout(() => {
      if (!this.response.writableFinished) this.response.destroy();
    }, this.settings.stallTimeoutMs).unref();
  }

  private stop(reason: NonNullable<FeedConnection['endReason']>): void {
    this.endReason ??= reason;
    clearInterval(this.heartbeat);
    this.stopWaitingForDrain?.(false);
    this.markStopped();
    void this.subscription?.unsubscribe();
  }

  private matches(streamId: string, type: string): boolean {
    const { customerId, types } = this.request;
    return (
      (customerId === undefined || streamId === streamIdOf(customerId)) &&
      (types.length === 0 || types.includes(type as PublishedEventType))
    );
  }

  /** Reads the store after `resumeAfter` until caught up (true), or until the stream ends (false). */
  private async readStore(): Promise<boolean> {
    this.storeReads += 1;
    const { customerId, types } = this.request;
    const subscription = this.store.subscribeToAll({
      fromPosition: this.resumeAfter,
      filter: {
        // A prefix: `collection-ACME-1` also matches `collection-ACME-10`, which `matches` drops.
        streamPrefixes: [customerId === undefined ? COLLECTION_STREAM_PREFIX : streamIdOf(customerId)],
        eventTypes: [...types],
      },
    });
    this.subscription = subscription;
    const messages = subscription[Symbol.asyncIterator]();
    let batch = '';
    let batchEnd = this.resumeAfter;
    try {
      while (!this.ended) {
        const pending = messages.next();
        let next: IteratorResult<SubscriptionMessage> | typeof NOT_YET = await nextAtHand(pending);
        if (next === NOT_YET) {
          if (batch !== '' && !(await this.send(batch, batchEnd))) return false;
          batch = '';
          next = await pending;
        }
        if (next.done || this.ended) return false;
        const message = next.value;
        if (message.kind === 'caught-up') {
          if (batch !== '' && !(await this.send(batch, batchEnd))) return false;
          // Everything up to the marker has been seen: nothing more there is for this client.
          if (message.position !== undefined) this.resumeAfter = Math.max(this.resumeAfter, message.position);
          return !this.ended;
        }
        if (message.kind === 'checkpoint') {
          // Seen up to it, nothing there for this client: resume after it, unless frames are still unsent.
          if (batch === '') this.resumeAfter = Math.max(this.resumeAfter, message.position);
          continue;
        }
        const { event } = message;
        const frame = this.matches(event.streamId, event.type) ? frameOf(event, this.settings.source) : undefined;
        if (frame === undefined) continue;
        batch += frame;
        batchEnd = event.position;
        if (batch.length >= BATCH_CHARS) {
          if (!(await this.send(batch, batchEnd))) return false;
          batch = '';
        }
      }
      return false;
    } finally {
      this.subscription = undefined;
      await subscription.unsubscribe();
    }
  }

  /** Sends the live tail's events as they come; returns when the stream ends or the client fell behind the tail. */
  private async followLiveTail(): Promise<void> {
    const tail = await this.liveTail();
    while (!this.ended) {
      const entries = tail.after(this.resumeAfter);
      if (entries === undefined) return;
      if (!(await this.sendEntries(entries))) return;
      await Promise.race([tail.waitPast(this.resumeAfter), this.stopped]);
    }
  }

  private async sendEntries(entries: readonly TailEntry[]): Promise<boolean> {
    let batch = '';
    for (const entry of entries) {
      if (entry.frame !== undefined && this.matches(entry.streamId, entry.type)) batch += entry.frame;
      if (batch.length >= BATCH_CHARS) {
        if (!(await this.send(batch, entry.position))) return false;
        batch = '';
      }
    }
    const seen = entries.length === 0 ? this.resumeAfter : entries[entries.length - 1].position;
    if (batch !== '') return this.send(batch, seen);
    // Nothing for this client: what it skipped counts as seen.
    this.resumeAfter = seen;
    return true;
  }

  /** Writes complete events up to `seen`; false once the stream is over (client gone, or too slow). */
  private async send(text: string, seen: number): Promise<boolean> {
    if (this.ended) return false;
    this.response.write(text);
    this.resumeAfter = seen;
    this.peakBufferedBytes = Math.max(this.peakBufferedBytes, this.response.writableLength);
    if (this.response.writableLength <= this.settings.maxBufferedBytes) return true;
    if (await this.drained()) return true;
    this.end('slow-consumer');
    return false;
  }

  /** True once the socket has taken what was queued; false if it stalls or the stream ends first. */
  private drained(): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (drained: boolean) => {
        clearTimeout(stalled);
        this.response.off('drain', onDrain);
        this.stopWaitingForDrain = undefined;
        resolve(drained);
      };
      const onDrain = () => finish(true);
      const stalled = setTimeout(() => finish(false), this.settings.stallTimeoutMs);
      this.response.on('drain', onDrain);
      this.stopWaitingForDrain = finish;
    });
  }
}
