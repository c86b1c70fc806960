import { BusinessDate } from './business-date';
import type {
  CallTaskScheduled,
  ContactLogged,
  PromiseBroken,
  PromiseKept,
  PromiseMade,
} from './steps/contacts-and-promises/contacts-and-promises';
import type { CreditHoldLifted, CreditHoldPlaced, CreditLimitChangeRecommended } from './steps/credit/credit';
import type { DeductionClaimed, DisputeRaised, DisputeResolved } from './steps/disputes-and-deductions/disputes-and-deductions';
import type { FinalNoticeSent, ReminderSent } from './steps/dunning/dunning';
import type { PostMortemRecorded, RecoveryReceived, WrittenOff } from './steps/escalation-and-closing/closing';
import type {
  AgencyRecallMade,
  EscalationProposed,
  LegalActionInitiated,
  ReferredToAgency,
} from './steps/escalation-and-closing/escalation';
import type {
  CollectorAssigned,
  CreditMemoIssued,
  InvoiceOverdue,
  InvoiceRegistered,
  PaymentReceived,
} from './steps/intake-and-cash/intake-and-cash';
import type { InstallmentMissed, InstallmentPaid, PaymentPlanAgreed } from './steps/payment-plans/payment-plans';

/**
 * Everything that can happen to a customer's collection account, in the past tense. One stream
 * per customer holds these in order; the step numbers refer to the collection procedure in
 * docs/architecture.md#the-collection-procedure. Amounts are integer minor units of `currency`.
 * Each procedure step (steps/) declares its events; this module assembles them, in the order of
 * the procedure.
 */

// Intake and cash posting; step 1, assignment
export type {
  CollectorAssigned,
  CreditMemoIssued,
  InvoiceOverdue,
  InvoiceRegistered,
  PaymentReceived,
} from './steps/intake-and-cash/intake-and-cash';
// Step 2 and the complaints feedback loop: deductions and disputes
export type {
  DeductionClaimed,
  DisputeCategory,
  DisputeRaised,
  DisputeResolution,
  DisputeResolved,
} from './steps/disputes-and-deductions/disputes-and-deductions';
export { DISPUTE_CATEGORIES, DISPUTE_RESOLUTIONS } from './steps/disputes-and-deductions/disputes-and-deductions';
// Step 3: dunning
export type { FinalNoticeSent, ReminderChannel, ReminderSent } from './steps/dunning/dunning';
export { REMINDER_CHANNELS } from './steps/dunning/dunning';
// Steps 4 and 7: direct contact, promises to pay, call tasks
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
// Steps 5 and 7: payment arrangements
export type { Installment, InstallmentMissed, InstallmentPaid, PaymentPlanAgreed } from './steps/payment-plans/payment-plans';
// Steps 6 and 8: credit
export type { CreditHoldLifted, CreditHoldPlaced, CreditLimitChangeRecommended } from './steps/credit/credit';
// Steps 8 and 9: escalation proposals, agency and legal
export type {
  AgencyRecallMade,
  EscalationKind,
  EscalationProposed,
  LegalActionInitiated,
  ReferredToAgency,
} from './steps/escalation-and-closing/escalation';
export { ESCALATION_KINDS } from './steps/escalation-and-closing/escalation';
// Steps 10 and 11: write-off, recovery, post-mortem
export type {
  ActionItem,
  PostMortemRecorded,
  RecoveryReceived,
  RootCause,
  WrittenOff,
  WrittenOffInvoice,
} from './steps/escalation-and-closing/closing';
export { ROOT_CAUSES } from './steps/escalation-and-closing/closing';

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
