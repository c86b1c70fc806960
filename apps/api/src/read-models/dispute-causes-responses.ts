import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { BusinessDate, CurrencyCode, DISPUTE_CATEGORIES, DisputeCategory } from '@collections/domain';
import type * as projections from '@collections/projections';
import { ComponentSchema } from '../openapi/component-schemas';
import { BusinessDateProperty, CountProperty, CurrencyProperty, MinorUnitsProperty } from '../openapi/response-properties';

/** What GET /reports/dispute-causes answers: the projection's report, described. */

export class DisputedAmount implements projections.DisputedAmount {
  /** Disputed minor units (deductions included). */
  @MinorUnitsProperty() amount!: number;
  /** How many disputes. */
  @CountProperty() count!: number;
}

/** One field per complaint category of DISPUTE_CATEGORIES, zeros included. */
@ComponentSchema('DisputedByCategory', {
  type: 'object',
  description: 'Per complaint category, every one of them, zeros included',
  properties: Object.fromEntries(DISPUTE_CATEGORIES.map((category) => [category, { $ref: getSchemaPath(DisputedAmount) }])),
  required: [...DISPUTE_CATEGORIES],
})
export class DisputedByCategorySchema {}

export class DisputeCausesPeriod {
  /** `2024-05` for a month, `2024-Q2` for a quarter. */
  @ApiProperty({ pattern: '^[0-9]{4}-([0-9]{2}|Q[1-4])$', example: '2024-05' })
  period!: string;
  @ApiProperty({ type: DisputedByCategorySchema })
  categories!: projections.DisputedByCategory;
}

export class TimeToResolve implements projections.TimeToResolve {
  /** Disputes raised in the range and resolved (whenever). */
  @CountProperty() resolved!: number;
  /** Median days from raised to resolved, one decimal; null when none was resolved. */
  @ApiProperty({ type: 'number', minimum: 0, nullable: true })
  medianDays!: number | null;
  /** Mean days from raised to resolved, one decimal; null when none was resolved. */
  @ApiProperty({ type: 'number', minimum: 0, nullable: true })
  meanDays!: number | null;
  /** Disputes raised in the range still open on `asOf` with their target date before it. */
  @CountProperty() openPastTarget!: number;
}

export class OwnerTeamTimeToResolve extends TimeToResolve implements projections.OwnerTeamTimeToResolve {
  /** The team that owns (or owned, when it was resolved) the disputes; null: nobody did. */
  @ApiProperty({ type: 'string', nullable: true })
  ownerTeam!: string | null;
}

/** One field per complaint category of DISPUTE_CATEGORIES. */
@ComponentSchema('TimeToResolveByCategory', {
  type: 'object',
  description: 'Per complaint category, every one of them',
  properties: Object.fromEntries(DISPUTE_CATEGORIES.map((category) => [category, { $ref: getSchemaPath(TimeToResolve) }])),
  required: [...DISPUTE_CATEGORIES],
})
export class TimeToResolveByCategorySchema {}

export class TimesToResolve implements projections.TimesToResolve {
  @ApiProperty({ type: TimeToResolveByCategorySchema })
  byCategory!: Record<DisputeCategory, TimeToResolve>;
  /** Teams by name, the disputes nobody owns last. */
  @ApiProperty({ type: [OwnerTeamTimeToResolve] })
  byOwnerTeam!: OwnerTeamTimeToResolve[];
}

export class DisputeCausesReport implements projections.DisputeCausesReport {
  @BusinessDateProperty() from!: BusinessDate;
  @BusinessDateProperty() to!: BusinessDate;
  @CurrencyProperty() currency!: CurrencyCode;
  period!: projections.DisputePeriod;
  /** Every period that overlaps the range, oldest first, with every category. */
  @ApiProperty({ type: [DisputeCausesPeriod] })
  periods!: DisputeCausesPeriod[];
  /** Per category over the whole range. */
  @ApiProperty({ type: DisputedByCategorySchema })
  totals!: projections.DisputedByCategory;
  /** The day "open past target" is judged on: today. */
  @BusinessDateProperty() asOf!: BusinessDate;
  /** Of the disputes raised in the range, per category and owner team: how many were resolved, in how many days, how many are open past target. */
  @ApiProperty({ type: TimesToResolve })
  timeToResolve!: TimesToResolve;
}
