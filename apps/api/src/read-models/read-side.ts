import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Provider } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { EVENT_PROCESSOR, EventProcessor } from '@collections/event-processor';
import { ALL_PROJECTIONS, Projector } from '@collections/projections';
import { READ_STORE, ReadStore, createReadStore } from '@collections/read-store';
import { AppConfig } from '@collections/config';
import { ReadModelAnswers } from './read-model-answers';

export const APP_CONFIG = Symbol('AppConfig');

/**
 * The read side's parts: the read store, the projector over every projection, and, where this
 * process owns the projector (embedded mode), its life: prepared and started with the app,
 * stopped before the stores close.
 */
@Injectable()
export class ProjectorHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');

  constructor(
    private readonly projector: Projector,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.hostsProjector) return;
    const started = Date.now();
    await this.projector.prepare();
    await this.projector.catchUp();
    this.logger.log(`read models caught up to position ${this.projector.position} in ${Date.now() - started} ms`);
    this.projector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
    await this.readStore.close();
  }
}

export const readSideProviders = (config: AppConfig): Provider[] => [
  { provide: APP_CONFIG, useValue: config },
  { provide: READ_STORE, useFactory: () => createReadStore(config.readStore) },
  {
    provide: Projector,
    inject: [EVENT_STORE, READ_STORE, EVENT_PROCESSOR],
    // Where the api keeps the read models, they are handlers of its one event processor; where it
    // does not, its projector is never started (it only answers `waitFor` from the checkpoints).
    useFactory: (events: EventStore, readStore: ReadStore, processor: EventProcessor) =>
      new Projector(
        events,
        readStore,
        [...ALL_PROJECTIONS],
        { onError: (error) => new Logger('Projector').error(error instanceof Error ? error.stack : String(error)) },
        config.hostsProjector ? processor : undefined,
      ),
  },
  ProjectorHost,
  {
    provide: ReadModelAnswers,
    inject: [Projector],
    useFactory: (projector: Projector) => new ReadModelAnswers(projector, config.hostsProjector),
  },
];
