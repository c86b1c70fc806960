import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Clock } from '@collections/domain';
import { EVENT_STORE, EventStore, EventStoreConfig, createEventStore } from '@collections/event-store';
import { CLOCK, SystemClock } from '@collections/platform';
import { ACCOUNT_CACHE_SIZE, CustomerAccounts } from './customer-accounts';
import { AccountWriter, ExecuteAccountCommandHandler, ExecuteAccountCommandsHandler } from './execute-account-command';
import { COMMAND_METRICS, CommandMetrics } from './command-metrics';
import { UnidentifiedCashWriter } from './unidentified-cash-writer';

export interface WriteSideOptions {
  eventStore: EventStoreConfig;
  clock?: Clock;
  /** An already open store (tests share one); otherwise one is opened from the config and closed with the module. */
  openStore?: EventStore;
  /** Accounts kept folded in memory (ACCOUNT_CACHE_SIZE); CustomerAccounts' default otherwise. */
  accountCacheSize?: number;
  /** Where commands and appends are counted (the process's metrics); nowhere otherwise. */
  metrics?: CommandMetrics;
}

/**
 * Closes the store this module opened, once the commands still queued in this process have been
 * appended: shutdown hooks run after the HTTP side and the policy engine have stopped sending new
 * ones, but a command whose client went away, or a saga's, may still be on its way.
 */
@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AccountWriter) private readonly writer: AccountWriter,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.writer.settled();
    await this.store.close();
  }
}

/**
 * The command side on its own: the event store, the clock and the one command handler behind
 * the CQRS command bus. The API builds on it; the CLI and the benchmarks use it without HTTP
 * and without the read side.
 */
@Module({})
export class WriteSideModule {
  static forRoot({ eventStore, clock, openStore, accountCacheSize, metrics }: WriteSideOptions): DynamicModule {
    return {
      module: WriteSideModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: CLOCK, useValue: clock ?? new SystemClock() },
        { provide: EVENT_STORE, useFactory: () => openStore ?? createEventStore(eventStore) },
        ...(accountCacheSize === undefined ? [] : [{ provide: ACCOUNT_CACHE_SIZE, useValue: accountCacheSize }]),
        ...(metrics === undefined ? [] : [{ provide: COMMAND_METRICS, useValue: metrics }]),
        CustomerAccounts,
        AccountWriter,
        UnidentifiedCashWriter,
        ExecuteAccountCommandHandler,
        ExecuteAccountCommandsHandler,
        ...(openStore ? [] : [EventStoreLifecycle]),
      ],
      exports: [
        CLOCK,
        EVENT_STORE,
        CqrsModule,
        CustomerAccounts,
        AccountWriter,
        UnidentifiedCashWriter,
        ...(metrics === undefined ? [] : [COMMAND_METRICS]),
      ],
    };
  }
}
