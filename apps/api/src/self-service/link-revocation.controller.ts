import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandOrigin } from '@collections/accounts';
import { Clock } from '@collections/domain';
import { LETTER_OUTBOX, LetterOutbox } from '@collections/letters';
import { CLOCK } from '@collections/platform';
import { RequirePermission } from '../auth/auth.decorators';
import { AccountCommandController, CommandEndpoints, OptionalBody } from '../accounts/account-command.controller';
import { Origin } from '../accounts/command-origin.decorator';
import { CommandRecorded } from '../accounts/command-responses';
import { NotFoundError } from '../problems/problem-details';
import { CustomerLetterPath, RevokeLinkBody } from './self-service-requests';

/**
 * A manager withdraws the link of one letter (sent to a wrong address, forwarded to someone
 * else): from then on it opens nothing, whatever its expiry, and the customer is offered a fresh
 * one. The customer's other letters' links keep working.
 */
@ApiTags('Customer self-service')
@CommandEndpoints()
@Controller('customers/:customerId/letters/:letterId')
export class LinkRevocationController extends AccountCommandController {
  constructor(
    bus: CommandBus,
    @Inject(CLOCK) clock: Clock,
    @Inject(LETTER_OUTBOX) private readonly outbox: LetterOutbox,
  ) {
    super(bus, clock);
  }

  /** Revoke the link of a letter the customer was sent: 404 for a letter not theirs, 409 once revoked. */
  @Post('link-revocation')
  @OptionalBody(RevokeLinkBody)
  @RequirePermission('RevokeCustomerLink')
  async revoke(
    @Param() { customerId, letterId }: CustomerLetterPath,
    @Body() body: RevokeLinkBody,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandRecorded> {
    const letter = await this.outbox.letter(letterId);
    if (letter === undefined || letter.customerId !== customerId) {
      throw new NotFoundError(`Customer ${customerId} was sent no letter ${letterId}`);
    }
    const data = { letterId, revokedOn: this.dateOr(undefined), ...(body.reason === undefined ? {} : { reason: body.reason }) };
    return this.execute(customerId, { type: 'RevokeCustomerLink', data }, origin);
  }
}
