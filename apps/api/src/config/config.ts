import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf, validateSync } from 'class-validator';
import { join, resolve } from 'node:path';
import { ApiKey, parseApiKeys } from '../auth/api-keys';

/** The environment the service reads at start-up; anything else it ignores. */
class Environment {
  @IsOptional()
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IsIn(['embedded', 'eventstoredb'], { message: 'EVENT_STORE must be embedded or eventstoredb' })
  EVENT_STORE?: 'embedded' | 'eventstoredb';

  @ValidateIf((env: Environment) => env.EVENT_STORE === 'eventstoredb' || env.EVENTSTORE_URL !== undefined)
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/\S+$/, {
    message: 'EVENTSTORE_URL must be an esdb:// (or kurrentdb://) connection string, required when EVENT_STORE=eventstoredb',
  })
  EVENTSTORE_URL?: string;

  @IsOptional()
  @IsIn(['embedded', 'mongodb'], { message: 'READ_STORE must be embedded or mongodb' })
  READ_STORE?: 'embedded' | 'mongodb';

  @ValidateIf((env: Environment) => env.READ_STORE === 'mongodb' || env.MONGO_URL !== undefined)
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, {
    message: 'MONGO_URL must be a mongodb:// connection string (a replica set), required when READ_STORE=mongodb',
  })
  MONGO_URL?: string;

  @IsOptional()
  @IsString()
  API_KEYS?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;
}

export type EventStoreConfig = { kind: 'embedded'; dataDir: string } | { kind: 'eventstoredb'; url: string };
export type ReadStoreConfig = { kind: 'embedded'; file: string } | { kind: 'mongodb'; url: string };

export interface AppConfig {
  port: number;
  dataDir: string;
  eventStore: EventStoreConfig;
  readStore: ReadStoreConfig;
  /**
   * Whether this process runs the projector: with the embedded read store it must (the store
   * is owned by one process); with MongoDB the projector is a process of its own.
   */
  hostsProjector: boolean;
  /** Keys from API_KEYS; when absent in embedded mode an admin key is generated into DATA_DIR. */
  apiKeys: ApiKey[] | undefined;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws a ConfigError that lists every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const raw = plainToInstance(Environment, env, { enableImplicitConversion: true, excludeExtraneousValues: false });
  const problems = validateSync(raw).flatMap((error) => Object.values(error.constraints ?? {}));
  let apiKeys: ApiKey[] | undefined;
  if (raw.API_KEYS !== undefined) {
    try {
      apiKeys = parseApiKeys(raw.API_KEYS);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (raw.EVENT_STORE === 'eventstoredb' && raw.API_KEYS === undefined) {
    problems.push('API_KEYS is required with EVENT_STORE=eventstoredb (a generated key is for the embedded mode only)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = resolve(raw.DATA_DIR ?? 'data');
  return {
    port: raw.PORT ?? 3000,
    dataDir,
    eventStore:
      raw.EVENT_STORE === 'eventstoredb'
        ? { kind: 'eventstoredb', url: raw.EVENTSTORE_URL as string }
        : { kind: 'embedded', dataDir },
    readStore:
      raw.READ_STORE === 'mongodb'
        ? { kind: 'mongodb', url: raw.MONGO_URL as string }
        : { kind: 'embedded', file: join(dataDir, 'read-models.sqlite') },
    hostsProjector: raw.READ_STORE !== 'mongodb',
    apiKeys,
    logLevel: raw.LOG_LEVEL ?? 'info',
  };
}
