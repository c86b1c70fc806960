import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate, CurrencyCode } from '@collections/domain';
import type * as projections from '@collections/projections';
import { AGING_BUCKETS } from '@collections/projections';
import { ComponentSchema } from '../openapi/component-schemas';
import {
  BusinessDateProperty,
  CountProperty,
  CurrencyProperty,
  InstantProperty,
  MINOR_UNITS,
  MinorUnitsProperty,
} from '../openapi/response-properties';

/** What GET /aging answers: the projection's aging report, described. */

/** Open minor units by days past due, one field per bucket of AGING_BUCKETS. */
@ComponentSchema('AgingBuckets', {
  type: 'object',
  description: 'Open minor units by days past due: not yet due (`current`), then by 30-day buckets',
  properties: Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, MINOR_UNITS])),
  required: [...AGING_BUCKETS],
})
export class AgingBucketsSchema {}

export class CustomerAging implements projections.CustomerAging {
  customerId!: string;
  @ApiProperty({ type: AgingBucketsSchema })
  buckets!: projections.AgingBuckets;
  /** Open in every bucket together. */
  @MinorUnitsProperty() total!: number;
  /** Under open dispute on that date, reported beside the buckets (it is inside them too). */
  @MinorUnitsProperty() disputed!: number;
  /** Cash on the customer's account not yet applied to any invoice at the close of that day (beside the buckets, not in them). */
  @MinorUnitsProperty() unappliedCash!: number;
}

export class AgingReport implements projections.AgingReport {
  /** Balances open at the end of this day. */
  @BusinessDateProperty() asOf!: BusinessDate;
  @CurrencyProperty() currency!: CurrencyCode;
  /** With `knownAt`: the instant (in UTC) the figures are as known at; only what was recorded by then counts. */
  @InstantProperty() knownAt?: string;
  @ApiProperty({ type: AgingBucketsSchema })
  buckets!: projections.AgingBuckets;
  @MinorUnitsProperty() total!: number;
  /** Under open dispute on that date, reported beside the buckets (it is inside them too). */
  @MinorUnitsProperty() disputed!: number;
  /**
   * Cash on the customers' accounts not yet applied to any invoice at the close of that day:
   * received by then, less what was applied or refunded by then. Beside the buckets, which it does
   * not reduce until it is applied; unidentified cash is nobody's yet and not in it.
   */
  @MinorUnitsProperty() unappliedCash!: number;
  /** With `groupBy=customer`: a page of the customers, largest total first. */
  @ApiProperty({ type: [CustomerAging], required: false })
  customers?: CustomerAging[];
  /** With `groupBy=customer`: how many customers have something open or disputed, or unapplied cash, over all pages. */
  @CountProperty() customerCount?: number;
}
