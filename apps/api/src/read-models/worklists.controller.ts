import { Controller, ForbiddenException, Get, Headers, HttpStatus, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
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
import { entityTag, noneMatchHolds } from './conditional-read';

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
  @ApiOkResponse({
    description: 'A page of the worklist',
    type: Worklist,
    headers: {
      ETag: {
        description: 'Names this answer: send it back in `If-None-Match` to be told `304` while the list has not changed',
        schema: { type: 'string' },
      },
    },
  })
  @ApiResponse({
    status: HttpStatus.NOT_MODIFIED,
    description: 'The page is still the one `If-None-Match` names: no body',
    headers: { ETag: { description: 'The same tag', schema: { type: 'string' } } },
  })
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'The `ETag` of the page last read: a `304` with no body answers when it is still the page (polling costs almost nothing)',
  })
  @RequirePermission('ReadWorklist')
  async worklist(
    @Param() { collectorId }: WorklistPath,
    @Query() query: WorklistQuery,
    @CurrentActor() actor: Actor,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Worklist | undefined> {
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
    const question = `worklist ${JSON.stringify(selection)}`;
    const paging = { page: query.page, pageSize: query.pageSize };
    // Read before the answer is computed, so that a tag is never newer than the page it names.
    const version = this.answers.version;
    if (version !== undefined) {
      const tag = entityTag(version, question, paging);
      reply.header('ETag', tag);
      if (noneMatchHolds(ifNoneMatch, tag)) return this.notModified(reply);
    }
    // Every page of the same list, and every collector asking again, reads the one sorted list.
    const items = await this.answers.answer(question, () => sortedWorklist(this.readStore, selection));
    const page = worklistPage(items, { ...selection, ...paging });
    if (version === undefined) {
      // Another process keeps the read models: the tag names the whole list, so that a change on
      // any page changes every page's tag (a client polling the first page sees it).
      const tag = entityTag(question, paging, items);
      reply.header('ETag', tag);
      if (noneMatchHolds(ifNoneMatch, tag)) return this.notModified(reply);
    }
    return page;
  }

  private notModified(reply: FastifyReply): undefined {
    reply.status(HttpStatus.NOT_MODIFIED);
    return undefined;
  }
}
