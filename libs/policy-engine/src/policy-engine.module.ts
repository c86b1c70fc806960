import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LETTER_OUTBOX, LetterRenderer, ClosableLetterDelivery, createLetterDelivery } from '@collections/letters';
import { loadOrCreateLinkSecret } from '@collections/customer-links';
import { AppConfig, PolicyEngineConfig } from '@collections/config';
import { Clock } from '@collections/domain';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { ProcessorStoppedError } from '@collections/event-processor';
import { CollectionPolicies } from '@collections/policy';
import { CLOCK } from '@collections/platform';
import { ENGINE_HOSTED, POLICY_ENGINE_CONFIG } from './engine-tokens';
import { EngineEvents } from './engine-events';
import { POLICY_ENGINE_METRICS, PolicyEngineMetrics } from './engine-metrics';
import { ENGINE_STORES, EngineStores, openEngineStores } from './stores/engine-stores';
import { LETTER_DELIVERY, LETTER_RENDERER, LetterWriter, RECIPIENTS } from './letter-writer';
import { NO_RECIPIENTS, readRecipientFile } from './recipients';
import { PoliciesInForce } from './policies-in-force';
import { PolicyEngine, RunStoppedError } from './policy-engine';
import { PolicySagas } from './policy-sagas';
import { ReplacePolicyHandler } from './replace-policy';
import { Reactor } from './reactor';
import { BounceMarker } from './bounce-marker';
import { ANCHOR_SCHEDULE_SETTINGS, AnchorSchedule, AnchorScheduleSettings } from './anchor-schedule';

/**
 * The engine's life in a process. Where it is hosted (the api in embedded mode, or `npm run
 * start:policy-engine`) the sagas and the letter writer follow the event store live, pending
 * letters are delivered every LETTER_DELIVERY_INTERVAL_SECONDS, and every
 * POLICY_RUN_INTERVAL_MINUTES the engine runs each business date since its last run through
 * today (the AnchorSchedule beside it anchors the store every ANCHOR_EVERY_MINUTES). Everywhere,
 * it closes what the engine opened once nothing uses it any more.
 */
@Injectable()
export class PolicyEngineHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PolicyEngine');
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly busy = new Set<Promise<unknown>>();

  constructor(
    private readonly engine: PolicyEngine,
    private readonly events: EngineEvents,
    private readonly letters: LetterWriter,
    @Inject(POLICY_ENGINE_CONFIG) private readonly config: PolicyEngineConfig,
    @Inject(ENGINE_HOSTED) private readonly hosted: boolean,
    @Inject(ENGINE_STORES) private readonly stores: EngineStores,
    @Inject(LETTER_DELIVERY) private readonly delivery: ClosableLetterDelivery,
    // Constructed so that its reactions are a handler of the processor wherever the engine is.
    readonly reactor: Reactor,
    // Likewise: bounces mark their letters failed wherever the engine is.
    readonly bounces: BounceMarker,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.hosted) return;
    this.events.processor.start();
    this.every(this.config.letters.deliveryIntervalSeconds * 1000, 'letter delivery', () => this.letters.deliver());
    if (this.config.runIntervalMinutes > 0) {
      const run = async () => {
        for (const report of await this.engine.runDue()) {
          const appended = Object.values(report.appended).reduce((sum, count) => sum + count, 0);
          this.logger.log(
            `Policy run for ${report.date}: ${appended} commands for ${report.customers} customers, ${report.refused.length} refused, ` +
              `${report.paused.length} paused for cash to apply or identify`,
          );
        }
      };
      this.track(run(), 'policy run');
      this.every(this.config.runIntervalMinutes * 60_000, 'policy run', run);
    }
  }

  /**
   * Stops taking work (no more scheduled runs or deliveries), lets a run stop after the customers'
   * batches in flight and a delivery after its batch, stops the sagas and the letter writer after
   * the events in hand (their checkpoints written), then closes what the engine opened.
   */
  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.engine.stop();
    this.letters.stopDelivering();
    await this.events.processor.stop();
    await Promise.allSettled(this.busy);
    this.delivery.close();
    await this.stores.close();
  }

  private every(ms: number, what: string, work: () => Promise<unknown>): void {
    this.timers.push(setInterval(() => this.track(work(), what), ms));
  }

  private track(work: Promise<unknown>, what: string): void {
    const tracked = work.catch((error: unknown) =>
      // Stopped by the shutdown: the next run picks it up, nothing failed.
      error instanceof RunStoppedError || error instanceof ProcessorStoppedError
        ? this.logger.log(`${what} stopped by the shutdown: ${error.message}`)
        : this.logger.error(`${what} failed: ${error instanceof Error ? error.stack : String(error)}`),
    );
    this.busy.add(tracked);
    void tracked.finally(() => this.busy.delete(tracked));
  }
}

