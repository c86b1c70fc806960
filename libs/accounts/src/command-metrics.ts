/**
 * How a command ended: appended (`accepted`), recorded before (`replayed`, an Idempotency-Key
 * retry), refused by a business rule or a reused key (`refused`), refused before it reached the
 * command side (`invalid`, a 400 counted by the api), others kept changing the account
 * (`conflict`), or the store failed (`failed`).
 */
export type CommandResult = 'accepted' | 'replayed' | 'refused' | 'invalid' | 'conflict' | 'failed';

/**
 * What the command side reports to whoever counts (libs/metrics in the processes). Optional and
 * cheap: a process without metrics gets the no-op, so the write path pays nothing.
 */
export interface CommandMetrics {
  /** One command of `type` ended as `result` after `seconds`, queueing and retries included. */
  commandSettled(type: string, result: CommandResult, seconds: number): void;
  /** One append to the store, of `events` events. */
  appended(events: number): void;
}

export const COMMAND_METRICS = Symbol('CommandMetrics');

export const NO_COMMAND_METRICS: CommandMetrics = { commandSettled: () => undefined, appended: () => undefined };
