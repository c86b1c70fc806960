import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf, validateSync } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LetterSettings, MailSender, SmtpSettings } from '@collections/letters';
import { CollectionPolicy, DEFAULT_COLLECTION_POLICY, InvalidPolicyError, parseCollectionPolicy } from '@collections/policy';
import { ApiKey, parseApiKeys } from './api-keys';
import { RateLimits, parseRateLimits } from './rate-limits';
import { EventStoreConfig } from '@collections/event-store';
import { ReadStoreConfig } from '@collections/read-store';

/** The environment the service reads at start-up; anything else it ignores. */
class Environment {
  @IsOptional()
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsInt({ message: 'METRICS_PORT must be a whole number' })
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

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

  @IsOptional()
  @IsIn(['hosted', 'off'], { message: 'POLICY_ENGINE must be hosted or off' })
  POLICY_ENGINE?: 'hosted' | 'off';

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'POLICY_NAME must be lower-case letters, digits and dashes' })
  POLICY_NAME?: string;

  @IsOptional()
  @IsString()
  POLICY_FILE?: string;

  @IsOptional()
  @IsInt({ message: 'POLICY_RUN_INTERVAL_MINUTES must be a whole number' })
  @Min(0)
  @Max(24 * 60)
  POLICY_RUN_INTERVAL_MINUTES?: number;

  @IsOptional()
  @IsInt({ message: 'ACCOUNT_CACHE_SIZE must be a whole number' })
  @Min(1)
  @Max(10_000_000)
  ACCOUNT_CACHE_SIZE?: number;

  @IsOptional()
  @IsInt({ message: 'LETTER_DELIVERY_INTERVAL_SECONDS must be a whole number' })
  @Min(1)
  @Max(24 * 3600)
  LETTER_DELIVERY_INTERVAL_SECONDS?: number;

  @IsOptional() @IsString() CUSTOMERS_FILE?: string;
  @IsOptional() @IsString() LETTERS_FROM?: string;
  @IsOptional() @IsString() LETTERS_REPLY_TO?: string;
  @IsOptional() @IsString() LETTERS_LOCALE?: string;
  @IsOptional() @IsString() CREDITOR_NAME?: string;
  @IsOptional() @IsString() CREDITOR_BANK_DETAILS?: string;
  @IsOptional() @IsString() CREDITOR_PAYMENT_URL?: string;
  @IsOptional() @IsString() CREDITOR_CONTACT?: string;
  @IsOptional() @IsString() SMTP_HOST?: string;

  @IsOptional()
  @IsInt({ message: 'SMTP_PORT must be a whole number' })
  @Min(1)
  @Max(65535)
  SMTP_PORT?: number;

  @IsOptional()
  @IsIn(['true', 'false', true, false], { message: 'SMTP_SECURE must be true or false' })
  SMTP_SECURE?: string | boolean;

  @IsOptional() @IsString() SMTP_USER?: string;
  @IsOptional() @IsString() SMTP_PASS?: string;

  @IsOptional()
  @IsInt({ message: 'READY_MAX_LAG_EVENTS must be a whole number' })
  @Min(0)
  // A lagging probe counts the events behind, up to this bound: it stays a short read.
  @Max(100_000)
  READY_MAX_LAG_EVENTS?: number;

  @IsOptional() @IsString() RATE_LIMITS?: string;

  @IsOptional() @IsString() ANCHOR_DIR?: string;

  @IsOptional()
  @IsInt({ message: 'ANCHOR_EVERY_MINUTES must be a whole number' })
  @Min(0)
  @Max(7 * 24 * 60)
  ANCHOR_EVERY_MINUTES?: number;

  @IsOptional()
  @Matches(/^[^\s@,]+@[^\s@,]+(,[^\s@,]+@[^\s@,]+)*$/, { message: 'ANCHOR_MAIL_TO must be e-mail addresses separated by commas' })
  ANCHOR_MAIL_TO?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: 'PUBLIC_URL must be an http(s) URL without query, e.g. https://collect.example.com',
  })
  PUBLIC_URL?: string;

  @IsOptional()
  @Matches(/^\S{32,}$/, { message: 'CUSTOMER_LINK_SECRET must be at least 32 characters without spaces' })
  CUSTOMER_LINK_SECRET?: string;

  @IsOptional()
  @Matches(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i, { message: 'INBOUND_MAIL_DOMAIN must be a domain name' })
  INBOUND_MAIL_DOMAIN?: string;

  @IsOptional()
  @IsInt({ message: 'INBOUND_SMTP_PORT must be a whole number' })
  @Min(1)
  @Max(65535)
  INBOUND_SMTP_PORT?: number;

  @IsOptional()
  @Matches(/^[a-z0-9._-]+=[^\s@,=]+@[^\s@,=]+(,[a-z0-9._-]+=[^\s@,=]+@[^\s@,=]+)*$/i, {
    message:
      'DISPUTE_OWNER_EMAILS must be owner=address pairs separated by commas, e.g. logistics=logistics@example.com,lina=lina@example.com',
  })
  DISPUTE_OWNER_EMAILS?: string;

  @IsOptional()
  @IsInt({ message: 'PREDICTION_REFRESH_HOURS must be a whole number' })
  @Min(0, { message: 'PREDICTION_REFRESH_HOURS must be 0 (off) to 576' })
  // A timer's longest delay is 2^31 − 1 ms, about 24.8 days.
  @Max(576, { message: 'PREDICTION_REFRESH_HOURS must be 0 (off) to 576' })
  PREDICTION_REFRESH_HOURS?: number;

  @IsOptional()
  @IsInt({ message: 'SHUTDOWN_TIMEOUT_SECONDS must be a whole number' })
  @Min(1)
  @Max(3600)
  SHUTDOWN_TIMEOUT_SECONDS?: number;
}

