import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, ValidateNested } from 'class-validator';
import {
  CALL_TASK_REASONS,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  CallTaskReason,
  ContactChannel,
  ContactOutcome,
  DISPUTE_CATEGORIES,
  DISPUTE_RESOLUTIONS,
  DisputeCategory,
  DisputeResolution,
  ESCALATION_KINDS,
  EscalationKind,
  REMINDER_CHANNELS,
  ROOT_CAUSES,
  ReminderChannel,
  RootCause,
} from '@collections/domain';
import {
  IsBusinessDate,
  IsClientChosenId,
  IsCollectorId,
  IsCurrencyCode,
  IsEntityId,
  IsInvoiceIds,
  IsMinorUnits,
  IsOneOf,
  IsText,
  IsWholeNumber,
} from './validation';
import { ClosedBody } from '../openapi/component-schemas';

/**
 * Request bodies of the command endpoints. Amounts are integer minor units (cents) with an
 * ISO 4217 currency; dates are YYYY-MM-DD business dates. A date marked optional defaults to
 * today by the service's clock.
 */

export class CustomerPath {
  @IsEntityId()
  customerId!: string;
}

/** A customer's invoice, as its path names it. */
export class InvoicePath extends CustomerPath {
  @IsEntityId() invoiceId!: string;
}

/** A customer's referral, as its path names it. */
export class ReferralPath extends CustomerPath {
  @IsEntityId() referralId!: string;
}

/** A customer's escalation proposal, as its path names it. */
export class ProposalPath extends CustomerPath {
  @IsEntityId() proposalId!: string;
}

/** A customer's promise, as its path names it. */
export class PromisePath extends CustomerPath {
  @IsEntityId() promiseId!: string;
}

/** A customer's dispute, as its path names it. */
export class DisputePath extends CustomerPath {
  @IsEntityId() disputeId!: string;
}

// Intake and cash posting

@ClosedBody()
export class RegisterInvoiceBody {
  @IsEntityId() invoiceId!: string;
  /** Invoice total in minor units. */
  @IsMinorUnits({ positive: true }) amount!: number;
  @IsCurrencyCode() currency!: string;
  @IsBusinessDate() issuedOn!: string;
  @IsBusinessDate() dueOn!: string;
}

@ClosedBody()
export class ReceivePaymentBody {
  @IsEntityId() paymentId!: string;
  @IsEntityId() invoiceId!: string;
  @IsMinorUnits({ positive: true }) amount!: number;
  @IsCurrencyCode() currency!: string;
  @IsBusinessDate() receivedOn!: string;
}

@ClosedBody()
export class IssueCreditMemoBody {
  @IsEntityId() creditMemoId!: string;
  @IsEntityId() invoiceId!: string;
  @IsMinorUnits({ positive: true }) amount!: number;
  @IsCurrencyCode() currency!: string;
  @IsBusinessDate() issuedOn!: string;
  @IsText(500) reason!: string;
}

@ClosedBody()
export class MarkInvoiceOverdueBody {
  @IsOptional() @IsBusinessDate() detectedOn?: string;
}

@ClosedBody()
export class ReceiveRecoveryBody {
  @IsEntityId() recoveryId!: string;
  @IsEntityId() invoiceId!: string;
  @IsMinorUnits({ positive: true }) amount!: number;
  @IsCurrencyCode() currency!: string;
  @IsBusinessDate() receivedOn!: string;
}

// Deductions and disputes

@ClosedBody()
export class RaiseDisputeBody {
  @IsEntityId() disputeId!: string;
  @IsEntityId() invoiceId!: string;
  /** The disputed part of the invoice, in minor units. */
  @IsMinorUnits({ positive: true }) amount!: number;
  @IsCurrencyCode() currency!: string;
  @IsOneOf(DISPUTE_CATEGORIES) category!: DisputeCategory;
  @IsOptional() @IsText() description?: string;
  @IsBusinessDate() raisedOn!: string;
}

@ClosedBody()
export class ClaimDeductionBody {
  @IsEntityId() deductionId!: string;
  @IsEntityId() invoiceId!: string;
  @IsMinorUnits({ positive: true }) amount!: number;
  @IsCurrencyCode() currency!: string;
  /** The programme the customer deducts under, e.g. a co-op marketing agreement. */
  @IsText(500) programme!: string;
  @IsOptional() @IsBusinessDate() claimedOn?: string;
}

@ClosedBody()
export class DisputeCreditBody {
  @IsEntityId() creditMemoId!: string;
  @IsMinorUnits({ positive: true }) amount!: number;
}

