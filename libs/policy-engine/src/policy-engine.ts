import { Inject, Injectable, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BusinessDate, Clock, CollectionCommand, FUTURE_DATE_TOLERANCE_DAYS, addDays } from '@collections/domain';
import { PendingLetters } from '@collections/letters';
import { CashPauseReason, explainCollectionPlan, idempotencyKeyOf } from '@collections/policy';
import { BatchOutcome, CustomerAccounts, ExecuteAccountCommands, isCommandRefusal, POLICY_ENGINE_ACTOR } from '@collections/accounts';
import { CLOCK } from '@collections/platform';
import { CustomerBook } from './customer-book';
import { EngineEvents } from './engine-events';
import {
  NO_POLICY_ENGINE_METRICS,
  POLICY_ENGINE_METRICS,
  PolicyEngineMetrics,
  PolicyRunCommandResult,
  PolicyRunOutcome,
  refusalReason,
} from './engine-metrics';
import { ENGINE_STORES, EngineStores } from './stores/engine-stores';
import { LetterWriter } from './letter-writer';
import { PoliciesInForce } from './policies-in-force';
import { Reactor } from './reactor';

/** Customers whose commands are on their way at once (each customer's are one append; the store commits those queued together in one transaction). */
const CONCURRENCY = 256;

export interface DayReport {
  date: BusinessDate;
  policy: { name: string; version: number };
  /** Customers the policy asked something for. */
  customers: number;
  /** Commands appended, by type. */
  appended: Partial<Record<CollectionCommand['type'], number>>;
  /** Commands an earlier run for this date had already appended. */
  replayed: number;
  /** Customers whose commands the command side refused (the account changed meanwhile), to retry next run. */
  refused: { customerId: string; reason: string }[];
  /**
   * Customers the cash rules left alone although the policy would have dunned them (reminded,
   * escalated, called, broken a promise or missed an installment): money they paid waits to be
   * applied (`cash_to_apply`) or identified (`unidentified_cash_waiting`).
   */
  paused: { customerId: string; reason: CashPauseReason }[];
}

/** A run asked for a business date that has not come yet: what it would record would not have happened. */
export class RunDateInFutureError extends Error {
  constructor(date: BusinessDate, today: BusinessDate) {
    super(`${date} is after today (${today}): the policy runs only for dates that have come (simulations set their own clock)`);
    this.name = 'RunDateInFutureError';
  }
}

/**
 * A run that a shutdown stopped between customers: the batches already sent are appended, the
 * date has no run record, so the next run does it again (and appends only what is missing).
 */
export class RunStoppedError extends Error {
  constructor(
    readonly date: BusinessDate,
    readonly customersPlanned: number,
  ) {
    super(`The policy run for ${date} was stopped by a shutdown after ${customersPlanned} customers; the next run completes it`);
    this.name = 'RunStoppedError';
  }
}

export interface RunOptions {
  /** Called once per customer planned, for progress bars. */
  onCustomer?: (done: number, total: number) => void;
}

/**
 * The policy engine's run for a business date: folds every customer's account (CustomerBook),
 * asks the policy what is due (`explainCollectionPlan`: `planCollectionActions` given the
 * unidentified cash naming the customer, and what the cash rules held back), and sends each
 * customer's commands through the command side as one keyed batch, as the policy engine actor.
 * Keys and ids are deterministic, so running a date again appends nothing; a run interrupted
 * half-way and run again appends exactly what the whole run would have. After the planned
 * commands, the sagas catch up on what they caused, so the next date starts from their effects too.
 */
@Injectable()
export class PolicyEngine {
  private readonly book = new CustomerBook();
  private bookFollowed = false;
  /** One run at a time in this process: a scheduled run and a manual one never interleave. */
  private running: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(
    @Inject(ENGINE_STORES) private readonly stores: EngineStores,
    private readonly events: EngineEvents,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandBus,
    private readonly policies: PoliciesInForce,
    private readonly reactor: Reactor,
    private readonly letters: LetterWriter,
    private readonly commandSide: CustomerAccounts,
    @Optional() @Inject(POLICY_ENGINE_METRICS) private readonly metrics: PolicyEngineMetrics = NO_POLICY_ENGINE_METRICS,
  ) {}

  /** Runs each day from `from` to `to` in order (the way to catch up after downtime). */
  runDays(from: BusinessDate, to: BusinessDate, options: RunOptions & { onDay?: (report: DayReport) => void } = {}): Promise<DayReport[]> {
    const notYet = this.notYetCome(to);
    if (notYet) return Promise.reject(notYet);
    return this.exclusive(async () => {
      const reports: DayReport[] = [];
      for (let date = from; date <= to; date = addDays(date, 1)) {
        const report = await this.runOne(date, options);
        options.onDay?.(report);
        reports.push(report);
      }
      return reports;
    });
  }

  runFor(date: BusinessDate, options: RunOptions = {}): Promise<DayReport> {
    const notYet = this.notYetCome(date);
    if (notYet) return Promise.reject(notYet);
    return this.exclusive(() => this.runOne(date, options));
  }

  /**
   * Sends no more commands: a run under way stops after the customers' batches in flight (and
   * fails with RunStoppedError), and later runs are refused the same way. For the process's shutdown.
   */
  stop(): void {
    this.stopping = true;
  }

  /** Runs every day after the last recorded run through today (today only, the first time). */
  async runDue(): Promise<DayReport[]> {
    const today = this.clock.today();
    const last = await this.stores.runs.lastRunDate();
    const from = last === undefined || last >= today ? today : addDays(last, 1);
    return this.runDays(from, today);
  }

  /** Every customer's account as the store holds it now: the book the runs plan from, refreshed. */
  async accounts(): Promise<Pick<CustomerBook, 'account' | 'customerIds'>> {
    await this.exclusive(() => this.refreshBook());
    return this.book;
  }

