import { PendingLetters } from '@collections/letters';
import { BusinessDate, daysBetween } from '@collections/domain';
import { DayReport, PolicyEngine, RunDateInFutureError } from '@collections/policy-engine';
import { EXIT, ExitCode } from '../exit-codes';
import { openEngineContext } from './engine-context';
import { NO_PROGRESS, Progress, progressBar } from '../progress';

export interface PolicyRunOptions {
  date?: BusinessDate;
  from?: BusinessDate;
  to?: BusinessDate;
  progress?: boolean;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** One line per day: what the policy asked for, by command. */
export function describeDay(report: DayReport): string {
  const appended = Object.entries(report.appended)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, n]) => `${type} ${count(n ?? 0)}`);
  const total = Object.values(report.appended).reduce((sum, n) => sum + (n ?? 0), 0);
  return (
    `${report.date} (policy ${report.policy.name} v${report.policy.version}): ` +
    `${total === 0 ? 'nothing new' : `${count(total)} commands for ${count(report.customers)} customers (${appended.join(', ')})`}` +
    `${report.replayed > 0 ? `, ${count(report.replayed)} already done` : ''}` +
    `${report.refused.length > 0 ? `, ${count(report.refused.length)} customers refused` : ''}` +
    describePaused(report.paused)
  );
}

/** The customers the cash rules left alone, by reason: money they paid waits to be applied or identified. */
function describePaused(paused: DayReport['paused']): string {
  if (paused.length === 0) return '';
  const byReason = new Map<string, number>();
  for (const { reason } of paused) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  const reasons = [...byReason].sort(([a], [b]) => a.localeCompare(b)).map(([reason, n]) => `${reason} ${count(n)}`);
  return `, ${count(paused.length)} customers paused for cash (${reasons.join(', ')})`;
}

/** The letters still to go: those waiting for a retry, and those a run that died still holds. */
export function describeWaiting({ pending, claimed, claimedUntil }: PendingLetters): string {
  const waiting = `${count(pending - claimed)} waiting to be retried`;
  if (claimed === 0 || claimedUntil === undefined) return waiting;
  return `${waiting}, ${count(claimed)} claimed by an earlier run until ${claimedUntil.slice(11, 16)} UTC (then retried)`;
}

/**
 * `collections policy run`: runs the policy engine for one business date, or for each date of a
 * range in order, through the same command side as the api (whether or not the api runs: the
 * engine folds the accounts from the event store itself), then writes the letters of the
 * reminders and notices sent and delivers them. Running a date again appends nothing.
 */
export async function runPolicy(options: PolicyRunOptions): Promise<ExitCode> {
  const from = options.date ?? options.from;
  const to = options.date ?? options.to;
  if (from === undefined || to === undefined || (options.date !== undefined && (options.from ?? options.to) !== undefined)) {
    process.stderr.write('error: give either --date YYYY-MM-DD or both --from YYYY-MM-DD and --to YYYY-MM-DD\n');
    return EXIT.usage;
  }
  if (to < from) {
    process.stderr.write(`error: --to ${to} is before --from ${from}\n`);
    return EXIT.usage;
  }
  const opened = await openEngineContext();
  if ('exit' in opened) return opened.exit;
  const { app } = opened;
  const engine = app.get(PolicyEngine);
  const days = daysBetween(from, to) + 1;
  // Over days for a range; over customers for one date (a large book takes seconds).
  const showProgress = options.progress ?? process.stderr.isTTY;
  let progress: Progress = days > 1 && showProgress ? progressBar(days, 'days') : NO_PROGRESS;
  const onCustomer =
    days === 1 && showProgress
      ? (done: number, total: number) => {
          if (progress === NO_PROGRESS) progress = progressBar(total, 'customers');
          progress.advance(1, done);
        }
      : undefined;
  let refused = 0;
  try {
    await engine.runDays(from, to, {
      onCustomer,
      onDay: (report) => {
        refused += report.refused.length;
        if (days > 1) progress.advance(1);
        else progress.stop();
        process.stdout.write(`${describeDay(report)}\n`);
        for (const { customerId, reason } of report.refused) process.stderr.write(`  customer ${customerId}: refused: ${reason}\n`);
      },
    });
    progress.stop();
    const letters = await engine.writeAndDeliverLetters();
    process.stdout.write(`Letters: ${count(letters.delivered)} delivered, ${describeWaiting(await engine.lettersWaiting())}.\n`);
  } catch (error) {
    progress.stop();
    if (error instanceof RunDateInFutureError) {
      process.stderr.write(`error: --${options.date === undefined ? 'to' : 'date'} ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(
      `error: the policy run stopped: ${(error as Error).message}\n` +
        `What was appended stays; running the same dates again completes it (from ${from} to ${to}).\n`,
    );
    return EXIT.failed;
  } finally {
    await app.close();
  }
  return refused > 0 ? EXIT.refused : EXIT.ok;
}
