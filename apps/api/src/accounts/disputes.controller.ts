import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Clock, addDays } from '@collections/domain';
import { CLOCK } from '@collections/platform';
import { disputeRoutingOf } from '@collections/policy';
import { PoliciesInForce } from '@collections/policy-engine';
import { RequirePermission } from '../auth/auth.decorators';
import { AccountCommandController, CommandEndpoints } from './account-command.controller';
import { Origin } from './command-origin.decorator';
import { BusinessRuleRefusal } from '../problems/problem-details';
import { CommandOrigin, CustomerAccounts } from '@collections/accounts';
import { AssignDisputeBody, ClaimDeductionBody, CustomerPath, DisputePath, RaiseDisputeBody, ResolveDisputeBody } from './requests';

/** Deductions and disputes (procedure step 2), and the complaints behind non-payment. */
@ApiTags('Disputes and deductions')
@CommandEndpoints()
@Controller('customers/:customerId')
export class DisputesController extends AccountCommandController {
  constructor(
    commands: CommandBus,
    @Inject(CLOCK) clock: Clock,
    private readonly policies: PoliciesInForce,
    private readonly accounts: CustomerAccounts,
  ) {
    super(commands, clock);
  }

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

  /**
   * Give a dispute (or deduction) to an owner team, optionally a person in it, with a target date:
   * the policy's days for its category from today unless said. The team must be one of the policy's
   * (422 names them). The policy engine assigns every new dispute by the policy's routing; this is a
   * manager's reassignment.
   */
  @Post('disputes/:disputeId/assignment')
  @RequirePermission('AssignDispute')
  async assignDispute(@Param() { customerId, disputeId }: DisputePath, @Body() body: AssignDisputeBody, @Origin() origin: CommandOrigin) {
    const today = this.dateOr(undefined);
    // The policy the engine routes disputes by (as its reaction to a new dispute does).
    const { policy } = await this.policies.on(today, { adopt: false });
    const routing = disputeRoutingOf(policy);
    if (!routing.teams.includes(body.ownerTeam)) {
      const detail = `Team ${body.ownerTeam} is not one the policy gives disputes to: ${routing.teams.join(', ')}`;
      throw new BusinessRuleRefusal('unknown-owner-team', detail, [{ pointer: '/ownerTeam', detail }]);
    }
    const { state } = await this.accounts.load(customerId);
    const dispute = state.status === 'active' ? state.disputes.get(disputeId) : undefined;
    // Without a dispute there is no category to take a default from: the decider says what is wrong.
    const targetDays = dispute === undefined ? 0 : routing.routes[dispute.category].targetDays;
    const data = {
      disputeId,
      ownerTeam: body.ownerTeam,
      ...(body.ownerId === undefined ? {} : { ownerId: body.ownerId }),
      targetOn: body.targetOn ?? addDays(today, targetDays),
      assignedOn: today,
    };
    return this.execute(customerId, { type: 'AssignDispute', data }, origin);
  }

  /**
   * Reminds the owner of a dispute past its target date now, by the same e-mail the engine sends
   * on its daily run (once per target date: 422 `already-reminded` after that, `dispute-not-late`
   * before the target has passed).
   */
  @Post('disputes/:disputeId/owner-reminder')
  @RequirePermission('RemindDisputeOwner')
  remindDisputeOwner(@Param() { customerId, disputeId }: DisputePath, @Origin() origin: CommandOrigin) {
    return this.execute(customerId, { type: 'RemindDisputeOwner', data: { disputeId, remindedOn: this.dateOr(undefined) } }, origin);
  }
}
