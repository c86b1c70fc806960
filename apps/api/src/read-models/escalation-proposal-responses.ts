import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate, CurrencyCode, ESCALATION_KINDS, EscalationKind } from '@collections/domain';
import { ESCALATION_PROPOSAL_STATUSES, EscalationProposalStatus } from '@collections/projections';
import type * as projections from '@collections/projections';
import { RecordingActor } from '../audit/history-responses';
import { BusinessDateProperty, CountProperty, CurrencyProperty, DaysProperty, MinorUnitsProperty } from '../openapi/response-properties';

/** What GET /escalation-proposals answers: the managers' queue of proposals, and what became of them. */

export class ProposedBalance {
  @MinorUnitsProperty() amount!: number;
  @CurrencyProperty() currency!: CurrencyCode;
}

export class EscalationDecision implements projections.EscalationDecision {
  @BusinessDateProperty() decidedOn!: BusinessDate;
  @ApiProperty({ type: RecordingActor })
  decidedBy!: RecordingActor;
  /** The referral that accepted an agency-referral proposal. */
  referralId?: string;
  agency?: string;
  /** The write-off that accepted a write-off proposal. */
  writeOffId?: string;
  /** Why a manager declined it. */
  declineReason?: string;
}

export class EscalationProposal implements projections.EscalationProposal {
  proposalId!: string;
  customerId!: string;
  @ApiProperty({ enum: ESCALATION_KINDS })
  kind!: EscalationKind;
  invoiceIds!: string[];
  /** What was open on the invoices, per currency, when it was proposed. */
  @ApiProperty({ type: [ProposedBalance] })
  balances!: ProposedBalance[];
  /** Days past due of the oldest of the invoices when it was proposed. */
  @DaysProperty() daysPastDue!: number;
  /** Why, in words: the policy and the thresholds met. */
  reason!: string;
  @BusinessDateProperty() proposedOn!: BusinessDate;
  @ApiProperty({ enum: ESCALATION_PROPOSAL_STATUSES })
  status!: EscalationProposalStatus;
  /** Null while pending. */
  @ApiProperty({ type: EscalationDecision, nullable: true })
  decision!: EscalationDecision | null;
}

export class EscalationProposals implements projections.EscalationProposalsPage {
  @CountProperty({ minimum: 1 }) page!: number;
  @CountProperty({ minimum: 1 }) pageSize!: number;
  /** Proposals in that status over all pages. */
  @CountProperty() total!: number;
  @ApiProperty({ type: [EscalationProposal] })
  proposals!: EscalationProposal[];
}
