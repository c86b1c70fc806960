import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Clock } from '@collections/domain';
import { CLOCK } from '@collections/platform';
import { queryCashForecast } from '@collections/projections';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { RequirePermission } from '../auth/auth.decorators';
import { ProblemResponses } from '../problems/problem-responses';
import { DEFAULT_FORECAST_WEEKS, CashForecastQuery } from './cash-forecast-requests';
import { CashForecast } from './cash-forecast-responses';

/** The treasury's view: when the open receivables are expected to come in. */
@ApiTags('Forecasts')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403)
@Controller('forecasts')
export class CashForecastController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Expected collections per week (Monday to Sunday) in one currency, with a 10–90% range, from
   * the predicted payment dates of the open invoices, where promises not yet due and payment-plan
   * installments in force take the model's place for what they cover.
   */
  @Get('cash')
  @ApiOkResponse({ description: 'Expected collections per week', type: CashForecast })
  @RequirePermission('ReadCashForecast')
  cash(@Query() { from, weeks = DEFAULT_FORECAST_WEEKS, currency }: CashForecastQuery): Promise<CashForecast> {
    return queryCashForecast(this.readStore, { from: from ?? this.clock.today(), weeks, currency });
  }
}
