import { BusinessDate } from './business-date';
import {
  ClosingEvent,
  ContactsAndPromisesEvent,
  CreditEvent,
  DisputesAndDeductionsEvent,
  DunningEvent,
  EscalationEvent,
  IntakeAndCashEvent,
  PaymentPlansEvent,
  closing,
  contactsAndPromises,
  credit,
  disputesAndDeductions,
  dunning,
  escalation,
  intakeAndCash,
  paymentPlans,
} from './steps';

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
  EscalationDeclined,
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
  | IntakeAndCashEvent
  | DisputesAndDeductionsEvent
  | DunningEvent
  | ContactsAndPromisesEvent
  | PaymentPlansEvent
  | CreditEvent
  | EscalationEvent
  | ClosingEvent;

export type CollectionEventType = CollectionEvent['type'];

const STEPS = [intakeAndCash, disputesAndDeductions, dunning, contactsAndPromises, paymentPlans, credit, escalation, closing] as const;

/** Every event type, in the order of the procedure's steps: for validation and documentation. */
export const COLLECTION_EVENT_TYPES: readonly CollectionEventType[] = STEPS.flatMap((step) => step.eventTypes);

/** The business day an event happened on: what "state as of a date" filters by. Each step names its events' date field. */
export function occurredOn(event: CollectionEvent): BusinessDate {
  if (intakeAndCash.ownsEvent(event)) return intakeAndCash.occurredOn(event);
  if (disputesAndDeductions.ownsEvent(event)) return disputesAndDeductions.occurredOn(event);
  if (dunning.ownsEvent(event)) return dunning.occurredOn(event);
  if (contactsAndPromises.ownsEvent(event)) return contactsAndPromises.occurredOn(event);
  if (paymentPlans.ownsEvent(event)) return paymentPlans.occurredOn(event);
  if (credit.ownsEvent(event)) return credit.occurredOn(event);
  if (escalation.ownsEvent(event)) return escalation.occurredOn(event);
  if (closing.ownsEvent(event)) return closing.occurredOn(event);
  const unknown: never = event;
  throw new Error(`Unknown event ${JSON.stringify(unknown)}`);
}
