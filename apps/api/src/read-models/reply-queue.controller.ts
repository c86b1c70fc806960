import { Controller, ForbiddenException, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UNASSIGNED } from '@collections/domain';
import { Actor } from '@collections/accounts';
import { listReplies } from '@collections/projections';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { ProblemResponses } from '../problems/problem-responses';
import { ReplyQueueQuery } from './replies-and-disputes-requests';
import { ReplyQueuePage } from './reply-queue-responses';

/** Items in a page unless `limit` says. */
const DEFAULT_LIMIT = 50;

/** What customers sent back to their letters, and their fresh-link requests: the queue collectors answer. */
@ApiTags('Replies')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403)
@Controller('replies')
export class ReplyQueueController {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /**
   * The messages in one status (`waiting` by default), oldest first, with what the customer wrote.
   * A collector reads their own customers' messages only; managers and auditors anyone's, or one
   * collector's (`unassigned`: the customers nobody is assigned to). Handling one is
   * `POST /customers/:customerId/replies/:replyId/handling`.
   */
  @Get()
  @ApiOkResponse({ description: 'A page of the reply queue', type: ReplyQueuePage })
  @RequirePermission('ReadReplies')
  replies(
    @Query() { status = 'waiting', collectorId, customerId, kind, limit = DEFAULT_LIMIT, cursor }: ReplyQueueQuery,
    @CurrentActor() actor: Actor,
  ): Promise<ReplyQueuePage> {
    if (actor.role === 'collector' && collectorId !== undefined && collectorId !== actor.id) {
      throw new ForbiddenException(`Collector ${actor.id} may read only their own customers' replies`);
    }
    const whose = actor.role === 'collector' ? actor.id : collectorId;
    return listReplies(this.readStore, {
      status,
      ...(whose === undefined ? {} : { collectorId: whose === UNASSIGNED ? null : whose }),
      customerId,
      kind,
      limit,
      cursor,
    });
  }
}
