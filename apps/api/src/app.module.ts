import { DynamicModule, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Clock } from '@collections/domain';
import { EVENT_STORE, EventStore, createEventStore } from '@collections/event-store';
import { LoggerModule } from 'nestjs-pino';
import { CollectionActivitiesController } from './accounts/collection-activities.controller';
import { DisputesController } from './accounts/disputes.controller';
import { EscalationController } from './accounts/escalation.controller';
import { CustomerAccounts } from './accounts/customer-accounts';
import { ExecuteAccountCommandHandler } from './accounts/execute-account-command';
import { InvoicingController } from './accounts/invoicing.controller';
import { HistoryController } from './audit/history.controller';
import { ApiKey, ApiKeyRegistry } from './auth/api-keys';
import { AuthGuard } from './auth/auth.guard';
import { CLOCK, SystemClock } from './clock';
import { AppConfig } from './config/config';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './problems/problem-details.filter';

export interface AppOptions {
  config: AppConfig;
  /** The keys that authenticate requests (from API_KEYS, or the generated admin key). */
  apiKeys: ApiKey[];
  clock?: Clock;
  /** An already open store (tests share one); otherwise one is opened from the config. */
  eventStore?: EventStore;
}

class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Every controller the API serves. */
export const CONTROLLERS = [
  HealthController,
  InvoicingController,
  DisputesController,
  CollectionActivitiesController,
  EscalationController,
  HistoryController,
];

@Module({})
export class AppModule {
  static forRoot({ config, apiKeys, clock, eventStore }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Keys never reach the log.
            redact: ['req.headers.authorization', 'req.headers["idempotency-key"]'],
          },
        }),
      ],
      controllers: CONTROLLERS,
      providers: [
        { provide: CLOCK, useValue: clock ?? new SystemClock() },
        { provide: EVENT_STORE, useFactory: () => eventStore ?? createEventStore(config.eventStore) },
        { provide: ApiKeyRegistry, useValue: new ApiKeyRegistry(apiKeys) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        CustomerAccounts,
        ExecuteAccountCommandHandler,
        ...(eventStore ? [] : [EventStoreLifecycle]),
      ],
    };
  }
}
