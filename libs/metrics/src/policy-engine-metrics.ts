import { REMINDER_CHANNELS, ReminderChannel } from '@collections/domain';
import type { LetterOutbox } from '@collections/letters';
import { CASH_PAUSE_REASONS, CashPauseReason } from '@collections/policy';
import type {
  LetterHandOverResult,
  PolicyEngineMetrics,
  PolicyRunCommandResult,
  PolicyRunFigures,
  PolicyRunOutcome,
  PolicyRunRefusal,
} from '@collections/policy-engine';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRIC_PREFIX } from './metrics-registry';

/** Seconds: a day with nothing due takes milliseconds; bench:policy's first run over 100,000 customers about 14 s. */
const RUN_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const RUN_OUTCOMES: readonly PolicyRunOutcome[] = ['completed', 'failed'];

/**
 * The policy engine's figures, in the process that hosts it (the api in embedded mode, or the
 * engine's own process): each run by outcome with its duration, the customers it examined and
 * planned for, the commands it sent by type and how they ended, the customers it left for the
 * next run by reason, those the cash rules paused by reason, and each letter handed to a
 * transport by channel and result.
 */
export class PrometheusPolicyEngineMetrics implements PolicyEngineMetrics {
  private readonly runs: Counter<'outcome'>;
  private readonly durations: Histogram<'outcome'>;
  private readonly examined: Counter;
  private readonly planned: Counter;
  private readonly commands: Counter<'type' | 'outcome'>;
  private readonly refusals: Counter<'reason'>;
  private readonly pauses: Counter<'reason'>;
  private readonly letters: Record<LetterHandOverResult, Counter<'channel'>>;

  constructor(registry: Registry) {
    const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
      new Counter<L>({ name: `${METRIC_PREFIX}${name}`, help, labelNames, registers: [registry] });
    this.runs = counter('policy_runs_total', 'Policy runs, one per business date, by outcome: completed, or failed (the store)', [
      'outcome',
    ]);
    this.durations = new Histogram({
      name: `${METRIC_PREFIX}policy_run_duration_seconds`,
      help: 'Time one policy run for a business date took, from the policy and the book to the run recorded, by outcome',
      labelNames: ['outcome'],
      buckets: RUN_SECONDS,
      registers: [registry],
    });
    this.examined = counter('policy_run_customers_examined_total', 'Customers the policy runs asked the policy about');
    this.planned = counter('policy_run_customers_planned_total', 'Customers the policy runs had commands for');
    this.commands = counter(
      'policy_run_commands_total',
      'Commands the policy runs sent, by type and outcome: appended, replayed (an earlier run for the date recorded it), refused (the customer waits for the next run), failed (the store)',
      ['type', 'outcome'],
    );
    this.refusals = counter(
      'policy_run_refusals_total',
      "Customers a policy run left for the next run, by reason: the business rule's code, conflict, idempotency-key-reused, unplannable",
      ['reason'],
    );
    this.pauses = counter(
      'policy_run_pauses_total',
      'Customers a policy run left alone although the policy would have dunned them, by reason: cash_to_apply (unapplied cash covers what is overdue), unidentified_cash_waiting (unidentified cash names them, within the grace days)',
      ['reason'],
    );
    this.letters = {
      sent: counter('letters_sent_total', 'Letters a transport accepted, by channel', ['channel']),
      failed: counter(
        'letters_failed_total',
        'Hand-overs of a letter its transport refused or failed, by channel; the letter stays pending and is retried',
        ['channel'],
      ),
    };
    // Every series from the start, so that the first failure or run is an increase from 0 for rate() and increase().
    for (const outcome of RUN_OUTCOMES) {
      this.runs.inc({ outcome }, 0);
      this.durations.zero({ outcome });
    }
    for (const reason of CASH_PAUSE_REASONS) this.pauses.inc({ reason }, 0);
    for (const channel of REMINDER_CHANNELS) for (const letters of Object.values(this.letters)) letters.inc({ channel }, 0);
  }

  runSettled({ outcome, seconds, customersExamined, customersPlanned }: PolicyRunFigures): void {
    this.runs.labels(outcome).inc();
    this.durations.labels(outcome).observe(seconds);
    this.examined.inc(customersExamined);
    this.planned.inc(customersPlanned);
  }

  runCommandsSettled(type: string, result: PolicyRunCommandResult, count: number): void {
    this.commands.labels(type, result).inc(count);
  }

  runCustomerRefused(reason: PolicyRunRefusal): void {
    this.refusals.labels(reason).inc();
  }

  runCustomerPaused(reason: CashPauseReason): void {
    this.pauses.labels(reason).inc();
  }

  letterHandedOver(channel: ReminderChannel, result: LetterHandOverResult): void {
    this.letters[result].labels(channel).inc();
  }
}

/**
 * The letters still pending in the outbox, by channel (failed ones waiting for their retry
 * included): read from the outbox when Prometheus scrapes, one grouped count, never on the
 * delivery's path. Where the outbox is shared (MongoDB), every process reading it reports the
 * same figure.
 */
export function observeLettersPending(registry: Registry, outbox: Pick<LetterOutbox, 'pendingByChannel'>): void {
  new Gauge({
    name: `${METRIC_PREFIX}letters_pending`,
    help: 'Letters in the outbox not delivered yet (new, being handed over, or waiting to be retried), by channel',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      const pending = await outbox.pendingByChannel();
      for (const channel of REMINDER_CHANNELS) this.set({ channel }, pending[channel] ?? 0);
    },
  });
}
