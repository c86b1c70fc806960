import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate, CurrencyCode } from '@collections/domain';
import type * as prediction from '@collections/payment-prediction';
import { BusinessDateProperty, CurrencyProperty, MinorUnitsProperty } from '../openapi/response-properties';

/** What GET /forecasts/cash answers: expected collections per week, in minor units. */

export class CashForecastWeek implements prediction.CashForecastWeek {
  /** The week's Monday. */
  @BusinessDateProperty() weekStart!: BusinessDate;
  /** Expected to be collected that week. */
  @MinorUnitsProperty() expected!: number;
  /** The range's low end: ≤ expected. */
  @MinorUnitsProperty() low!: number;
  /** The range's high end: ≥ expected. */
  @MinorUnitsProperty() high!: number;
}

export class CashForecast implements prediction.CashForecast {
  @CurrencyProperty() currency!: CurrencyCode;
  @ApiProperty({ type: [CashForecastWeek] })
  weeks!: CashForecastWeek[];
  /** Expected after the last week: the weeks' `expected` and this add up to everything open in the currency. */
  @MinorUnitsProperty() beyond!: number;
}
