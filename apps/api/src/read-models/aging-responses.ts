import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate, CurrencyCode } from '@collections/domain';
import type * as projections from '@collections/projections';
import { AGING_BUCKETS } from '@collections/projections';
import { ComponentSchema } from '../openapi/component-schemas';
import { BusinessDateProperty, CountProperty, CurrencyProperty, MINOR_UNITS, MinorUnitsProperty } from '../openapi/response-properties';

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
}

export class AgingReport implements projections.AgingReport {
  /** Balances open at the end of this day. */
  @BusinessDateProperty() asOf!: BusinessDate;
  @CurrencyProperty() currency!: CurrencyCode;
  @ApiProperty({ type: AgingBucketsSchema })
  buckets!: projections.AgingBuckets;
  @MinorUnitsProperty() total!: number;
  /** Under open dispute on that date, reported beside the buckets (it is inside them too). */
  @MinorUnitsProperty() disputed!: number;
  /** With `groupBy=customer`: a page of the customers, largest total first. */
  @ApiProperty({ type: [CustomerAging], required: false })
  customers?: CustomerAging[];
  /** With `groupBy=customer`: how many customers have something open or disputed, over all pages. */
  @CountProperty() customerCount?: number;
}
