import { DEFAULT_SOURCE } from '@collections/contracts';

/** How the event feed treats its connections; tests shorten the times. */
export interface FeedSettings {
  /** A comment line this often keeps proxies from closing a quiet stream. */
  heartbeatMs: number;
  /**
   * Bytes one connection may have queued for its socket: past this the feed reads no further
   * from the store until the socket drains, so a slow client costs at most this much memory
   * (plus one batch of events).
   */
  maxBufferedBytes: number;
  /**
   * How long a connection may stay full. A client that reads nothing for this long is sent the
   * position to resume after and disconnected, and the socket is destroyed if it still does
   * not take that last message within as long again.
   */
  stallTimeoutMs: number;
  /**
   * How many of the newest events the shared live tail keeps (at least) for clients that have
   * caught up; one that falls further behind reads the store again.
   */
  liveTailEvents: number;
  /** The CloudEvents `source` of the published events. */
  source: string;
}

export const DEFAULT_FEED_SETTINGS: FeedSettings = {
  heartbeatMs: 15_000,
  maxBufferedBytes: 1024 * 1024,
  stallTimeoutMs: 30_000,
  liveTailEvents: 10_000,
  source: DEFAULT_SOURCE,
};

export const FEED_SETTINGS = Symbol('FeedSettings');
