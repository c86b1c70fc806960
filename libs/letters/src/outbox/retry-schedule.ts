/** How long a letter waits after a failed hand-over: doubling from the first delay, capped. */
export interface RetrySchedule {
  firstDelayMs: number;
  maxDelayMs: number;
}

/** 1, 2, 4, … minutes, then hourly: a mail server that is down for a day gets 30-odd tries. */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { firstDelayMs: 60_000, maxDelayMs: 3_600_000 };

/** The wait after the `attempts`-th failed hand-over (1 for the first). */
export function retryDelayMs(attempts: number, schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be 1 or more, not ${attempts}`);
  // The exponent stops growing long before 2^n could overflow into Infinity.
  return Math.min(schedule.maxDelayMs, schedule.firstDelayMs * 2 ** Math.min(attempts - 1, 40));
}
