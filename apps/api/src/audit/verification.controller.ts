import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { streamIdOf } from '@collections/domain';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { verifyStream } from '@collections/evidence';
import { RequirePermission } from '../auth/auth.decorators';
import { CustomerPath } from '../accounts/requests';
import { NotFoundError } from '../problems/problem-details';
import { ProblemResponses } from '../problems/problem-responses';
import { CustomerVerification } from './verification-responses';
import { verificationView } from './verification-view';

/**
 * Tamper evidence for one customer: the stream read from the event store (never a read model) and
 * checked against its hash chain, as `npm run cli -- verify --customer` does. Whoever may read the
 * history may check it: the hashes are in the history already, so the answer discloses nothing new.
 */
@ApiTags('Audit')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403, 404)
@Controller('customers/:customerId')
export class VerificationController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Whether the customer's recorded history is still what was written: the first break, if any. */
  @Get('verification')
  @ApiOkResponse({ description: "The stream's verification, 200 whether or not it verifies", type: CustomerVerification })
  @RequirePermission('ReadAccount')
  async verification(@Param() { customerId }: CustomerPath): Promise<CustomerVerification> {
    const verification = await verifyStream(this.store, streamIdOf(customerId));
    if (verification.lastRevision === undefined && verification.broken === undefined)
      throw new NotFoundError(`There is no collection account for customer ${customerId}`);
    return verificationView(customerId, verification);
  }
}
