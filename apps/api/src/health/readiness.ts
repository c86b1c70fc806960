import { Inject, Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorFunction, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { FOLLOWED_STREAM_PREFIXES } from '@collections/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@collections/event-store';
import { Checkpoint, ReadStoreCheckpointStore } from '@collections/event-processor';
import { ALL_PROJECTIONS, CHECKPOINTS } from '@collections/projections';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { AppConfig } from '@collections/config';
import { APP_CONFIG } from '../read-models/read-side';

/** A store that does not answer within this is down: a probe must answer before its own timeout. */
export const CHECK_TIMEOUT_MS = 3_000;

/** What each check of GET /health/ready found, by name. */
export type ReadinessChecks = Record<string, { status: string; [detail: string]: unknown }>;

/** GET /health/ready's refusal (503): `checks` says what is not ready, and what is. */
export class NotReadyError extends Error {
  constructor(readonly checks: ReadinessChecks) {
    const down = Object.entries(checks).filter(([, check]) => check.status !== 'up');
    super(`Not ready: ${down.map(([name, check]) => `${name}: ${String(check.message ?? 'down')}`).join('; ')}`);
    this.name = 'NotReadyError';
  }
}

const withTimeout = <T>(work: Promise<T>, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Whether this api can serve what it is asked: the event store and the read store answer, and the
 * read models are at most READY_MAX_LAG_EVENTS collection events behind the store, each at the
 * projection version this api reads. The read models' checkpoints are read from the read store,
 * where the projector keeps them, so the answer is the same whether this process hosts the
 * projector (embedded) or the projector is a process of its own (MongoDB).
 */
@Injectable()
export class Readiness {
  private readonly checkpoints: ReadStoreCheckpointStore;
  /** Probes that come while one runs share its answer: a flood of them costs one check at a time. */
  private running: Promise<ReadinessChecks> | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.checkpoints = new ReadStoreCheckpointStore(readStore, CHECKPOINTS);
  }

  /** Every check, up; a NotReadyError naming those that are not. */
  check(): Promise<ReadinessChecks> {
    this.running ??= this.runChecks().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runChecks(): Promise<ReadinessChecks> {
    try {
      return (await this.health.check(this.checks())).details as ReadinessChecks;
    } catch (error) {
      // Terminus answers a failed check with a 503 holding every check's result.
      const details = (error as { response?: { details?: ReadinessChecks } }).response?.details;
      if (details) throw new NotReadyError(details);
      throw error;
    }
  }

  private checks(): HealthIndicatorFunction[] {
    // Both reads start at once; the projections' check needs both.
    const head = withTimeout(
      this.store.readAll({
        direction: 'backwards',
        fromPosition: 'end',
        maxCount: 1,
        filter: { streamPrefixes: FOLLOWED_STREAM_PREFIXES },
      }),
      'the event store',
    ).then(([last]: RecordedEvent[]) => last?.position ?? 0);
    const checkpoints = withTimeout(this.checkpoints.load(ALL_PROJECTIONS.map((projection) => projection.name)), 'the read store');
    return [
      () =>
        head.then(
          (position) => this.indicators.check('eventStore').up({ position }),
          (error: unknown) => this.indicators.check('eventStore').down({ message: messageOf(error) }),
        ),
      () =>
        checkpoints.then(
          () => this.indicators.check('readStore').up(),
          (error: unknown) => this.indicators.check('readStore').down({ message: messageOf(error) }),
        ),
      () => this.projections(head, checkpoints),
    ];
  }

  /** The read models: each at this api's projection version, all together at most READY_MAX_LAG_EVENTS behind the store. */
  private async projections(head: Promise<number>, loaded: Promise<Map<string, Checkpoint>>): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('projections');
    const maxLagEvents = this.config.readyMaxLagEvents;
    let headPosition: number;
    let checkpoints: Map<string, Checkpoint>;
    try {
      [headPosition, checkpoints] = await Promise.all([head, loaded]);
    } catch {
      return indicator.down({ message: 'unknown while a store does not answer', maxLagEvents });
    }
    // A projection whose checkpoint is of another version is being rebuilt (or the projector runs another version).
    const migrating = ALL_PROJECTIONS.filter((projection) => {
      const checkpoint = checkpoints.get(projection.name);
      return checkpoint !== undefined && checkpoint.version !== undefined && checkpoint.version !== projection.version;
    }).map((projection) => projection.name);
    if (migrating.length > 0) {
      return indicator.down({ message: `not at this version yet (being rebuilt): ${migrating.join(', ')}`, maxLagEvents });
    }
    // A projection without a checkpoint has applied nothing yet.
    const position = Math.min(...ALL_PROJECTIONS.map((projection) => checkpoints.get(projection.name)?.position ?? 0));
    let lagEvents: number;
    try {
      lagEvents = headPosition <= position ? 0 : await this.eventsAfter(position, maxLagEvents + 1);
    } catch (error) {
      return indicator.down({ message: `unknown: ${messageOf(error)}`, maxLagEvents });
    }
    if (lagEvents > maxLagEvents) {
      return indicator.down({
        message: `the read models are more than ${maxLagEvents} events behind the event store`,
        lagEvents,
        maxLagEvents,
      });
    }
    return indicator.up({ lagEvents, maxLagEvents });
  }

  /** How many collection events follow `position`, counted up to `atMost` (positions are not counts in EventStoreDB). */
  private async eventsAfter(position: number, atMost: number): Promise<number> {
    const events = await withTimeout(
      this.store.readAll({
        direction: 'forwards',
        fromPosition: position === 0 ? 'start' : position,
        // fromPosition is inclusive: one more, for the event at the checkpoint itself.
        maxCount: atMost + 1,
        filter: { streamPrefixes: FOLLOWED_STREAM_PREFIXES },
      }),
      'the event store',
    );
    return Math.min(atMost, events.filter((event) => event.position > position).length);
  }
}
