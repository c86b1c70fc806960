import { Controller, ForbiddenException, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Clock, UNASSIGNED } from '@collections/domain';
import { sortedWorklist, worklistPage } from '@collections/projections';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { Actor } from '@collections/accounts';
import { CLOCK } from '@collections/platform';
import { WorklistPath, WorklistQuery } from './read-model-requests';
import { ProblemResponses } from '../problems/problem-responses';
import { ReadModelAnswers } from './read-model-answers';
import { Worklist } from './worklist-responses';

@ApiTags('Worklists')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403)
@Controller('worklists')
export class WorklistsController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly answers: ReadModelAnswers,
  ) {}

  /**
   * A collector's items for today, `call_now` first, then by priority; `unassigned` lists the
   * accounts nobody is assigned to. Collectors may read only their own list.
   */
  @Get(':collectorId')
  @ApiOkResponse({ description: 'A page of the worklist', type: Worklist })
  @RequirePermission('ReadWorklist')
  async worklist(@Param() { collectorId }: WorklistPath, @Query() query: WorklistQuery, @CurrentActor() actor: Actor): Promise<Worklist> {
    if (actor.role === 'collector' && actor.id !== collectorId) {
      throw new ForbiddenException(`Collector ${actor.id} may read only their own worklist`);
    }
    const selection = {
      collectorId: collectorId === UNASSIGNED ? null : collectorId,
      today: this.clock.today(),
      state: query.state,
      segment: query.segment,
      currency: query.currency,
    };
    // Every page of the same list, and every collector asking again, reads the one sorted list.
    const items = await this.answers.answer(`worklist ${JSON.stringify(selection)}`, () => sortedWorklist(this.readStore, selection));
    return worklistPage(items, { ...selection, page: query.page, pageSize: query.pageSize });
  }
}
