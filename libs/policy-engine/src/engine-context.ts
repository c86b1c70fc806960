import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Clock } from '@collections/domain';
import { EventStore } from '@collections/event-store';
import { WriteSideModule } from '@collections/accounts';
import { AppConfig } from '@collections/config';
import { PolicyEngineModule } from './policy-engine.module';

@Module({})
class PolicyEngineProcessModule {}

export interface EngineContextOptions {
  /** Whether the sagas, letters and schedule run live (the engine's own process) or only on demand (the CLI). */
  hosted: boolean;
  clock?: Clock;
  /** An already open store; otherwise one is opened from the config and closed with the context. */
  eventStore?: EventStore;
  logger?: false | ('log' | 'error' | 'warn')[];
}

/** The command side and the policy engine without HTTP: the engine's process, the CLI, simulations. */
export function createEngineContext(config: AppConfig, options: EngineContextOptions): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    {
      module: PolicyEngineProcessModule,
      imports: [
        WriteSideModule.forRoot({
          eventStore: config.eventStore,
          clock: options.clock,
          openStore: options.eventStore,
          accountCacheSize: config.accountCacheSize,
        }),
        PolicyEngineModule.forRoot(config, { hosted: options.hosted }),
      ],
    },
    { logger: options.logger ?? ['error', 'warn'], abortOnError: false },
  );
}
