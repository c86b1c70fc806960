import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy, buildMessage } from 'class-validator';
import { BusinessDate, daysBetween } from '@collections/domain';
import {
  ESCALATION_PROPOSAL_STATUSES,
  EscalationProposalStatus,
  SEGMENTS,
  Segment,
  WORKLIST_STATES,
  WorklistState,
} from '@collections/projections';
import { IsBusinessDate, IsCurrencyCode, IsEntityId, IsInstant, IsOneOf } from '../accounts/validation';
import { RequestValidationError } from '../problems/problem-details';

/**
 * Query strings of the read-model endpoints; numbers arrive as text and are converted here.
 * Every parameter that makes a query's work grow has a bound (docs/api.md#limits), and a request
 * past it is refused with a 400 naming the field rather than served slowly.
 */

/** Pages of a list: skipping is work too, so deep pages are refused (narrow the query instead). */
export const MAX_PAGE = 1_000;
export const MAX_PAGE_SIZE = 500;
/**
 * The longest period a report covers: ten years of days, three leap days included. Its work
 * grows with each period, and such a range touches at most MAX_REPORT_MONTHS months.
 */
export const MAX_REPORT_DAYS = 3_653;
/** What MAX_REPORT_DAYS allows at most: 121 months (both ends may be partial months) or 41 quarters. */
export const MAX_REPORT_MONTHS = 121;
export const MAX_REPORT_QUARTERS = 41;

const DIGITS = /^[0-9]{1,16}$/;

/**
 * A whole number in a query string, from `min` to `max`, written in plain digits: no sign,
 * exponent, hex, fraction or spaces ("1e3", "0x10" and " 5" are refused, not read as numbers).
 * One rule, so a bad value gets one message.
 */
export const IsQueryInteger = (min: number, max: number) =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && DIGITS.test(value) ? Number(value) : value)),
    ValidateBy({
      name: 'isQueryInteger',
      validator: {
        validate: (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max,
        defaultMessage: buildMessage(() => `$property must be a whole number from ${min} to ${max}, written in digits`),
      },
    }),
    ApiProperty({ type: 'integer', minimum: min, maximum: max, required: false }),
  );

export class Paging {
  @IsOptional() @IsQueryInteger(1, MAX_PAGE) page?: number;
  @IsOptional() @IsQueryInteger(1, MAX_PAGE_SIZE) pageSize?: number;
}

/** With `groupBy=customer`, `page` and `pageSize` page through the customers (500 by default). */
export class AgingQuery extends Paging {
  /** Balances open at the end of this day; defaults to today. */
  @IsOptional() @IsBusinessDate() asOf?: string;
  @IsCurrencyCode() currency!: string;
  @IsOptional() @IsOneOf(['customer']) groupBy?: 'customer';
  /**
   * As known at this instant: only what was recorded by then counts (a payment posted later, even
   * back-dated, does not), so a figure can be shown as it was reported. A future instant is now.
   */
  @IsOptional() @IsInstant() knownAt?: string;
}

export class WorklistPath {
  /** A collector's id, or `unassigned` for the accounts nobody is assigned to. */
  @IsEntityId() collectorId!: string;
}

export class WorklistQuery extends Paging {
  @IsOptional() @IsOneOf(WORKLIST_STATES) state?: WorklistState;
  @IsOptional() @IsOneOf(SEGMENTS) segment?: Segment;
  @IsOptional() @IsCurrencyCode() currency?: string;
}

export class AuditTrailQuery {
  @IsOptional() @IsEntityId() invoiceId?: string;
  @IsOptional() @IsBusinessDate() from?: string;
  @IsOptional() @IsBusinessDate() to?: string;
}

/** A period of business dates, both ends inclusive. */
export class PeriodQuery {
  @IsBusinessDate() from!: string;
  @IsBusinessDate() to!: string;
  @IsCurrencyCode() currency!: string;
}

export class KpiQuery extends PeriodQuery {
  @IsOptional() @IsEntityId() collectorId?: string;
  /** As known at this instant: only what was recorded by then counts (see GET /aging). A future instant is now. */
  @IsOptional() @IsInstant() knownAt?: string;
}

export class DisputeCausesQuery extends PeriodQuery {
  @IsOptional() @IsOneOf(['month', 'quarter']) period?: 'month' | 'quarter';
}

export class WrittenOffQuery extends Paging {
  @IsOptional() @IsBusinessDate() from?: string;
  @IsOptional() @IsBusinessDate() to?: string;
}

export class EscalationProposalsQuery extends Paging {
  /** `pending` (the default): the queue a manager works through. */
  @IsOptional() @IsOneOf(ESCALATION_PROPOSAL_STATUSES) status?: EscalationProposalStatus;
}

/** Cross-field rule class-validator cannot express on one field. */
export function requireOrdered(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && from > to) {
    throw new RequestValidationError([{ pointer: '/from', detail: `from (${from}) must not be after to (${to})` }]);
  }
}

/** A report's period: ordered, and at most MAX_REPORT_DAYS long (its work grows with each month). */
export function requireReportPeriod(from: BusinessDate, to: BusinessDate): void {
  requireOrdered(from, to);
  if (daysBetween(from, to) + 1 > MAX_REPORT_DAYS) {
    throw new RequestValidationError([
      { pointer: '/to', detail: `a report covers at most ${MAX_REPORT_DAYS} days (ten years); ${from} to ${to} is longer` },
    ]);
  }
}
