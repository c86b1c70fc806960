import { BusinessDate } from './business-date';
import { CurrencyCode, Money } from './money';

import type { Event } from './message';
import type {
  CollectorAssigned,
  CreditMemoIssued,
  InvoiceOverdue,
  InvoiceRegistered,
  PaymentReceived,
} from './steps/intake-and-cash/intake-and-cash';
import type {
  DeductionClaimed,
  DisputeRaised,
  DisputeResolved,
} from './steps/disputes-and-deductions/disputes-and-deductions';
import type {
  FinalNoticeSent,
  ReminderSent,
} from './steps/dunning/dunning';
import type {
  CallTaskScheduled,
  ContactLogged,
  PromiseBroken,
  PromiseKept,
  PromiseMade,
} from './steps/contacts-and-promises/contacts-and-promises';
import type {
  InstallmentMissed,
  InstallmentPaid,
  PaymentPlanAgreed,
} from './steps/payment-plans/payment-plans';
import type {
  CreditHoldLifted,
  CreditHoldPlaced,
  CreditLimitChangeRecommended,
} from './steps/credit/credit';

/**
 * Everything that can happen to a customer's collection account, in the past tense. One stream
 * per customer holds these in order; the step numbers refer to the collection procedure in
 * docs/architecture.md#the-collection-procedure. Amounts are integer minor units of `currency`.
 * Each procedure step (steps/) declares its events; this module assembles them.
 */
export type {
  CollectorAssigned,
  CreditMemoIssued,
  InvoiceOverdue,
  InvoiceRegistered,
  PaymentReceived,
} from './steps/intake-and-cash/intake-and-cash';
export type {
  DeductionClaimed,
  DisputeCategory,
  DisputeRaised,
  DisputeResolution,
  DisputeResolved,
} from './steps/disputes-and-deductions/disputes-and-deductions';
export { DISPUTE_CATEGORIES, DISPUTE_RESOLUTIONS } from './steps/disputes-and-deductions/disputes-and-deductions';
export type {
  FinalNoticeSent,
  ReminderChannel,
  ReminderSent,
} from './steps/dunning/dunning';
export { REMINDER_CHANNELS } from './steps/dunning/dunning';
export type {
  CallTaskReason,
  CallTaskScheduled,
  ContactChannel,
  ContactLogged,
  ContactOutcome,
  PromiseBroken,
  PromiseKept,
  PromiseMade,
} from './steps/contacts-and-promises/contacts-and-promises';
export { CALL_TASK_REASONS, CONTACT_CHANNELS, CONTACT_OUTCOMES } from './steps/contacts-and-promises/contacts-and-promises';
export type {
  Installment,
  InstallmentMissed,
  InstallmentPaid,
  PaymentPlanAgreed,
} from './steps/payment-plans/payment-plans';
export type {
  CreditHoldLifted,
  CreditHoldPlaced,
  CreditLimitChangeRecommended,
} from './steps/credit/credit';

// Steps 8 and 9: agency and legal
export type ReferredToAgency = Event<
  'ReferredToAgency',
  { referralId: string; agency: string; invoiceIds: string[]; reason: string; referredOn: BusinessDate }
>;
export type AgencyRecallMade = Event<
  'AgencyRecallMade',
  { referralId: string; reason: string; recalledOn: BusinessDate }
>;
export type LegalActionInitiated = Event<
  'LegalActionInitiated',
  {
    caseId: string;
    invoiceIds: string[];
    court: string;
    smallClaims: boolean;
    counsel?: string;
    reason: string;
    initiatedOn: BusinessDate;
  }
>;

// Step 10: write-off and what is recovered afterwards
export interface WrittenOffInvoice {
  invoiceId: string;
  /** The balance written off: all that was open on the invoice. */
  amount: number;
  currency: CurrencyCode;
}
export type WrittenOff = Event<
  'WrittenOff',
  { writeOffId: string; invoices: WrittenOffInvoice[]; reason: string; writtenOffOn: BusinessDate }
>;
export type RecoveryReceived = Event<
  'RecoveryReceived',
  { recoveryId: string; invoiceId: string; amount: number; currency: CurrencyCode; receivedOn: BusinessDate }
>;

// Step 11: post-mortem
export const ROOT_CAUSES = [
  'customer_insolvency',
  'credit_risk_misjudged',
  'billing_error',
  'product_or_service_failure',
  'late_collection_action',
  'fraud',
  'other',
] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];
export interface ActionItem {
  description: string;
  owner: string;
  dueOn: BusinessDate;
}
export type PostMortemRecorded = Event<
  'PostMortemRecorded',
  {
    postMortemId: string;
    rootCause: RootCause;
    summary: string;
    actionItems: ActionItem[];
    recordedOn: BusinessDate;
  }