  /**
   * Folds into the book everything appended so far. The book follows the store from the first run
   * on (live where the engine is hosted), not before: a process that never runs holds no book.
   */
  private async refreshBook(): Promise<void> {
    if (!this.bookFollowed) {
      this.events.processor.add(this.book);
      this.bookFollowed = true;
    }
    await this.events.processor.catchUp([this.book.name]);
  }

  /** Writes the letters of every reminder and notice sent so far and delivers what is pending. */
  async writeAndDeliverLetters(): Promise<{ delivered: number; failed: number }> {
    await this.letters.catchUp();
    const run = await this.letters.deliver();
    return { delivered: run.delivered.length, failed: run.failed.length };
  }

  /** The refusal of a date after today by the Clock (with the facts' tolerance of a day), checked before anything runs. */
  private notYetCome(date: BusinessDate): RunDateInFutureError | undefined {
    const today = this.clock.today();
    return date > addDays(today, FUTURE_DATE_TOLERANCE_DAYS) ? new RunDateInFutureError(date, today) : undefined;
  }

  /** The letters not delivered yet: what a run reports at its end. */
  lettersWaiting(): Promise<PendingLetters> {
    return this.letters.waiting();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.running.then(work, work);
    this.running = result.catch(() => undefined);
    return result;
  }

  /** One date's run, timed and counted (wall-clock: a simulation's Clock stands still during a run). */
  private async runOne(date: BusinessDate, options: RunOptions): Promise<DayReport> {
    const started = performance.now();
    const progress = { examined: 0, planned: 0 };
    const settled = (outcome: PolicyRunOutcome) =>
      this.metrics.runSettled({
        outcome,
        seconds: (performance.now() - started) / 1000,
        customersExamined: progress.examined,
        customersPlanned: progress.planned,
      });
    try {
      const report = await this.runDate(date, options, progress);
      settled('completed');
      return report;
    } catch (error) {
      settled('failed');
      throw error;
    }
  }

  private async runDate(
    date: BusinessDate,
    { onCustomer }: RunOptions,
    progress: { examined: number; planned: number },
  ): Promise<DayReport> {
    const startedAt = this.clock.now();
    const { policy, policies } = await this.policies.on(date, { adopt: true });
    await this.refreshBook();
    const report: DayReport = {
      date,
      policy: { name: policy.name, version: policy.version },
      customers: 0,
      appended: {},
      replayed: 0,
      refused: [],
      paused: [],
    };
    const customerIds = this.book.customerIds();
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    let done = 0;

    const send = async (customerId: string, planned: CollectionCommand[]): Promise<void> => {
      // The command side would otherwise read and fold again the stream the book just folded.
      const loaded = this.book.loaded(customerId);
      if (loaded !== undefined) this.commandSide.prime(customerId, loaded);
      try {
        const outcome: BatchOutcome = await this.commands.execute(
          new ExecuteAccountCommands(
            customerId,
            planned.map((command) => ({ command, idempotencyKey: idempotencyKeyOf(command) })),
            { actor: POLICY_ENGINE_ACTOR, correlationId: `policy-run-${date}` },
          ),
        );
        for (const command of outcome.appended) report.appended[command.type] = (report.appended[command.type] ?? 0) + 1;
        report.replayed += outcome.replayed.length;
        this.countCommands(outcome.appended, 'appended');
        this.countCommands(outcome.replayed, 'replayed');
      } catch (error) {
        if (isCommandRefusal(error)) {
          report.refused.push({ customerId, reason: error.message });
          this.metrics.runCustomerRefused(refusalReason(error));
          this.countCommands(planned, 'refused');
        } else {
          failure ??= { error };
          this.countCommands(planned, 'failed');
        }
      }
    };

    for (const customerId of customerIds) {
      if (this.stopping) failure ??= { error: new RunStoppedError(date, done) };
      if (failure !== undefined) break;
      let planned: CollectionCommand[];
      try {
        const unidentifiedCash = this.book.candidateCash(customerId);
        const explained = explainCollectionPlan(this.book.account(customerId), policy, date, { customerId, policies, unidentifiedCash });
        planned = explained.commands;
        if (explained.heldBack !== undefined) {
          report.paused.push({ customerId, reason: explained.heldBack.reason });
          this.metrics.runCustomerPaused(explained.heldBack.reason);
        }
      } catch (error) {
        // An override naming a policy never recorded: this customer waits, the others run.
        planned = [];
        report.refused.push({ customerId, reason: (error as Error).message });
        this.metrics.runCustomerRefused('unplannable');
      }
      progress.examined++;
      onCustomer?.(++done, customerIds.length);
      if (planned.length === 0) continue;
      report.customers++;
      progress.planned++;
      while (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
      const task = send(customerId, planned).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure.error;
    await this.reactor.catchUp();
    report.refused.sort((a, b) => a.customerId.localeCompare(b.customerId));
    const appended = Object.values(report.appended).reduce((sum, count) => sum + count, 0);
    await this.stores.runs.record({
      businessDate: date,
      policy: policy.name,
      policyVersion: policy.version,
      customers: report.customers,
      appended,
      replayed: report.replayed,
      refused: report.refused.length,
      startedAt,
      finishedAt: this.clock.now(),
    });
    return report;
  }

  /** One customer's batch: its commands by type, all ended alike. */
  private countCommands(commands: readonly Pick<CollectionCommand, 'type'>[], result: PolicyRunCommandResult): void {
    if (commands.length === 0) return;
    const byType = new Map<string, number>();
    for (const { type } of commands) byType.set(type, (byType.get(type) ?? 0) + 1);
    for (const [type, count] of byType) this.metrics.runCommandsSettled(type, result, count);
  }
}
