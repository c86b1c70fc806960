import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit, Provider } from '@nestjs/common';
import { Server } from 'node:http';
import { Gauge, Registry } from 'prom-client';
import { AppConfig } from '@collections/config';
import { EVENT_PROCESSOR, EventProcessor } from '@collections/event-processor';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { LETTER_OUTBOX, LetterOutbox } from '@collections/letters';
import { METRIC_PREFIX, METRICS_REGISTRY, observeEventProcessorLag, observeLettersPending, serveMetrics } from '@collections/metrics';
import { FeedService } from '../feed/feed.service';
import { APP_CONFIG } from '../read-models/read-side';

/**
 * The api's metrics beside the command side's, the HTTP edge's and the hosted engine's: the lag
 * of its event processor's handlers (the read models where it hosts the projector, the engine's
 * where it hosts the engine), the letters pending where it hosts the engine (whose letter writer
 * delivers them), the feed's open connections, and, with METRICS_PORT, the same registry on a
 * port of its own without a key. What is read from a store is read when Prometheus scrapes.
 */
@Injectable()
export class ApiMetricsHost implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;
  /** The port METRICS_PORT asked for, or the one the system gave for 0; undefined without it. */
  port: number | undefined;

  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(EVENT_PROCESSOR) private readonly processor: EventProcessor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LETTER_OUTBOX) private readonly outbox: LetterOutbox,
    private readonly feed: FeedService,
  ) {}

  onModuleInit(): void {
    observeEventProcessorLag(this.registry, this.processor, this.store);
    if (this.config.policyEngine.hosted) observeLettersPending(this.registry, this.outbox);
    const feed = this.feed;
    new Gauge({
      name: `${METRIC_PREFIX}feed_clients_connected`,
      help: 'Clients streaming the event feed (GET /feed) from this api, catching up or live',
      registers: [this.registry],
      // Read from the feed's own set of connections when scraped: the feed keeps no count for us.
      collect() {
        this.set(feed.openConnections.length);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === undefined) return;
    const { server, port } = await serveMetrics(this.registry, this.config.metricsPort);
    this.server = server;
    this.port = port;
    new Logger('Metrics').log(`metrics served without a key on port ${port} (/metrics)`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

export const apiMetricsProviders = (registry: Registry): Provider[] => [{ provide: METRICS_REGISTRY, useValue: registry }, ApiMetricsHost];
