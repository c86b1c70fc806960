import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Clock } from '@collections/domain';
import { EventStore } from '@collections/event-store';
import { DestinationStream } from 'pino';
import { PolicyEngineModule } from '@collections/policy-engine';
import { CollectionActivitiesController } from './accounts/collection-activities.controller';
import { DisputesController } from './accounts/disputes.controller';
import { RepliesController } from './accounts/replies.controller';
import { EscalationController } from './accounts/escalation.controller';
import { CashCommandsController, UnidentifiedCashController } from './cash/cash-commands.controller';
import { BankStatementsController } from './cash/bank-statements.controller';
import { StatementImporter } from '@collections/cash-application';
import { InvoicingController } from './accounts/invoicing.controller';
import { WriteSideModule } from '@collections/accounts';
import { HistoryController } from './audit/history.controller';
import { VerificationController } from './audit/verification.controller';
import { EvidencePackController } from './audit/evidence-pack.controller';
import { ApiKeyRegistry } from './auth/api-keys';
import { ApiKey, AppConfig } from '@collections/config';
import { AuthGuard } from './auth/auth.guard';
import { REQUEST_LOG, createRequestLog } from './config/request-log';
import { EventProcessorModule } from './event-processor.module';
import { FeedController } from './feed/feed.controller';
import { DEFAULT_FEED_SETTINGS, FEED_SETTINGS, FeedSettings } from './feed/feed-settings';
import { FeedService } from './feed/feed.service';
import { HttpDrain } from './http/http-drain';
import { HealthController } from './health/health.controller';
import { Readiness } from './health/readiness';
import { TerminusModule } from '@nestjs/terminus';
import { MeController } from './auth/me.controller';
import { LettersController } from './letters/letters.controller';
import { InboundMailController } from './inbound-mail/inbound-mail.controller';
import { inboundMailProviders } from './inbound-mail/inbound-mail.providers';
import { PoliciesController } from './policy/policies.controller';
import { WhatIfController } from './policy/what-if.controller';
import { WhatIfRuns } from './policy/what-if-runs';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { AuditTrailsController } from './read-models/audit-trails.controller';
import { readSideProviders } from './read-models/read-side';
import { ReportsController } from './read-models/reports.controller';
import { EscalationProposalsController } from './read-models/escalation-proposals.controller';
import { CashController } from './read-models/cash.controller';
import { DisputesBoardController } from './read-models/disputes-board.controller';
import { CashForecastController } from './forecasts/cash-forecast.controller';
import { ReplyQueueController } from './read-models/reply-queue.controller';
import { ReadModelQueryController } from './read-models/read-model-query.controller';
import { WorklistsController } from './read-models/worklists.controller';
import { MetricsController } from './metrics/metrics.controller';
import { SelfServiceController } from './self-service/self-service.controller';
import { LinkRevocationController } from './self-service/link-revocation.controller';
import { CustomerLinkPages, customerLinkSecretProvider } from './self-service/customer-link-pages';
import { apiMetricsProviders } from './metrics/api-metrics';
import { PrometheusCommandMetrics, PrometheusPolicyEngineMetrics, createMetricsRegistry } from '@collections/metrics';

export interface AppOptions {
  config: AppConfig;
  /** The keys that authenticate requests (from API_KEYS, or the generated admin key). */
  apiKeys: ApiKey[];
  clock?: Clock;
  /** An already open store (tests share one); otherwise one is opened from the config. */
  eventStore?: EventStore;
  /** Overrides of the event feed's timings and bounds (tests shorten them). */
  feed?: Partial<FeedSettings>;
  /** Where the log goes (stdout by default; tests read it). */
  logDestination?: DestinationStream;
}

/** Every controller the API serves. */
export const CONTROLLERS = [
  HealthController,
  MeController,
  InvoicingController,
  DisputesController,
  RepliesController,
  CollectionActivitiesController,
  EscalationController,
  CashCommandsController,
  UnidentifiedCashController,
  BankStatementsController,
  HistoryController,
  VerificationController,
  EvidencePackController,
  WorklistsController,
  AuditTrailsController,
  ReportsController,
  EscalationProposalsController,
  CashController,
  ReplyQueueController,
  ReadModelQueryController,
  DisputesBoardController,
  CashForecastController,
  FeedController,
  PoliciesController,
  WhatIfController,
  LettersController,
  InboundMailController,
  MetricsController,
  SelfServiceController,
  LinkRevocationController,
];

/** The HTTP service: the command side, the read side, the event feed, authentication and problem details. */
@Module({})
export class AppModule {
  static forRoot({ config, apiKeys, clock, eventStore, feed, logDestination }: AppOptions): DynamicModule {
    const requestLog = createRequestLog(config.logLevel, logDestination);
    // One registry per app: tests start several apps in one process.
    const metrics = createMetricsRegistry();
    return {
      module: AppModule,
      imports: [
        WriteSideModule.forRoot({
          eventStore: config.eventStore,
          clock,
          openStore: eventStore,
          accountCacheSize: config.accountCacheSize,
          metrics: new PrometheusCommandMetrics(metrics),
        }),
        EventProcessorModule,
        // The policies' streams and the letters outbox for every api; the sagas, letters and daily runs only where hosted,
        // and counted there (the engine's commands go through the command side above and are counted by it, once).
        PolicyEngineModule.forRoot(config, {
          hosted: config.policyEngine.hosted,
          metrics: config.policyEngine.hosted ? new PrometheusPolicyEngineMetrics(metrics) : undefined,
        }),
        // Not being ready is answered as a 503 problem (and logged as a request), not as an error log line.
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: CONTROLLERS,
      providers: [
        { provide: ApiKeyRegistry, useValue: new ApiKeyRegistry(apiKeys) },
        { provide: REQUEST_LOG, useValue: requestLog },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        ...readSideProviders(config),
        ...inboundMailProviders(config),
        { provide: FEED_SETTINGS, useValue: { ...DEFAULT_FEED_SETTINGS, ...feed } },
        FeedService,
        StatementImporter,
        customerLinkSecretProvider(config),
        CustomerLinkPages,
        HttpDrain,
        WhatIfRuns,
        Readiness,
        ...apiMetricsProviders(metrics),
      ],
    };
  }
}
