import { Body, Controller, Post, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Actor } from '@collections/accounts';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { ProblemResponses } from '../problems/problem-responses';
import { InboundMailRecorded } from './inbound-mail-responses';
import { InboundMail } from './inbound-mail.service';

/**
 * Replies to letters as a mail provider's inbound-parse webhook delivers them: the raw message
 * (message/rfc822). The same message posted again is answered 200 with the same reply and appends
 * nothing.
 */
@ApiTags('Replies')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403, 413, 415, 422)
@Controller('inbound-mail')
export class InboundMailController {
  constructor(private readonly inbound: InboundMail) {}

  /** Record a reply to a letter: a person's reply pauses dunning until handled; an automatic reply pauses nothing; a bounce marks the letter failed. */
  @Post()
  @RequirePermission('RecordReply')
  @ApiConsumes('message/rfc822')
  @ApiBody({ description: 'The message as it arrived, headers and MIME body (RFC 5322)', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 201, description: 'Recorded', type: InboundMailRecorded })
  @ApiResponse({ status: 200, description: 'Recorded before: the same reply, nothing appended', type: InboundMailRecorded })
  async receive(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InboundMailRecorded> {
    // Any other media type is read and dropped by the body parsers (request-body.ts): nothing to read here.
    if (!Buffer.isBuffer(body)) throw new UnsupportedMediaTypeException('Send the message as it arrived, as Content-Type: message/rfc822');
    const { appended, ...recorded } = await this.inbound.record(body, { actor });
    void reply.status(appended ? 201 : 200);
    return recorded;
  }
}