export interface AppConfig {
  port: number;
  /** Where this process also serves GET /metrics without a key (a private network's scraper); none when unset. */
  metricsPort: number | undefined;
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
  /** How many customers' accounts the command side keeps folded in memory; CustomerAccounts' default when unset. */
  accountCacheSize: number | undefined;
  policyEngine: PolicyEngineConfig;
  /** GET /health/ready answers 503 while the read models are more than this many events behind the store. */
  readyMaxLagEvents: number;
  /** Requests per API key, by role (RATE_LIMITS over DEFAULT_RATE_LIMITS). */
  rateLimits: RateLimits;
  anchors: AnchorsConfig;
  /**
   * Hours between refreshes of the payment predictions (the model fitted again, every open invoice
   * predicted again as of today) where the projections are hosted; 0: never (the CLI's
   * `predictions refresh` still does).
   */
  predictionRefreshHours: number;
  /** How long a SIGTERM may take: in-flight work finishes or is refused cleanly within it, then the process exits. */
  shutdownTimeoutSeconds: number;
  /** Replies to letters: the inbound SMTP listener, when INBOUND_SMTP_PORT is set (POST /inbound-mail always). */
  inboundMail: { smtpPort: number | undefined; domain: string };
}

/** What every letter links to and where its replies go: the engine writes them, the api answers them. */
export interface CustomerLinksConfig {
  /** The service's address as customers reach it (PUBLIC_URL); links are `<publicUrl>/pay/<token>`. */
  publicUrl: string;
  /** CUSTOMER_LINK_SECRET; when unset (embedded mode only) generated into DATA_DIR/customer-link-secret. */
  secret: string | undefined;
  /** Replies go to reply+<letterId>@<replyDomain> (INBOUND_MAIL_DOMAIN). */
  replyDomain: string;
}

/** Signed anchors of the hash chains, kept where the system cannot rewrite them unnoticed. */
export interface AnchorsConfig {
  /** Where scheduled anchors are written (a directory the operator ships elsewhere); none scheduled when unset. */
  dir: string | undefined;
  /** Minutes between scheduled anchors; 0 writes none (the CLI's `anchor --to` still does). */
  everyMinutes: number;
  /** Auditors' addresses each scheduled anchor is also e-mailed to, through the letters' SMTP settings. */
  mailTo: string[];
}

