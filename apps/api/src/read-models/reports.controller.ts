import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Clock } from '@collections/domain';
import { listWrittenOffAccounts, queryAging, queryDisputeCauses, queryKpis, queryPostMortem } from '@collections/projections';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { CustomerPath } from '../accounts/requests';
import { RequirePermission } from '../auth/auth.decorators';
import { CLOCK } from '@collections/platform';
import { NotFoundError } from '../problems/problem-details';
import {
  AgingQuery,
  DisputeCausesQuery,
  KpiQuery,
  MAX_PAGE_SIZE,
  WrittenOffQuery,
  requireOrdered,
  requireReportPeriod,
} from './read-model-requests';
import { ProblemResponses } from '../problems/problem-responses';

/** What managers and analysts read: aging, KPIs, dispute causes, post-mortems. */
@ApiTags('Reports')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403)
@Controller()
export class ReportsController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Open balances by days past due as of any date, in minor units; `groupBy=customer` adds each
   * customer's, largest first, a page of them (`customerCount` says how many there are).
   */
  @Get('aging')
  @RequirePermission('ReadReports')
  aging(@Query() { asOf, currency, groupBy, page = 1, pageSize = MAX_PAGE_SIZE }: AgingQuery) {
    return queryAging(this.readStore, { asOf: asOf ?? this.clock.today(), currency, groupBy, page, pageSize });
  }

  /** DSO (standard, count-back, best possible), average days delinquent, CEI, promise-kept and roll rates, collected. */
  @Get('kpis')
  @RequirePermission('ReadReports')
  kpis(@Query() { from, to, currency, collectorId }: KpiQuery) {
    requireReportPeriod(from, to);
    return queryKpis(this.readStore, { from, to, currency, collectorId });
  }

  /** Disputed amounts by complaint category per period: the feedback loop to management. */
  @Get('reports/dispute-causes')
  @RequirePermission('ReadReports')
  disputeCauses(@Query() { from, to, currency, period = 'month' }: DisputeCausesQuery) {
    requireReportPeriod(from, to);
    return queryDisputeCauses(this.readStore, { from, to, currency, period });
  }

  /** Written-off accounts, latest write-off first. */
  @Get('post-mortems')
  @RequirePermission('ReadReports')
  writtenOffAccounts(@Query() { from, to, page = 1, pageSize = 50 }: WrittenOffQuery) {
    requireOrdered(from, to);
    return listWrittenOffAccounts(this.readStore, { from, to, page, pageSize });
  }

  /** The path a written-off account took, with its root cause and action items. */
  @Get('post-mortems/:customerId')
  // A response declared on the method replaces the plugin's default 200, so the 200 is declared too.
  @ApiResponse({ status: 200, description: 'The post-mortem of the account' })
  @ProblemResponses(404)
  @RequirePermission('ReadReports')
  async postMortem(@Param() { customerId }: CustomerPath) {
    const postMortem = await queryPostMortem(this.readStore, customerId);
    if (!postMortem) throw new NotFoundError(`Nothing was written off for customer ${customerId}`);
    return postMortem;
  }
}
