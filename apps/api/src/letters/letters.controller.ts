import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CustomerLetter, LETTER_OUTBOX, LetterOutbox, StoredLetter, isCustomerLetter } from '@collections/letters';
import { RequirePermission } from '../auth/auth.decorators';
import { CustomerPath } from '../accounts/requests';
import { ProblemResponses } from '../problems/problem-responses';
import { CustomerLetters, SentLetter } from './letter-responses';

// What was sent and whether it arrived; the transport's bookkeeping (transport id, last attempt) stays in the outbox.
const letterView = ({
  letterId,
  kind,
  level,
  channel,
  tone,
  sentOn,
  invoiceIds,
  replyTo,
  subject,
  text,
  html,
  delivery,
}: CustomerLetter<StoredLetter>): SentLetter => ({
  letterId,
  kind,
  level,
  channel,
  tone,
  sentOn,
  invoiceIds,
  ...(replyTo === undefined ? {} : { replyTo }),
  subject,
  text,
  // The same letter as HTML; letters stored before the outbox kept it have the text only.
  ...(html === undefined ? {} : { html }),
  delivery: {
    state: delivery.state,
    attempts: delivery.attempts,
    ...(delivery.deliveredAt === undefined ? {} : { deliveredAt: delivery.deliveredAt }),
    ...(delivery.lastError === undefined ? {} : { lastError: delivery.lastError }),
    ...(delivery.nextAttemptAt === undefined ? {} : { nextAttemptAt: delivery.nextAttemptAt }),
    ...(delivery.failedAt === undefined ? {} : { failedAt: delivery.failedAt }),
  },
});

/**
 * The letters a customer was sent, as they went out: the text is the one stored when the
 * letter was rendered, whatever the templates say today, with where its delivery stands.
 */
@ApiTags('Letters')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403)
@Controller('customers/:customerId')
export class LettersController {
  constructor(@Inject(LETTER_OUTBOX) private readonly outbox: LetterOutbox) {}

  /** The letters the customer was sent, with their delivery. */
  @Get('letters')
  @ApiOkResponse({ description: 'The letters sent', type: CustomerLetters })
  @RequirePermission('ReadAccount')
  async letters(@Param() { customerId }: CustomerPath): Promise<CustomerLetters> {
    // A customer without letters has an empty list, not a 404: the outbox does not know accounts.
    // Staff mail about the customer (reminders to a dispute's owner) is not theirs to see.
    return { letters: (await this.outbox.lettersOf(customerId)).filter(isCustomerLetter).map(letterView) };
  }
}
