import {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  Filter,
  NO_STREAM,
  Position,
  ReadPosition,
  ReadRevision,
  RecordedEvent as EsdbRecordedEvent,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import {
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscriptionMessage,
  SubscribeToAllOptions,
  WrongExpectedRevisionError,
} from './event-store.port';

/** Events the filter skipped after the last one delivered are reported as a checkpoint this long after. */
const SKIPPED_CHECKPOINT_DELAY_MS = 100;
/** Past this many undelivered messages the subscription pauses the gRPC stream. */
const SUBSCRIPTION_HIGH_WATER_MARK = 1000;
/** readAll reads $all in pages of this many events, each consumed to its end. */
const READ_ALL_PAGE_SIZE = 500;

/**
 * The production event store: a thin mapping of the port onto `@eventstore/db-client`.
 *
 * Positions are the commit positions of $all as JS numbers. They are byte offsets in the
 * server's transaction log, so they stay exact below 2^53 bytes (8 PiB) of log, far beyond
 * what this system writes; `toPositionNumber` refuses anything else rather than round it.
 * Reading from a position P uses {commit: P, prepare: P}: each event of an append is its
 * own log record, whose commit and prepare positions coincide.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();

  /** @param connectionString e.g. `esdb://localhost:2113?tls=false` */
  constructor(connectionString: string) {
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError(`Nothing to append to ${streamId}`);
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) => jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata })),
        { expectedRevision: toEsdbExpectedRevision(options.expectedRevision) },
      );
      const nextExpectedRevision = Number(result.nextExpectedRevision);
      const position = toPositionNumber(result.position) ?? (await this.positionOfRevision(streamId, nextExpectedRevision));
      return { nextExpectedRevision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion === NO_STREAM ? 'no_stream' : Number(error.actualVersion);
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
      }
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: toReadRevision(options.fromRevision, backwards),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (limit === 0) return [];
    const backwards = options.direction === 'backwards';
    // Client 6.x cannot filter readAll on the server (only subscriptions), so the filter
    // and the system-event exclusion run here, page by page, until `limit` events match.
    const matches = eventMatcher(options.filter);
    const from = options.fromPosition;
    let pageStart: ReadPosition =
      backwards && typeof from === 'number' ? await this.backwardsStartIncluding(from) : toReadPosition(from, backwards);
    /** Forwards: the commit position read up to, which the next page starts with again. */
    let readUpTo: bigint | undefined;
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await this.readAllPage(pageStart, backwards, READ_ALL_PAGE_SIZE);
      for (const event of page) {
        if (readUpTo !== undefined && event.position !== undefined && event.position.commit <= readUpTo) continue;
        if (!matches(event)) continue;
        events.push(toRecordedEvent(event));
        if (events.length >= limit) return events;
      }
      const last = page.at(-1)?.position;
      if (page.length < READ_ALL_PAGE_SIZE || last === undefined) return events;
      // The next page starts at the last event read: forwards it comes again and is skipped,
      // backwards the server stops just before it (it reads back from a post-position).
      pageStart = last;
      if (!backwards) readUpTo = last.commit;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const from = options.fromPosition;
    const source = this.client.subscribeToAll({
      // A position here is exclusive: the client's native catch-up semantics.
      fromPosition: from === undefined || from === 'start' ? START : { commit: BigInt(from), prepare: BigInt(from) },
      filter: serverFilter(options.filter),
    });
    const subscription = new EventStoreDbSubscription(
      source,
      eventMatcher(options.filter),
      typeof from === 'number' ? from : undefined,
      (stopped) => this.subscriptions.delete(stopped),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    await this.client.dispose();
  }

  /**
   * The server reads $all backwards from a post-position (it returns the records that end
   * before it), so the event starting at `position` is included by starting from the next
   * event, or from the end when there is none.
   */
  private async backwardsStartIncluding(position: number): Promise<ReadPosition> {
    const ahead = await this.readAllPage({ commit: BigInt(position), prepare: BigInt(position) }, false, 2);
    return ahead.find((event) => event.position !== undefined && event.position.commit > BigInt(position))?.position ?? END;
  }

  /**
   * One read of $all, consumed to its end: a read left half-way keeps its gRPC call open
   * (the unread responses stay buffered), and the client's dispose() then waits for it forever.
   */
  private async readAllPage(fromPosition: ReadPosition, backwards: boolean, maxCount: number): Promise<EsdbRecordedEvent[]> {
    const page: EsdbRecordedEvent[] = [];
    for await (const resolved of this.client.readAll({ fromPosition, direction: backwards ? BACKWARDS : FORWARDS, maxCount })) {
      if (resolved.event) page.push(resolved.event);
    }
    return page;
  }

  /** An idempotent re-append may come back without a position: look it up from the stream. */
  private async positionOfRevision(streamId: string, revision: number): Promise<number> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new Error(`EventStoreDB acknowledged ${streamId}@${revision} but it cannot be read back`);
    return event.position;
  }
}