@ClosedBody()
export class ResolveDisputeBody {
  /** credit_issued: the customer was right (a credit memo settles it); customer_liable: the invoice stands. */
  @IsOneOf(DISPUTE_RESOLUTIONS) resolution!: DisputeResolution;
  @IsOptional() @IsBusinessDate() resolvedOn?: string;
  @IsOptional() @IsText() note?: string;
  /** Required with credit_issued. */
  @IsOptional() @ValidateNested() @Type(() => DisputeCreditBody) credit?: DisputeCreditBody;
}

@ClosedBody()
export class AssignDisputeBody {
  /** One of the policy's dispute teams (its `disputeRouting.teams`). */
  @IsEntityId() ownerTeam!: string;
  /** The person in the team who owns it. */
  @IsOptional() @IsEntityId() ownerId?: string;
  /** Today plus the policy's days for the dispute's category unless said. */
  @IsOptional() @IsBusinessDate() targetOn?: string;
}

// Dunning

@ClosedBody()
export class SendReminderBody {
  @IsClientChosenId() reminderId!: string;
  @IsInvoiceIds() invoiceIds!: string[];
  /** 1 is the friendliest reminder; higher levels are sterner. */
  @IsWholeNumber(1, 99) level!: number;
  @IsOneOf(REMINDER_CHANNELS) channel!: ReminderChannel;
  @IsText(200) template!: string;
  @IsOptional() @IsBusinessDate() sentOn?: string;
}

@ClosedBody()
export class SendFinalNoticeBody {
  @IsClientChosenId() noticeId!: string;
  @IsInvoiceIds() invoiceIds!: string[];
  @IsOneOf(REMINDER_CHANNELS) channel!: ReminderChannel;
  @IsOptional() @IsBusinessDate() sentOn?: string;
  /** The date the account goes to a collection agency if still unpaid. */
  @IsBusinessDate() referralOn!: string;
}

// Contacts, promises and payment plans

@ClosedBody()
export class LogContactBody {
  @IsEntityId() contactId!: string;
  @IsOptional() @IsBusinessDate() contactedOn?: string;
  @IsOneOf(CONTACT_CHANNELS) channel!: ContactChannel;
  /** Who was contacted at the customer. */
  @IsText(200) person!: string;
  @IsOneOf(CONTACT_OUTCOMES) outcome!: ContactOutcome;
  @IsOptional() @IsText() reasonForLateness?: string;
  @IsOptional() @IsText() notes?: string;
}

@ClosedBody()
export class MakePromiseBody {
  @IsEntityId() promiseId!: string;
  @IsInvoiceIds() invoiceIds!: string[];
  @IsMinorUnits({ positive: true }) amount!: number;
  @IsCurrencyCode() currency!: string;
  /** The day the customer promised to pay by. */
  @IsBusinessDate() promisedFor!: string;
  @IsOptional() @IsBusinessDate() madeOn?: string;
}

@ClosedBody()
export class ConfirmPromiseKeptBody {
  @IsOptional() @IsBusinessDate() keptOn?: string;
}

@ClosedBody()
export class DeclarePromiseBrokenBody {
  @IsOptional() @IsBusinessDate() brokenOn?: string;
}

/** The most installments a payment plan has. */
export const MAX_INSTALLMENTS = 120;

@ClosedBody()
export class InstallmentBody {
  /** 1, 2, 3, … in order. */
  @IsWholeNumber(1) number!: number;
  @IsBusinessDate() dueOn!: string;
  @IsMinorUnits({ positive: true }) amount!: number;
}

@ClosedBody()
export class AgreePaymentPlanBody {
  @IsEntityId() planId!: string;
  @IsInvoiceIds() invoiceIds!: string[];
  @IsCurrencyCode() currency!: string;
  /** They must add up to the open balance of the invoices. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INSTALLMENTS)
  @ValidateNested({ each: true })
  @Type(() => InstallmentBody)
  // The plugin's class-validator shim reads literal bounds only.
  @ApiProperty({ type: [InstallmentBody], minItems: 1, maxItems: MAX_INSTALLMENTS })
  installments!: InstallmentBody[];
  /** Documented interest in basis points (1% = 100); interest is invoiced separately. */
  @IsOptional() @IsWholeNumber(0, 100_000) interestRateBasisPoints?: number;
  /** Who gave a personal guarantee for the plan, if anyone (names). */
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsText(200, { each: true }) guarantors?: string[];
  @IsOptional() @IsText() terms?: string;
  @IsOptional() @IsBusinessDate() agreedOn?: string;
}

export class InstallmentPath extends CustomerPath {
  @IsEntityId() planId!: string;
  @Type(() => Number) @IsWholeNumber(1, Number.MAX_SAFE_INTEGER, { message: 'installment number must be a whole number' }) number!: number;
}

@ClosedBody()
export class ConfirmInstallmentPaidBody {
  @IsOptional() @IsBusinessDate() paidOn?: string;
}

@ClosedBody()
export class DeclareInstallmentMissedBody {
  @IsOptional() @IsBusinessDate() detectedOn?: string;
}

