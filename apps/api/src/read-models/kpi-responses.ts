import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate, CurrencyCode } from '@collections/domain';
import type * as projections from '@collections/projections';
import { AGING_BUCKETS } from '@collections/projections';
import { BusinessDateProperty, CurrencyProperty, InstantProperty, MinorUnitsProperty } from '../openapi/response-properties';

/**
 * What GET /kpis answers: the projection's KPI report, described. Days and percentages are
 * rounded to 2 decimals; null where the figure's denominator is zero.
 */

export class RollRate implements projections.RollRate {
  @ApiProperty({ enum: AGING_BUCKETS })
  from!: projections.AgingBucket;
  @ApiProperty({ enum: AGING_BUCKETS })
  to!: projections.AgingBucket;
  /**
   * Of the money in `from` 30 days before the end (per invoice), the share found in `to` at the end, × 100:
   * 0 to 100; money already further on, or new in the window, does not count as having rolled.
   */
  percent!: number | null;
}

/** The customers' unapplied cash that CEI counts as collected already (each customer's, up to what they owe, oldest due first). */
export class KpiUnappliedCash {
  /** Against AR at the close of the day before `from`. */
  @MinorUnitsProperty() beginning!: number;
  /** Against AR at the close of `to`. */
  @MinorUnitsProperty() ending!: number;
  /** The part of `ending` against AR not yet due. */
  @MinorUnitsProperty() endingCurrent!: number;
}

export class KpiReport implements projections.KpiReport {
  @BusinessDateProperty() from!: BusinessDate;
  @BusinessDateProperty() to!: BusinessDate;
  @CurrencyProperty() currency!: CurrencyCode;
  /** Only the customers currently assigned to this collector, when asked. */
  collectorId?: string;
  /** With `knownAt`: the instant (in UTC) the figures are as known at; only what was recorded by then counts. */
  @InstantProperty() knownAt?: string;
  /** Days sales outstanding: ending AR / credit sales × days in the period. */
  dso!: number | null;
  countBackDso!: number | null;
  /** Current (not yet due) AR at the end / credit sales × days in the period. */
  bestPossibleDso!: number | null;
  /** DSO − best possible DSO. */
  averageDaysDelinquent!: number | null;
  /** Collection effectiveness index, a percentage, with AR net of the unapplied cash against it (`unappliedCash`). */
  cei!: number | null;
  /** Kept / (kept + broken) × 100, over the promises that came due in the period. */
  promiseKeptRate!: number | null;
  /** From each aging bucket into the next, over the 30 days before `to`. */
  @ApiProperty({ type: [RollRate] })
  rollRates!: RollRate[];
  /** Cash received in the period: payments, and cash received on account (the day it came, not again when applied) less what of it was refunded. */
  @MinorUnitsProperty() collected!: number;
  /** Recoveries on written-off invoices received in the period. */
  @MinorUnitsProperty() recovered!: number;
  /** Invoices issued in the period. */
  @MinorUnitsProperty() creditSales!: number;
  /** AR at the close of `to`. */
  @MinorUnitsProperty() endingAr!: number;
  /** The part of `endingAr` not yet due. */
  @MinorUnitsProperty() endingCurrentAr!: number;
  /** AR at the close of the day before `from`. */
  @MinorUnitsProperty() beginningAr!: number;
  @ApiProperty({ type: KpiUnappliedCash })
  unappliedCash!: KpiUnappliedCash;
}
