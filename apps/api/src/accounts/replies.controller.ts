import { Body, ConflictException, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandOrigin } from '@collections/accounts';
import { DomainError } from '@collections/domain';
import { RequirePermission } from '../auth/auth.decorators';
import { NotFoundError } from '../problems/problem-details';
import { AccountCommandController, CommandEndpoints, OptionalBody } from './account-command.controller';
import { CommandRecorded } from './command-responses';
import { Origin } from './command-origin.decorator';
import { HandleReplyBody, ReplyPath } from './reply-requests';

/** The customer's side of the conversation, as collectors answer it: replies and fresh-link requests handled. */
@ApiTags('Replies')
@CommandEndpoints()
@Controller('customers/:customerId/replies')
export class RepliesController extends AccountCommandController {
  /**
   * Mark a reply (or a fresh-link request) handled, today: it leaves the reply queue, and once
   * nothing else waits the account is dunned and listed as before. 404 for a message the customer
   * never sent; 409 for one already handled, or an automatic one that waits for nobody.
   */
  @Post(':replyId/handling')
  @OptionalBody(HandleReplyBody)
  @RequirePermission('HandleReply')
  async handleReply(
    @Param() { customerId, replyId }: ReplyPath,
    @Body() body: HandleReplyBody,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandRecorded> {
    const data = { replyId, handledOn: this.dateOr(undefined), ...(body.note === undefined ? {} : { note: body.note }) };
    try {
      return await this.execute(customerId, { type: 'HandleReply', data }, origin);
    } catch (error) {
      // The queue's own words: a message that is not there, and one that waits for nobody.
      if (error instanceof DomainError && error.code === 'reply-not-found') throw new NotFoundError(error.message);
      if (error instanceof DomainError && error.code === 'reply-not-waiting') throw new ConflictException(error.message);
      throw error;
    }
  }
}
