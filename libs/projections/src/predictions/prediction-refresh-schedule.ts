import { Clock } from '@collections/domain';
import { ReadStore } from '@collections/read-store';
import { PredictionRefreshReport, refreshPaymentPredictions } from './prediction-refresh';

/** Where the schedule says what it did: the host's logger. */
export interface RefreshLog {
  info(message: string): void;
  error(message: string): void;
}

/**
 * The refresh of the predictions read model where the projections are hosted (the api in
 * embedded mode, `npm run start:projector` with MongoDB): once when started (after the first
 * catch-up) and every PREDICTION_REFRESH_HOURS; 0 hours, never. A failed refresh is logged and
 * tried again at the next tick: nothing here stops the process.
 */
export class PredictionRefreshSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PredictionRefreshReport | undefined> | undefined;
  private refreshesCompleted = 0;

  constructor(
    private readonly readStore: ReadStore,
    private readonly clock: Clock,
    readonly everyHours: number,
    private readonly log: RefreshLog,
  ) {}

  start(): void {
    if (this.everyHours <= 0 || this.timer !== undefined) return;
    this.log.info(`Refreshing the payment predictions now and every ${this.everyHours} h`);
    void this.refreshNow();
    this.timer = setInterval(() => void this.refreshNow(), this.everyHours * 3_600_000);
  }

  /** Refreshes completed so far: answers cached from the read models are stale once it moves. */
  get completed(): number {
    return this.refreshesCompleted;
  }

  /** Stops the timer, then waits for a refresh under way (its batches are short). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Refreshes; a call while one is under way joins it. Resolves with the report, or undefined when it failed (logged). */
  refreshNow(): Promise<PredictionRefreshReport | undefined> {
    this.running ??= this.refresh().finally(() => (this.running = undefined));
    return this.running;
  }

  private async refresh(): Promise<PredictionRefreshReport | undefined> {
    try {
      const report = await refreshPaymentPredictions(this.readStore, { today: this.clock.today(), now: this.clock.now() });
      this.refreshesCompleted += 1;
      this.log.info(describeRefresh(report));
      return report;
    } catch (error) {
      this.log.error(
        `Refreshing the payment predictions failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return undefined;
    }
  }
}

/** One line for logs and the CLI. */
export function describeRefresh(report: PredictionRefreshReport): string {
  const count = (n: number) => n.toLocaleString('en-US');
  return (
    `Fitted the payment model on ${count(report.settledInvoices)} settled invoices of ${count(report.customers)} customers; ` +
    `predicted ${count(report.predictionsRefreshed)} open invoices of ${count(report.customersRefreshed)} customers again as of ${report.asOf} ` +
    `(${count(report.skipped)} skipped: changed meanwhile) in ${report.seconds.toFixed(1)} s.`
  );
}