>;

export const ESCALATION_KINDS = ['agency_referral', 'write_off'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
export type EscalationProposed = Event<
  'EscalationProposed',
  {
    proposalId: string;
    kind: EscalationKind;
    invoiceIds: string[];
    /** What was open on the invoices, per currency, when it was proposed. */
    balances: Money[];
    /** Days past due of the oldest of the invoices on `proposedOn`. */
    daysPastDue: number;
    /** Why, in words (e.g. the policy and the thresholds met). */
    reason: string;
    proposedOn: BusinessDate;
  }
>;

export type CollectionEvent =
  | InvoiceRegistered
  | PaymentReceived
  | CreditMemoIssued
  | InvoiceOverdue
  | CollectorAssigned
  | DeductionClaimed
  | DisputeRaised
  | DisputeResolved
  | ReminderSent
  | FinalNoticeSent
  | ContactLogged
  | PromiseMade
  | PromiseKept
  | PromiseBroken
  | PaymentPlanAgreed
  | InstallmentPaid
  | InstallmentMissed
  | CreditLimitChangeRecommended
  | CreditHoldPlaced
  | CreditHoldLifted
  | ReferredToAgency
  | AgencyRecallMade
  | LegalActionInitiated
  | WrittenOff
  | RecoveryReceived
  | PostMortemRecorded
  | CallTaskScheduled
  | EscalationProposed;

export type CollectionEventType = CollectionEvent['type'];

/** Every event type, for validation and documentation. */
export const COLLECTION_EVENT_TYPES: readonly CollectionEventType[] = [
  'InvoiceRegistered',
  'PaymentReceived',
  'CreditMemoIssued',
  'InvoiceOverdue',
  'CollectorAssigned',
  'DeductionClaimed',
  'DisputeRaised',
  'DisputeResolved',
  'ReminderSent',
  'FinalNoticeSent',
  'ContactLogged',
  'PromiseMade',
  'PromiseKept',
  'PromiseBroken',
  'PaymentPlanAgreed',
  'InstallmentPaid',
  'InstallmentMissed',
  'CreditLimitChangeRecommended',
  'CreditHoldPlaced',
  'CreditHoldLifted',
  'ReferredToAgency',
  'AgencyRecallMade',
  'LegalActionInitiated',
  'WrittenOff',
  'RecoveryReceived',
  'PostMortemRecorded',
  'CallTaskScheduled',
  'EscalationProposed',
];

/** The business day an event happened on: what "state as of a date" filters by. */
export function occurredOn(event: CollectionEvent): BusinessDate {
  switch (event.type) {
    case 'InvoiceRegistered':
      return event.data.issuedOn;
    case 'PaymentReceived':
    case 'RecoveryReceived':
      return event.data.receivedOn;
    case 'CreditMemoIssued':
      return event.data.issuedOn;
    case 'InvoiceOverdue':
      return event.data.detectedOn;
    case 'CollectorAssigned':
      return event.data.assignedOn;
    case 'DeductionClaimed':
      return event.data.claimedOn;
    case 'DisputeRaised':
      return event.data.raisedOn;
    case 'DisputeResolved':
      return event.data.resolvedOn;
    case 'ReminderSent':
    case 'FinalNoticeSent':
      return event.data.sentOn;
    case 'ContactLogged':
      return event.data.contactedOn;
    case 'PromiseMade':
      return event.data.madeOn;
    case 'PromiseKept':
      return event.data.keptOn;
    case 'PromiseBroken':
      return event.data.brokenOn;
    case 'PaymentPlanAgreed':
      return event.data.agreedOn;
    case 'InstallmentPaid':
      return event.data.paidOn;
    case 'InstallmentMissed':
      return event.data.detectedOn;
    case 'CreditLimitChangeRecommended':
      return event.data.recommendedOn;
    case 'CreditHoldPlaced':
      return event.data.placedOn;
    case 'CreditHoldLifted':
      return event.data.liftedOn;
    case 'ReferredToAgency':
      return event.data.referredOn;
    case 'AgencyRecallMade':
      return event.data.recalledOn;
    case 'LegalActionInitiated':
      return event.data.initiatedOn;
    case 'WrittenOff':
      return event.data.writtenOffOn;
    case 'PostMortemRecorded':
      return event.data.recordedOn;
    case 'CallTaskScheduled':
      return event.data.scheduledOn;
    case 'EscalationProposed':
      return event.data.proposedOn;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown event ${JSON.stringify(unknown)}`);
    }
  }
}
