import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/auth.decorators';
import { AccountCommandController, CommandEndpoints } from './account-command.controller';
import { Origin } from './command-origin.decorator';
import { CommandOrigin } from '@collections/accounts';
import {
  AssignCollectorBody,
  CustomerPath,
  DeclineEscalationBody,
  InitiateLegalActionBody,
  LiftCreditHoldBody,
  PlaceCreditHoldBody,
  ProposalPath,
  ProposeEscalationBody,
  RecallFromAgencyBody,
  RecommendCreditLimitChangeBody,
  RecordPostMortemBody,
  ReferToAgencyBody,
  ReferralPath,
  WriteOffBody,
} from './requests';

/** Assignment and the manager's escalations: credit, proposals, agency, legal, write-off, post-mortem (steps 1, 6, 8–11). */
@ApiTags('Assignment and escalation')
@CommandEndpoints()
@Controller('customers/:customerId')
export class EscalationController extends AccountCommandController {
  /** Assign the account to a collector. */
  @Post('assignment')
  @RequirePermission('AssignCollector')
  assignCollector(@Param() { customerId }: CustomerPath, @Body() body: AssignCollectorBody, @Origin() origin: CommandOrigin) {
    const data = { collectorId: body.collectorId, assignedOn: this.dateOr(body.assignedOn) };
    return this.execute(customerId, { type: 'AssignCollector', data }, origin);
  }

  /** Recommend a credit limit change. */
  @Post('credit-limit-recommendations')
  @RequirePermission('RecommendCreditLimitChange')
  recommendCreditLimitChange(
    @Param() { customerId }: CustomerPath,
    @Body() body: RecommendCreditLimitChangeBody,
    @Origin() origin: CommandOrigin,
  ) {
    const data = { ...body, recommendedOn: this.dateOr(body.recommendedOn) };
    return this.execute(customerId, { type: 'RecommendCreditLimitChange', data }, origin);
  }

  /** Place the account on credit hold. */
  @Post('credit-hold')
  @RequirePermission('PlaceCreditHold')
  placeCreditHold(@Param() { customerId }: CustomerPath, @Body() body: PlaceCreditHoldBody, @Origin() origin: CommandOrigin) {
    const data = { reason: body.reason, placedOn: this.dateOr(body.placedOn) };
    return this.execute(customerId, { type: 'PlaceCreditHold', data }, origin);
  }

  /** Lift the account's credit hold. */
  @Post('credit-hold/lift')
  @RequirePermission('LiftCreditHold')
  liftCreditHold(@Param() { customerId }: CustomerPath, @Body() body: LiftCreditHoldBody, @Origin() origin: CommandOrigin) {
    const data = { reason: body.reason, liftedOn: this.dateOr(body.liftedOn) };
    return this.execute(customerId, { type: 'LiftCreditHold', data }, origin);
  }

  /** Propose an agency referral or a write-off to managers. */
  @Post('escalation-proposals')
  @RequirePermission('ProposeEscalation')
  proposeEscalation(@Param() { customerId }: CustomerPath, @Body() body: ProposeEscalationBody, @Origin() origin: CommandOrigin) {
    // A proposal changes nothing on the invoices: a manager decides, then refers or writes off.
    const data = { ...body, proposedOn: this.dateOr(body.proposedOn) };
    return this.execute(customerId, { type: 'ProposeEscalation', data }, origin);
  }

  /** Decline a pending proposal, with the reason. Accepting one is the referral or write-off that names it (`proposalId`). */
  @Post('escalation-proposals/:proposalId/decline')
  @RequirePermission('DeclineEscalation')
  declineEscalation(
    @Param() { customerId, proposalId }: ProposalPath,
    @Body() body: DeclineEscalationBody,
    @Origin() origin: CommandOrigin,
  ) {
    const data = { proposalId, reason: body.reason, declinedOn: this.dateOr(body.declinedOn) };
    return this.execute(customerId, { type: 'DeclineEscalation', data }, origin);
  }

  /** Refer invoices to a collection agency; naming a pending agency-referral proposal accepts it. */
  @Post('agency-referrals')
  @RequirePermission('ReferToAgency')
  referToAgency(@Param() { customerId }: CustomerPath, @Body() body: ReferToAgencyBody, @Origin() origin: CommandOrigin) {
    const data = { ...body, referredOn: this.dateOr(body.referredOn) };
    return this.execute(customerId, { type: 'ReferToAgency', data }, origin);
  }

  /** Recall a referral from the agency. */
  @Post('agency-referrals/:referralId/recall')
  @RequirePermission('RecallFromAgency')
  recallFromAgency(@Param() { customerId, referralId }: ReferralPath, @Body() body: RecallFromAgencyBody, @Origin() origin: CommandOrigin) {
    const data = { referralId, reason: body.reason, recalledOn: this.dateOr(body.recalledOn) };
    return this.execute(customerId, { type: 'RecallFromAgency', data }, origin);
  }

  /** Initiate legal action on invoices. */
  @Post('legal-actions')
  @RequirePermission('InitiateLegalAction')
  initiateLegalAction(@Param() { customerId }: CustomerPath, @Body() body: InitiateLegalActionBody, @Origin() origin: CommandOrigin) {
    const data = { ...body, initiatedOn: this.dateOr(body.initiatedOn) };
    return this.execute(customerId, { type: 'InitiateLegalAction', data }, origin);
  }

  /** Write off invoices' open balances; naming a pending write-off proposal accepts it. */
  @Post('write-offs')
  @RequirePermission('WriteOff')
  writeOff(@Param() { customerId }: CustomerPath, @Body() body: WriteOffBody, @Origin() origin: CommandOrigin) {
    return this.execute(customerId, { type: 'WriteOff', data: { ...body } }, origin);
  }

  /** Record the post-mortem of a write-off. */
  @Post('post-mortems')
  @RequirePermission('RecordPostMortem')
  recordPostMortem(@Param() { customerId }: CustomerPath, @Body() body: RecordPostMortemBody, @Origin() origin: CommandOrigin) {
    const data = {
      ...body,
      actionItems: body.actionItems.map((item) => ({ ...item })),
      recordedOn: this.dateOr(body.recordedOn),
    };
    return this.execute(customerId, { type: 'RecordPostMortem', data }, origin);
  }
}
