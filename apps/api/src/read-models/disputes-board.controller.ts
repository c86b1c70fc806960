import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Clock } from '@collections/domain';
import { CLOCK } from '@collections/platform';
import { queryDisputeBoard } from '@collections/projections';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { RequirePermission } from '../auth/auth.decorators';
import { ProblemResponses } from '../problems/problem-responses';
import { DisputeBoard } from './dispute-board-responses';
import { DisputeBoardQuery } from './replies-and-disputes-requests';

/** Items in a page unless `limit` says. */
const DEFAULT_LIMIT = 50;

/** Disputes with their owners and target dates: who owns what, and what is late. */
@ApiTags('Disputes and deductions')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403)
@Controller('disputes')
export class DisputesBoardController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Disputes and deductions in one status (`open` by default), the most overdue first, filtered by
   * owner team or person and to those past their target (`pastTarget=true`) on `asOf` (today
   * unless said); with the open ones counted per owner.
   */
  @Get()
  @ApiOkResponse({ description: 'A page of the disputes board', type: DisputeBoard })
  @RequirePermission('ReadDisputeBoard')
  board(
    @Query() { status = 'open', ownerTeam, ownerId, pastTarget, asOf, limit = DEFAULT_LIMIT, cursor }: DisputeBoardQuery,
  ): Promise<DisputeBoard> {
    return queryDisputeBoard(this.readStore, {
      status,
      ownerTeam,
      ownerId,
      pastTarget: pastTarget === 'true',
      asOf: asOf ?? this.clock.today(),
      limit,
      cursor,
    });
  }
}