/**
 * The policy engine: daily runs, sagas, letters, and the policies' streams. It needs the
 * command side (WriteSideModule, global). Hosted — subscriptions and schedule running — only
 * where `hosted` says; the CLI and a non-hosting api use its parts on demand.
 */
@Module({})
export class PolicyEngineModule {
  static forRoot(config: AppConfig, { hosted, metrics }: { hosted: boolean; metrics?: PolicyEngineMetrics }): DynamicModule {
    const { dataDir, policyEngine } = config;
    return {
      module: PolicyEngineModule,
      providers: [
        { provide: POLICY_ENGINE_CONFIG, useValue: policyEngine },
        { provide: ENGINE_STORES, useFactory: () => openEngineStores(config) },
        { provide: LETTER_OUTBOX, inject: [ENGINE_STORES], useFactory: (stores: EngineStores) => stores.outbox },
        EngineEvents,
        {
          provide: LETTER_DELIVERY,
          useFactory: () => createLetterDelivery({ ...policyEngine.letters.sender, dataDir, smtp: policyEngine.letters.smtp }),
        },
        { provide: LETTER_RENDERER, useFactory: () => letterRenderer(config) },
        {
          provide: RECIPIENTS,
          useFactory: () =>
            policyEngine.letters.customersFile === undefined ? NO_RECIPIENTS : readRecipientFile(policyEngine.letters.customersFile),
        },
        {
          provide: CollectionPolicies,
          inject: [EVENT_STORE, CLOCK],
          useFactory: (store: EventStore, clock: Clock) => new CollectionPolicies(store, clock),
        },
        PoliciesInForce,
        ReplacePolicyHandler,
        PolicySagas,
        Reactor,
        LetterWriter,
        BounceMarker,
        PolicyEngine,
        { provide: ENGINE_HOSTED, useValue: hosted },
        // Where runs and letters are counted (the process's metrics); nowhere otherwise.
        ...(metrics === undefined ? [] : [{ provide: POLICY_ENGINE_METRICS, useValue: metrics }]),
        PolicyEngineHost,
        {
          provide: ANCHOR_SCHEDULE_SETTINGS,
          useValue: {
            dataDir,
            anchors: config.anchors,
            sender: policyEngine.letters.sender,
            smtp: policyEngine.letters.smtp,
          } satisfies AnchorScheduleSettings,
        },
        AnchorSchedule,
      ],
      exports: [PolicyEngine, CollectionPolicies, PoliciesInForce, LETTER_OUTBOX, ENGINE_STORES, AnchorSchedule],
    };
  }
}

/**
 * The renderer with every letter's link and reply address: the secret is CUSTOMER_LINK_SECRET, or
 * (embedded) the one generated into DATA_DIR, which the api that opens the links reads too.
 */
function letterRenderer({ dataDir, policyEngine }: AppConfig): LetterRenderer {
  const { settings, customerLinks } = policyEngine.letters;
  const { publicUrl, replyDomain } = customerLinks;
  return new LetterRenderer({
    ...settings,
    customerLinks: { publicUrl, replyDomain, secret: loadOrCreateLinkSecret(dataDir, customerLinks.secret) },
  });
}