/**
 * Adapts the client's Readable subscription to an async iterable of messages, placing each
 * `caughtUp` marker after the events that preceded it on the wire.
 */
class EventStoreDbSubscription implements Subscription {
  private readonly messages: SubscriptionMessage[] = [];
  /** For each pending marker: how many events must have been received before it is due. */
  private readonly caughtUpDue: number[] = [];
  private received = 0;
  private lastPosition: number | undefined;
  /** The position of the last message delivered; a skipped event past it is due in a checkpoint. */
  private deliveredUpTo: number | undefined;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private failure: Error | undefined;
  private finished = false;
  private wakeConsumer: (() => void) | undefined;

  constructor(
    private readonly source: AllStreamSubscription,
    private readonly matches: (event: EsdbRecordedEvent) => boolean,
    fromPosition: number | undefined,
    private readonly unregister: (subscription: EventStoreDbSubscription) => void,
  ) {
    this.lastPosition = fromPosition;
    source.on('data', (resolved: AllStreamResolvedEvent) => this.onEvent(resolved));
    source.on('caughtUp', () => this.onCaughtUp());
    source.on('error', (error: Error) => {
      this.failure = error;
      this.finish();
    });
    source.on('end', () => this.finish());
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.iterate();
  }

  async unsubscribe(): Promise<void> {
    if (this.finished) return;
    // Ends the iteration at once: undelivered messages are dropped.
    this.messages.length = 0;
    this.finish();
    await this.source.unsubscribe();
  }

  private async *iterate(): AsyncGenerator<SubscriptionMessage> {
    try {
      for (;;) {
        const message = this.messages.shift();
        if (message) {
          if (this.source.isPaused() && this.messages.length < SUBSCRIPTION_HIGH_WATER_MARK / 2) this.source.resume();
          yield message;
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.finished) return;
        await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
        this.wakeConsumer = undefined;
      }
    } finally {
      await this.unsubscribe();
    }
  }

  private onEvent(resolved: AllStreamResolvedEvent): void {
    this.received += 1;
    const event = resolved.event;
    if (event) {
      this.lastPosition = toPositionNumber(event.position) ?? this.lastPosition;
      if (this.matches(event)) this.deliver({ kind: 'event', event: toRecordedEvent(event) });
      else this.checkpointSoon();
    }
    this.releaseCaughtUpMarkers();
  }

  /**
   * The server sends every collection event (it filters on one criterion: the stream prefix) and
   * the type filter skips some here: shortly after, say how far it has read, so that a consumer
   * whose types matched none of the newest events can still move past them.
   */
  private checkpointSoon(): void {
    this.checkpointTimer ??= setTimeout(() => {
      this.checkpointTimer = undefined;
      const position = this.lastPosition;
      if (position !== undefined && position > (this.deliveredUpTo ?? -1)) this.deliver({ kind: 'checkpoint', position });
    }, SKIPPED_CHECKPOINT_DELAY_MS);
    this.checkpointTimer.unref();
  }

