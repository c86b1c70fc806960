/**
 * The event store port, modelled on EventStoreDB's semantics so that the embedded SQLite
 * adapter and the EventStoreDB adapter are interchangeable:
 *  - a stream's revisions are 0-based and gapless; `nextExpectedRevision` is the revision of the
 *    stream's last event after an append;
 *  - the global position orders every event of every stream; positions only grow, but they may
 *    have gaps (EventStoreDB's are log offsets), so consumers store them, never compute them;
 *  - re-appending events whose ids are already in the stream at the same place is a no-op that
 *    succeeds (a retried command never appends twice).
 */

/** What a writer expects the stream to look like before its append. */
export type ExpectedRevision =
  /** The stream must not exist yet. */
  | 'no_stream'
  /** The stream must exist (hold at least one event). */
  | 'stream_exists'
  /** No check. */
  | 'any'
  /** The stream's last event must have exactly this 0-based revision. */
  | number;

export type JsonObject = { [key: string]: unknown };

/** An event about to be appended. `id` is a UUID, deterministic for a given command. */
export interface NewEvent {
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

/** An event as it was stored. */
export interface RecordedEvent {
  id: string;
  streamId: string;
  /** 0-based, gapless position within its stream. */
  revision: number;
  /** Position in the global log of all streams; increasing, not necessarily contiguous. */
  position: number;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  /** When the store wrote it (ISO 8601, UTC). */
  createdAt: string;
}

export interface AppendResult {
  /** The revision of the stream's last event after this append. */
  nextExpectedRevision: number;
  /** The global position of the last event written by this append. */
  position: number;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first event forwards and the last event backwards. */
  fromRevision?: number | 'start' | 'end';
  maxCount?: number;
}

export interface EventFilter {
  /** Only streams whose id starts with one of these prefixes. */
  streamPrefixes?: readonly string[];
  /** Only these event types. */
  eventTypes?: string[];
}

export interface ReadAllOptions {
  direction?: 'forwards' | 'backwards';
  /**
   * Inclusive position to start at (as EventStoreDB reads $all); defaults to the start
   * forwards and the end backwards.
   */
  fromPosition?: number | 'start' | 'end';
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeToAllOptions {
  /**
   * Exclusive: the subscription delivers the events *after* this position (a checkpoint is
   * the position of the last event handled). Omitted or 'start' means from the beginning.
   */
  fromPosition?: number | 'start';
  filter?: EventFilter;
}

/**
 * What a catch-up subscription yields: events; a marker each time it has caught up; and, once
 * live, a checkpoint when the filter skipped events after the last one delivered (as
 * EventStoreDB's filtered subscriptions report), so that a consumer whose filter matches nothing
 * of the newest events still knows it has seen up to them. Both markers carry the position read up to.
 */
export type SubscriptionMessage =
  { kind: 'event'; event: RecordedEvent } | { kind: 'caught-up'; position: number | undefined } | { kind: 'checkpoint'; position: number };

/** A catch-up subscription: replays history from a position, then delivers live events. */
export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Stops the subscription; a pending iteration ends. Safe to call twice. */
  unsubscribe(): Promise<void>;
}

export interface EventStore {
  appendToStream(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;

  /** The stream's events in the asked direction; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Events of every stream in global order (system events excluded). */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  subscribeToAll(options?: SubscribeToAllOptions): Subscription;

  close(): Promise<void>;
}

/** The stream's state did not match the expected revision; nothing was written. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`Append to stream ${streamId} expected revision ${String(expected)} but the stream is at ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id that is already stored somewhere else than where this append would put it. */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(`Event ${eventId} is already stored and cannot be appended to ${streamId} again at another place`);
    this.name = 'DuplicateEventIdError';
  }
}

export const EVENT_STORE = Symbol('EventStore');
