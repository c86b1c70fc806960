import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { EventSelector } from './event-filter';
import type { EventLog, StoredEvent } from './event-log';
import { send } from './flow-control';
import { streams, toReadEvent, type UuidFormat } from './protocol';

export type ReadCall = ServerWritableStream<streams.ReadReq, streams.ReadResp>;

/** Where a catch-up subscription starts in $all and what it delivers. */
export interface SubscriptionPlan {
  /** Index in $all of the first event the subscription looks at. */
  startIndex: number;
  selects: EventSelector;
  /** Filtered $all subscriptions only: report a checkpoint every this many events considered. */
  checkpointInterval?: number;
  uuidFormat: UuidFormat;
}

/**
 * A catch-up subscription as EventStoreDB serves one over gRPC: a confirmation, the history
 * after the start, `caughtUp` once the end of the log is reached, then live events as they are
 * written. History and live events come from one cursor over the log, so nothing is lost or
 * repeated at the switch, and every write waits for the client (flow control).
 */
export class CatchUpSubscription {
  private cursor: number;
  private considered = 0;
  private caughtUp = false;
  private pumping = false;
  private closed = false;
  private stopListening: () => void = () => undefined;

  constructor(
    private readonly call: ReadCall,
    private readonly log: EventLog,
    private readonly plan: SubscriptionPlan,
    private readonly onClosed: (subscription: CatchUpSubscription) => void,
  ) {
    this.cursor = plan.startIndex;
  }

  start(): void {
    this.call.on('cancelled', () => this.close());
    this.call.on('error', () => this.close());
    const confirmation = new streams.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
    this.call.write(new streams.ReadResp().setConfirmation(confirmation));
    this.stopListening = this.log.onWritten(() => this.deliver());
    this.deliver();
  }

  /** Ends the call with an OK status, as a server going away does; the client's subscription ends. */
  end(): void {
    if (this.closed) return;
    this.close();
    this.call.end();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopListening();
    this.onClosed(this);
  }

  private deliver(): void {
    // A failed write means the call is gone: nothing is left to deliver to.
    this.pump().catch(() => this.close());
  }

  /** Single-flight: a write during a pump is picked up by the running loop. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.closed) {
        const event = this.log.eventAt(this.cursor);
        if (event) {
          this.cursor += 1;
          await this.consider(event);
        } else if (!this.caughtUp) {
          this.caughtUp = true;
          await send(this.call, new streams.ReadResp().setCaughtUp(new streams.ReadResp.CaughtUp()));
        } else {
          return;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async consider(event: StoredEvent): Promise<void> {
    if (this.plan.selects(event)) await send(this.call, toReadEvent(event, this.plan.uuidFormat));
    const interval = this.plan.checkpointInterval;
    if (interval === undefined || this.closed) return;
    this.considered += 1;
    if (this.considered % interval === 0) {
      const checkpoint = new streams.ReadResp.Checkpoint()
        .setCommitPosition(String(event.position))
        .setPreparePosition(String(event.position));
      await send(this.call, new streams.ReadResp().setCheckpoint(checkpoint));
    }
  }
}

/** The open subscriptions of one double, so that stopping it can end them. */
export class SubscriptionRegistry {
  private readonly open = new Set<CatchUpSubscription>();

  constructor(private readonly log: EventLog) {}

  get size(): number {
    return this.open.size;
  }

  start(call: ReadCall, plan: SubscriptionPlan): void {
    const subscription = new CatchUpSubscription(call, this.log, plan, (closed) => this.open.delete(closed));
    this.open.add(subscription);
    subscription.start();
  }

  endAll(): void {
    for (const subscription of [...this.open]) subscription.end();
  }
}
