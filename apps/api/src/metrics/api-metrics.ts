import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit, Provider } from '@nestjs/common';
import { Server } from 'node:http';
import { Registry } from 'prom-client';
import { AppConfig } from '@collections/config';
import { EVENT_PROCESSOR, EventProcessor } from '@collections/event-processor';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { METRICS_REGISTRY, observeEventProcessorLag, serveMetrics } from '@collections/metrics';
import { APP_CONFIG } from '../read-models/read-side';

/**
 * The api's metrics beside the command side's and the HTTP edge's: the lag of its event
 * processor's handlers (the read models where it hosts the projector, the engine's where it hosts
 * the engine), and, with METRICS_PORT, the same registry on a port of its own without a key.
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
  ) {}

  onModuleInit(): void {
    observeEventProcessorLag(this.registry, this.processor, this.store);
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
