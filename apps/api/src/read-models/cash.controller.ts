import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { listUnappliedCash, listUnidentifiedCash } from '@collections/projections';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { Clock } from '@collections/domain';
import { CLOCK } from '@collections/platform';
import { RequirePermission } from '../auth/auth.decorators';
import { ProblemResponses } from '../problems/problem-responses';
import { UnappliedCashQuery, UnidentifiedCashQuery } from './cash-requests';
import { UnappliedCashPage, UnidentifiedCashPage } from './cash-responses';

/** Items in a page of a cash queue unless `limit` says. */
const DEFAULT_LIMIT = 50;

/** The cash queues: money on customers' accounts still to apply, and money nobody is known for yet. */
@ApiTags('Cash')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403)
@Controller('cash')
export class CashController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Cash on customers' accounts with something still unapplied, oldest received first, with what
   * was applied (by which rule) or refunded, and the customer's open invoices in its currency as
   * candidates, oldest due first, each with why, and the payments the customer reported making in
   * its currency in the last 30 days (hints). A page is `limit` items after `after`.
   */
  @Get('unapplied')
  @ApiOkResponse({ description: 'A page of the unapplied cash', type: UnappliedCashPage })
  @RequirePermission('ReadCash')
  unapplied(@Query() { customerId, currency, limit = DEFAULT_LIMIT, after }: UnappliedCashQuery): Promise<UnappliedCashPage> {
    return listUnappliedCash(this.readStore, { customerId, currency, limit, after, today: this.clock.today() });
  }

  /**
   * Cash nobody is known for, in one status (`waiting` by default: the queue to assign or
   * refund), oldest received first, with the customers the matcher thought of and why, and those
   * who reported paying exactly its amount in the last 30 days.
   */
  @Get('unidentified')
  @ApiOkResponse({ description: 'A page of the unidentified cash', type: UnidentifiedCashPage })
  @RequirePermission('ReadCash')
  unidentified(@Query() { status = 'waiting', limit = DEFAULT_LIMIT, after }: UnidentifiedCashQuery): Promise<UnidentifiedCashPage> {
    return listUnidentifiedCash(this.readStore, { status, limit, after, today: this.clock.today() });
  }
}
