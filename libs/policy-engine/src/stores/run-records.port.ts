import { BusinessDate } from '@collections/domain';

/** What one engine run for one business date did. */
export interface RunRecord {
  businessDate: BusinessDate;
  policy: string;
  policyVersion: number;
  customers: number;
  appended: number;
  replayed: number;
  refused: number;
  startedAt: string;
  finishedAt: string;
}

/**
 * Which business dates the engine has run for, so a scheduled run after downtime knows where to
 * start. Losing them costs time, not correctness: every command the engine sends is idempotent.
 */
export interface RunRecords {
  /** Records a run; a date run again adds its appended commands and keeps the latest figures. */
  record(run: RunRecord): Promise<void>;
  /** The latest business date a run finished for. */
  lastRunDate(): Promise<BusinessDate | undefined>;
  /** The run recorded for a date. */
  runOn(date: BusinessDate): Promise<RunRecord | undefined>;
}
