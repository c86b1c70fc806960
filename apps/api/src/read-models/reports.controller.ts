import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
import { ProblemResponse, ProblemResponses } from '../problems/problem-responses';
import { AgingReport } from './aging-responses';
import { DisputeCausesReport, DisputedAmount, TimeToResolve } from './dispute-causes-responses';
import { KpiReport } from './kpi-responses';
import { PostMortem, WrittenOffAccounts } from './post-mortem-responses';

/** A report summing many accounts refuses a total it could not give exactly (TotalTooLargeError). */
const TotalTooLarge = () =>
  ProblemResponse(422, 'A total would pass 2^53 − 1 minor units, where it is no longer exact (`code` total-too-large): narrow the query');

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
   * `knownAt` gives them as known at an instant: as reported then, before later postings.
   */
  @Get('aging')
  @ApiOkResponse({ description: 'The aging report', type: AgingReport })
  @TotalTooLarge()
  @RequirePermission('ReadReports')
  aging(@Query() { asOf, currency, groupBy, page = 1, pageSize = MAX_PAGE_SIZE, knownAt }: AgingQuery): Promise<AgingReport> {
    return queryAging(this.readStore, { asOf: asOf ?? this.clock.today(), currency, groupBy, page, pageSize, knownAt });
  }

  /**
   * DSO (standard, count-back, best possible), average days delinquent, CEI, promise-kept and roll
   * rates, collected; `knownAt` gives them as known at an instant.
   */
  @Get('kpis')
  @ApiOkResponse({ description: 'The KPIs of the period', type: KpiReport })
  @TotalTooLarge()
  @RequirePermission('ReadReports')
  kpis(@Query() { from, to, currency, collectorId, knownAt }: KpiQuery): Promise<KpiReport> {
    requireReportPeriod(from, to);
    return queryKpis(this.readStore, { from, to, currency, collectorId, knownAt });
  }

  /**
   * Disputed amounts by complaint category per period: the feedback loop to management; and of
   * the disputes raised in the range, per category and owner team, how many were resolved, the
   * median and mean days it took, and how many are open past their target today.
   */
  @Get('reports/dispute-causes')
  @ApiOkResponse({
    description: 'Disputed amounts by category and period, and the time disputes take to resolve',
    type: DisputeCausesReport,
  })
  @TotalTooLarge()
  @RequirePermission('ReadReports')
  @ApiExtraModels(DisputedAmount, TimeToResolve)
  disputeCauses(@Query() { from, to, currency, period = 'month' }: DisputeCausesQuery): Promise<DisputeCausesReport> {
    requireReportPeriod(from, to);
    return queryDisputeCauses(this.readStore, { from, to, currency, period, asOf: this.clock.today() });
  }

  /** Written-off accounts, latest write-off first. */
  @Get('post-mortems')
  @ApiOkResponse({ description: 'A page of the written-off accounts', type: WrittenOffAccounts })
  @RequirePermission('ReadReports')
  writtenOffAccounts(@Query() { from, to, page = 1, pageSize = 50 }: WrittenOffQuery): Promise<WrittenOffAccounts> {
    requireOrdered(from, to);
    return listWrittenOffAccounts(this.readStore, { from, to, page, pageSize });
  }

  /** The path a written-off account took, with its root cause and action items. */
  @Get('post-mortems/:customerId')
  @ApiOkResponse({ description: 'The post-mortem of the account', type: PostMortem })
  @ProblemResponses(404)
  @RequirePermission('ReadReports')
  async postMortem(@Param() { customerId }: CustomerPath): Promise<PostMortem> {
    const postMortem = await queryPostMortem(this.readStore, customerId);
    if (!postMortem) throw new NotFoundError(`Nothing was written off for customer ${customerId}`);
    return postMortem;
  }
}