  private onCaughtUp(): void {
    // The client emits caughtUp while events received before it may still sit in its
    // readable buffer: the marker is due once those have come through as well.
    this.caughtUpDue.push(this.received + this.source.readableLength);
    this.releaseCaughtUpMarkers();
  }

  private releaseCaughtUpMarkers(): void {
    while (this.caughtUpDue.length > 0 && this.caughtUpDue[0] <= this.received) {
      this.caughtUpDue.shift();
      this.deliver({ kind: 'caught-up', position: this.lastPosition });
    }
  }

  private deliver(message: SubscriptionMessage): void {
    if (this.finished) return;
    const position = message.kind === 'event' ? message.event.position : message.position;
    if (position !== undefined) this.deliveredUpTo = position;
    this.messages.push(message);
    if (this.messages.length >= SUBSCRIPTION_HIGH_WATER_MARK) this.source.pause();
    this.wakeConsumer?.();
  }

  /** No more messages will arrive; those already received are still delivered. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.checkpointTimer);
    this.unregister(this);
    this.wakeConsumer?.();
  }
}

function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  // The port's keywords are the client's constants ('no_stream', 'stream_exists', 'any').
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

function toReadRevision(from: ReadStreamOptions['fromRevision'], backwards: boolean): ReadRevision {
  if (from === undefined) return backwards ? END : START;
  if (from === 'start') return START;
  if (from === 'end') return END;
  return BigInt(from);
}

function toReadPosition(from: ReadAllOptions['fromPosition'], backwards: boolean): ReadPosition {
  if (from === undefined) return backwards ? END : START;
  if (from === 'start') return START;
  if (from === 'end') return END;
  return { commit: BigInt(from), prepare: BigInt(from) };
}

function toPositionNumber(position: Position | undefined): number | undefined {
  if (!position) return undefined;
  const commit = Number(position.commit);
  // Servers answer "no position" with -1 read as an unsigned 64-bit number.
  return Number.isSafeInteger(commit) ? commit : undefined;
}

/** The narrowest server-side filter the client allows (one of stream name or event type). */
function serverFilter(filter: EventFilter | undefined): Filter {
  const prefixes = filter?.streamPrefixes ?? [];
  if (prefixes.length > 0) return streamNameFilter({ prefixes: [...prefixes] });
  const types = filter?.eventTypes ?? [];
  if (types.length > 0) return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` });
  return excludeSystemEvents();
}

/**
 * The port's filter, applied to what the server sent: the server filters on one criterion
 * at most, and system events ($-prefixed types) are never part of this store's log.
 * An empty list is read as "no restriction", like an omitted one.
 */
function eventMatcher(filter: EventFilter | undefined): (event: EsdbRecordedEvent) => boolean {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = new Set(filter?.eventTypes ?? []);
  return (event) =>
    !event.type.startsWith('$') &&
    (prefixes.length === 0 || prefixes.some((prefix) => event.streamId.startsWith(prefix))) &&
    (types.size === 0 || types.has(event.type));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  const position = toPositionNumber(event.position);
  if (position === undefined) {
    // Stream reads carry positions only from EventStoreDB 22.6 on.
    throw new Error(`EventStoreDB returned ${event.streamId}@${event.revision} without a log position (server >= 22.6 needed)`);
  }
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    type: event.type,
    data: asJsonObject(event.data, event),
    metadata: event.metadata === undefined ? {} : asJsonObject(event.metadata, event),
    createdAt: event.created.toISOString(),
  };
}

function asJsonObject(value: unknown, event: EsdbRecordedEvent): JsonObject {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)) {
    return value as JsonObject;
  }
  throw new TypeError(`Event ${event.id} in ${event.streamId} does not hold a JSON object`);
}
