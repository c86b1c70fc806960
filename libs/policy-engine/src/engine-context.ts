import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Clock } from '@collections/domain';
import { EventStore } from '@collections/event-store';
import { CommandMetrics, WriteSideModule } from '@collections/accounts';
import { AppConfig } from '@collections/config';
import { PolicyEngineModule } from './policy-engine.module';
import { PolicyEngineMetrics } from './engine-metrics';

@Module({})
class PolicyEngineProcessModule {}

export interface EngineContextOptions {
  /** Whether the sagas, letters and schedule run live (the engine's own process) or only on demand (the CLI). */
  hosted: boolean;
  clock?: Clock;
  /** An already open store; otherwise one is opened from the config and closed with the context. */
  eventStore?: EventStore;
  logger?: false | ('log' | 'error' | 'warn')[];
  /** Where the process counts the commands its engine sends (its command side's only caller here); nowhere otherwise. */
  commandMetrics?: CommandMetrics;
  /** Where the process counts the engine's runs and letters; nowhere otherwise. */
  engineMetrics?: PolicyEngineMetrics;
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
          metrics: options.commandMetrics,
        }),
        PolicyEngineModule.forRoot(config, { hosted: options.hosted, metrics: options.engineMetrics }),
      ],
    },
    { logger: options.logger ?? ['error', 'warn'], abortOnError: false },
  );
}