/** The policy engine's settings (apps/policy-engine), shared by the api that hosts it, its own process and the CLI. */
export interface PolicyEngineConfig {
  /** Whether the api process runs the engine (embedded mode); otherwise `npm run start:policy-engine` does. */
  hosted: boolean;
  /** The policy the engine runs under: the stream `policy-<name>`. */
  policyName: string;
  /** Recorded as the policy's first version on the engine's first run: POLICY_FILE, or the default that ships. */
  initialPolicy: CollectionPolicy;
  /** Minutes between scheduled runs (each runs every day since the last run, through today); 0: CLI only (the embedded default). */
  runIntervalMinutes: number;
  letters: LettersConfig;
  /** Dispute owners' addresses by team or person id (DISPUTE_OWNER_EMAILS): where reminders of late disputes go. */
  disputeOwnerEmails: Readonly<Record<string, string>>;
}

export interface LettersConfig {
  sender: MailSender;
  settings: LetterSettings;
  /** E-mail letters go by SMTP when set; otherwise every letter goes to DATA_DIR/outbox as .eml. */
  smtp?: SmtpSettings;
  /** The customers' names, e-mail and postal addresses (CSV: customerId,name,email,address). */
  customersFile?: string;
  deliveryIntervalSeconds: number;
  customerLinks: CustomerLinksConfig;
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
  let initialPolicy: CollectionPolicy = DEFAULT_COLLECTION_POLICY;
  if (raw.POLICY_FILE !== undefined) {
    try {
      initialPolicy = parseCollectionPolicy(readFileSync(raw.POLICY_FILE, 'utf8'));
    } catch (error) {
      const detail =
        error instanceof InvalidPolicyError
          ? error.problems.map((problem) => `${problem.pointer || '/'} ${problem.message}`).join('; ')
          : (error as Error).message;
      problems.push(`POLICY_FILE ${raw.POLICY_FILE} is not a valid collection policy: ${detail}`);
    }
  }
  const policyName = raw.POLICY_NAME ?? initialPolicy.name;
  if (initialPolicy.name !== policyName) {
    problems.push(`POLICY_FILE names policy "${initialPolicy.name}" but POLICY_NAME is "${policyName}"`);
  }
  if (raw.ANCHOR_MAIL_TO !== undefined && raw.SMTP_HOST === undefined) problems.push('ANCHOR_MAIL_TO needs SMTP_HOST');
  if (raw.ANCHOR_EVERY_MINUTES !== undefined && raw.ANCHOR_DIR === undefined) problems.push('ANCHOR_EVERY_MINUTES needs ANCHOR_DIR');
  if (raw.SMTP_HOST === undefined && (raw.SMTP_USER !== undefined || raw.SMTP_PORT !== undefined)) {
    problems.push('SMTP_PORT and SMTP_USER need SMTP_HOST');
  }
  if ((raw.SMTP_USER === undefined) !== (raw.SMTP_PASS === undefined)) problems.push('SMTP_USER and SMTP_PASS go together');
  let rateLimits: RateLimits = {};
  try {
    rateLimits = parseRateLimits(raw.RATE_LIMITS);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if ((raw.EVENT_STORE === 'eventstoredb' || raw.READ_STORE === 'mongodb') && raw.CUSTOMER_LINK_SECRET === undefined) {
    // Processes on other hosts share no DATA_DIR: the engines that sign links and the api that checks them need one secret.
    problems.push(
      `CUSTOMER_LINK_SECRET is required with ${raw.EVENT_STORE === 'eventstoredb' ? 'EVENT_STORE=eventstoredb' : 'READ_STORE=mongodb'} (the engine signs the links the api checks)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = resolve(raw.DATA_DIR ?? 'data');
  return {
    port: raw.PORT ?? 3000,
    metricsPort: raw.METRICS_PORT,
    dataDir,
    eventStore:
      raw.EVENT_STORE === 'eventstoredb' ? { kind: 'eventstoredb', url: raw.EVENTSTORE_URL as string } : { kind: 'embedded', dataDir },
    readStore:
      raw.READ_STORE === 'mongodb'
        ? { kind: 'mongodb', url: raw.MONGO_URL as string }
        : { kind: 'embedded', file: join(dataDir, 'read-models.sqlite') },
    hostsProjector: raw.READ_STORE !== 'mongodb',
    apiKeys,
    logLevel: raw.LOG_LEVEL ?? 'info',
    accountCacheSize: raw.ACCOUNT_CACHE_SIZE,
    policyEngine: {
      hosted: (raw.POLICY_ENGINE ?? (raw.EVENT_STORE === 'eventstoredb' ? 'off' : 'hosted')) === 'hosted',
      policyName,
      initialPolicy,
      // Production runs every business day by the clock; embedded (demos, imported history) when told to.
      runIntervalMinutes: raw.POLICY_RUN_INTERVAL_MINUTES ?? (raw.EVENT_STORE === 'eventstoredb' ? 60 : 0),
      letters: lettersConfig(raw),
      disputeOwnerEmails: Object.fromEntries(
        (raw.DISPUTE_OWNER_EMAILS?.split(',') ?? []).map((pair) => pair.split('=') as [string, string]),
      ),
    },
    // A few batches' worth: a projector that follows live is a handful of events behind at most.
    readyMaxLagEvents: raw.READY_MAX_LAG_EVENTS ?? 1000,
    rateLimits,
    anchors: {
      dir: raw.ANCHOR_DIR === undefined ? undefined : resolve(raw.ANCHOR_DIR),
      everyMinutes: raw.ANCHOR_DIR === undefined ? 0 : (raw.ANCHOR_EVERY_MINUTES ?? 60),
      mailTo: raw.ANCHOR_MAIL_TO?.split(',') ?? [],
    },
    predictionRefreshHours: raw.PREDICTION_REFRESH_HOURS ?? 24,
    shutdownTimeoutSeconds: raw.SHUTDOWN_TIMEOUT_SECONDS ?? 30,
    inboundMail: { smtpPort: raw.INBOUND_SMTP_PORT, domain: replyDomainOf(raw) },
  };
}

function lettersConfig(raw: Environment): LettersConfig {
  const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  const secure = raw.SMTP_SECURE === true || raw.SMTP_SECURE === 'true';
  return {
    sender: { from: raw.LETTERS_FROM ?? 'Collections <collections@localhost>', ...optional('replyTo', raw.LETTERS_REPLY_TO) },
    settings: {
      creditor: {
        name: raw.CREDITOR_NAME ?? 'Collections',
        ...optional('bankDetails', raw.CREDITOR_BANK_DETAILS),
        ...optional('paymentUrl', raw.CREDITOR_PAYMENT_URL),
        ...optional('contact', raw.CREDITOR_CONTACT),
      },
      ...optional('locale', raw.LETTERS_LOCALE),
    },
    ...(raw.SMTP_HOST === undefined
      ? {}
      : {
          smtp: {
            host: raw.SMTP_HOST,
            port: raw.SMTP_PORT ?? (secure ? 465 : 587),
            secure,
            ...(raw.SMTP_USER === undefined ? {} : { auth: { user: raw.SMTP_USER, pass: raw.SMTP_PASS as string } }),
          },
        }),
    deliveryIntervalSeconds: raw.LETTER_DELIVERY_INTERVAL_SECONDS ?? 60,
    customerLinks: {
      publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT ?? 3000}`).replace(/\/+$/, ''),
      secret: raw.CUSTOMER_LINK_SECRET,
      replyDomain: replyDomainOf(raw),
    },
    ...optional('customersFile', raw.CUSTOMERS_FILE === undefined ? undefined : resolve(raw.CUSTOMERS_FILE)),
  };
}

/** INBOUND_MAIL_DOMAIN, else the domain letters come from (LETTERS_FROM), else localhost. */
function replyDomainOf(raw: Environment): string {
  if (raw.INBOUND_MAIL_DOMAIN !== undefined) return raw.INBOUND_MAIL_DOMAIN.toLowerCase();
  const from = /@([^\s@>]+)>?\s*$/.exec(raw.LETTERS_FROM ?? '');
  return from?.[1]?.toLowerCase() ?? 'localhost';
}
