import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Provider } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { EVENT_PROCESSOR, EventProcessor } from '@collections/event-processor';
import { ALL_PROJECTIONS, PredictionRefreshSchedule, Projector } from '@collections/projections';
import { CLOCK } from '@collections/platform';
import type { Clock } from '@collections/domain';
import { READ_STORE, ReadStore, createReadStore } from '@collections/read-store';
import { AppConfig } from '@collections/config';
import { ReadModelAnswers } from './read-model-answers';

export const APP_CONFIG = Symbol('AppConfig');

/**
 * The read side's parts: the read store, the projector over every projection, and, where this
 * process owns the projector (embedded mode), its life: prepared and started with the app, the
 * payment predictions refreshed after the first catch-up and every PREDICTION_REFRESH_HOURS,
 * both stopped before the stores close.
 */
@Injectable()
export class ProjectorHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');

  constructor(
    private readonly projector: Projector,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly predictionRefresh: PredictionRefreshSchedule,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.hostsProjector) return;
    const started = Date.now();
    await this.projector.prepare();
    await this.projector.catchUp();
    this.logger.log(`read models caught up to position ${this.projector.position} in ${Date.now() - started} ms`);
    this.projector.start();
    this.predictionRefresh.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.predictionRefresh.stop();
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
  {
    provide: PredictionRefreshSchedule,
    inject: [READ_STORE, CLOCK],
    useFactory: (readStore: ReadStore, clock: Clock) => {
      const logger = new Logger('PaymentPredictions');
      return new PredictionRefreshSchedule(readStore, clock, config.predictionRefreshHours, {
        info: (message) => logger.log(message),
        error: (message) => logger.error(message),
      });
    },
  },
  ProjectorHost,
  {
    provide: ReadModelAnswers,
    inject: [Projector, PredictionRefreshSchedule],
    useFactory: (projector: Projector, refreshes: PredictionRefreshSchedule) =>
      new ReadModelAnswers(projector, config.hostsProjector, refreshes),
  },
];
