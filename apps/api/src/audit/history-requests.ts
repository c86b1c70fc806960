import { IsOptional } from 'class-validator';
import { IsBusinessDate, IsOneOf } from '../accounts/validation';
import { IsQueryInteger } from '../read-models/read-model-requests';

/** Query strings of the auditor's replay: the state as of a day, a page of the history, its export. */

export class StateQuery {
  /** Fold only events whose business date is on or before this day; defaults to today. */
  @IsOptional() @IsBusinessDate() asOf?: string;
}

/** The most events one page of a history holds (`maxCount`); page on with `fromRevision`. */
export const MAX_HISTORY_EVENTS = 100_000;

export class HistoryQuery {
  /** Start at this 0-based revision (for paging through a long history). */
  @IsOptional() @IsQueryInteger(0, Number.MAX_SAFE_INTEGER) fromRevision?: number;
  /** At most this many events. */
  @IsOptional() @IsQueryInteger(1, MAX_HISTORY_EVENTS) maxCount?: number;
}

export class ExportQuery {
  @IsOptional() @IsOneOf(['jsonl', 'csv']) format?: 'jsonl' | 'csv';
}