// Call tasks: a collector is asked to call (the policy engine schedules most of them)

@ClosedBody()
export class ScheduleCallTaskBody {
  @IsClientChosenId() taskId!: string;
  @IsOneOf(CALL_TASK_REASONS) reason!: CallTaskReason;
  @IsInvoiceIds() invoiceIds!: string[];
  /** Whose call it is; leave it out for an account nobody is assigned to. */
  @IsOptional() @IsCollectorId() collectorId?: string;
  /** Call on or after this day. */
  @IsBusinessDate() dueOn!: string;
  @IsOptional() @IsBusinessDate() scheduledOn?: string;
  /** The dunning level the call stands for: required with reason dunning. */
  @IsOptional() @IsWholeNumber(1, 99) level?: number;
  /** The broken promise: required with reason promise_broken. */
  @IsOptional() @IsEntityId() promiseId?: string;
  /** The plan and installment: required with reason installment_due. */
  @IsOptional() @IsEntityId() planId?: string;
  /** The installment's number in its plan: a plan has at most 120. */
  @IsOptional() @IsWholeNumber(1, MAX_INSTALLMENTS) installmentNumber?: number;
}

// Assignment, credit, agency, legal, write-off and post-mortem

@ClosedBody()
export class AssignCollectorBody {
  @IsCollectorId() collectorId!: string;
  @IsOptional() @IsBusinessDate() assignedOn?: string;
}

@ClosedBody()
export class RecommendCreditLimitChangeBody {
  @IsEntityId() recommendationId!: string;
  @IsMinorUnits({ positive: false }) recommendedLimit!: number;
  @IsCurrencyCode() currency!: string;
  @IsText() reason!: string;
  @IsOptional() @IsBusinessDate() recommendedOn?: string;
}

@ClosedBody()
export class PlaceCreditHoldBody {
  @IsText() reason!: string;
  @IsOptional() @IsBusinessDate() placedOn?: string;
}

@ClosedBody()
export class LiftCreditHoldBody {
  @IsText() reason!: string;
  @IsOptional() @IsBusinessDate() liftedOn?: string;
}

@ClosedBody()
export class ReferToAgencyBody {
  @IsClientChosenId() referralId!: string;
  @IsText(200) agency!: string;
  @IsInvoiceIds() invoiceIds!: string[];
  @IsText() reason!: string;
  @IsOptional() @IsBusinessDate() referredOn?: string;
  /** The agency-referral proposal this accepts: it must be pending. */
  @IsOptional() @IsEntityId() proposalId?: string;
}

/** A proposal to managers; the event adds the balances and days past due it was based on. */
@ClosedBody()
export class ProposeEscalationBody {
  @IsClientChosenId() proposalId!: string;
  @IsOneOf(ESCALATION_KINDS) kind!: EscalationKind;
  @IsInvoiceIds() invoiceIds!: string[];
  @IsText() reason!: string;
  @IsOptional() @IsBusinessDate() proposedOn?: string;
}

/** A manager declines a proposal: nothing is referred or written off. */
@ClosedBody()
export class DeclineEscalationBody {
  @IsText() reason!: string;
  @IsOptional() @IsBusinessDate() declinedOn?: string;
}

@ClosedBody()
export class RecallFromAgencyBody {
  @IsText() reason!: string;
  @IsOptional() @IsBusinessDate() recalledOn?: string;
}

@ClosedBody()
export class InitiateLegalActionBody {
  @IsEntityId() caseId!: string;
  @IsInvoiceIds() invoiceIds!: string[];
  @IsText(200) court!: string;
  /** Small-claims court, for small amounts. */
  @IsBoolean() smallClaims!: boolean;
  @IsOptional() @IsText(200) counsel?: string;
  @IsText() reason!: string;
  @IsOptional() @IsBusinessDate() initiatedOn?: string;
}

@ClosedBody()
export class WriteOffBody {
  @IsEntityId() writeOffId!: string;
  /** Each invoice's whole open balance is written off. */
  @IsInvoiceIds() invoiceIds!: string[];
  @IsText() reason!: string;
  @IsBusinessDate() writtenOffOn!: string;
  /** The write-off proposal this accepts: it must be pending. */
  @IsOptional() @IsEntityId() proposalId?: string;
}

@ClosedBody()
export class ActionItemBody {
  @IsText() description!: string;
  @IsText(200) owner!: string;
  @IsBusinessDate() dueOn!: string;
}

@ClosedBody()
export class RecordPostMortemBody {
  @IsEntityId() postMortemId!: string;
  @IsOneOf(ROOT_CAUSES) rootCause!: RootCause;
  @IsText(10_000) summary!: string;
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ActionItemBody)
  actionItems!: ActionItemBody[];
  @IsOptional() @IsBusinessDate() recordedOn?: string;
}
