import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { ServerResponse } from 'node:http';
import { FeedConnection, FeedRequest } from './feed-connection';
import { FEED_SETTINGS, FeedSettings } from './feed-settings';
import { LiveTail } from './live-tail';

/** The open feed connections, and the live tail they share once they have caught up. */
@Injectable()
export class FeedService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Feed');
  private readonly connections = new Set<FeedConnection>();
  private liveTail: Promise<LiveTail> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(FEED_SETTINGS) private readonly settings: FeedSettings,
  ) {}

  /** Streams the events the request asks for into the response, until either side ends it. */
  open(request: FeedRequest, response: ServerResponse, subscriber: string): FeedConnection {
    const connection = new FeedConnection(this.store, () => this.sharedLiveTail(), request, response, this.settings);
    this.connections.add(connection);
    void connection
      .run((error) => this.logger.error(`Feed of ${subscriber} failed: ${error instanceof Error ? error.stack : String(error)}`))
      .then(() => {
        this.connections.delete(connection);
        if (connection.endReason === 'slow-consumer') {
          this.logger.warn(
            `Ended the feed of ${subscriber}: it read nothing for ${this.settings.stallTimeoutMs} ms (resume after ${connection.resumeAfter})`,
          );
        }
      });
    return connection;
  }

  /** The connections streaming now. */
  get openConnections(): readonly FeedConnection[] {
    return [...this.connections];
  }

  /**
   * Ends every stream with `feed-ended`, reason `shutdown`, and the position to resume after, then
   * stops the live tail: the process's shutdown does it before it waits for requests in flight
   * (a stream would otherwise be one until the deadline).
   */
  async endAll(): Promise<void> {
    for (const connection of this.connections) connection.end('shutdown');
    await (await this.liveTail)?.stop();
  }

  /** Tells every client where to resume before the HTTP server and the store close (for an app closed without the process's shutdown: tests). */
  beforeApplicationShutdown(): Promise<void> {
    return this.endAll();
  }

  /** Started with the first client that catches up, from the store's end at that moment. */
  private sharedLiveTail(): Promise<LiveTail> {
    this.liveTail ??= LiveTail.start(this.store, {
      retained: this.settings.liveTailEvents,
      source: this.settings.source,
      onError: (error) => this.logger.error(`The live tail stopped: ${error instanceof Error ? error.stack : String(error)}`),
    });
    return this.liveTail;
  }
}
