import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/auth.decorators';
import { AccountCommandController, CommandEndpoints } from './account-command.controller';
import { Origin } from './command-origin.decorator';
import { CommandOrigin } from '@collections/accounts';
import { ClaimDeductionBody, CustomerPath, DisputePath, RaiseDisputeBody, ResolveDisputeBody } from './requests';

/** Deductions and disputes (procedure step 2), and the complaints behind non-payment. */
@ApiTags('Disputes and deductions')
@CommandEndpoints()
@Controller('customers/:customerId')
export class DisputesController extends AccountCommandController {
  /** Raise a dispute on an invoice. */
  @Post('disputes')
  @RequirePermission('RaiseDispute')
  raiseDispute(@Param() { customerId }: CustomerPath, @Body() body: RaiseDisputeBody, @Origin() origin: CommandOrigin) {
    return this.execute(customerId, { type: 'RaiseDispute', data: { ...body } }, origin);
  }

  /** Record a deduction the customer took when paying short. */
  @Post('deductions')
  @RequirePermission('ClaimDeduction')
  claimDeduction(@Param() { customerId }: CustomerPath, @Body() body: ClaimDeductionBody, @Origin() origin: CommandOrigin) {
    const data = { ...body, claimedOn: this.dateOr(body.claimedOn) };
    return this.execute(customerId, { type: 'ClaimDeduction', data }, origin);
  }

  /** Resolves a dispute or a deduction (they share ids). */
  @Post('disputes/:disputeId/resolution')
  @RequirePermission('ResolveDispute')
  resolveDispute(@Param() { customerId, disputeId }: DisputePath, @Body() body: ResolveDisputeBody, @Origin() origin: CommandOrigin) {
    const data = {
      disputeId,
      resolution: body.resolution,
      resolvedOn: this.dateOr(body.resolvedOn),
      ...(body.note === undefined ? {} : { note: body.note }),
      ...(body.credit === undefined ? {} : { credit: { ...body.credit } }),
    };
    return this.execute(customerId, { type: 'ResolveDispute', data }, origin);
  }
}
