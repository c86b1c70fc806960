import { BusinessDate } from './business-date';
import {
  CashApplicationEvent,
  CustomerConversationEvent,
  ClosingEvent,
  ContactsAndPromisesEvent,
  CreditEvent,
  DisputesAndDeductionsEvent,
  DunningEvent,
  EscalationEvent,
  IntakeAndCashEvent,
  PaymentPlansEvent,
  PROCEDURE_STEPS,
} from './steps';
import { stepOfEvent } from './step-dispatch';
import {
  UNIDENTIFIED_CASH_EVENT_TYPES,
  UnidentifiedCashEvent,
  isUnidentifiedCashEvent,
  unidentifiedCashOccurredOn,
} from './unidentified-cash/unidentified-cash';

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
// Cash application: unapplied cash, applications and their reversal, refunds, payer accounts
export type {
  Allocation,
  CashApplicationRule,
  CashApplied,
  CashUnapplied,
  Payer,
  PayerAccountRecorded,
  ReceivedCash,
  UnappliedCashReceived,
  UnappliedCashRefunded,
} from './steps/cash-application/cash-application';
export { CASH_APPLICATION_RULES, unappliedCashOf } from './steps/cash-application/cash-application';
// Step 2 and the complaints feedback loop: deductions and disputes
export type {
  DeductionClaimed,
  DisputeAssigned,
  DisputeCategory,
  DisputeOwnerReminded,
  DisputeRaised,
  DisputeResolution,
  DisputeResolved,
} from './steps/disputes-and-deductions/disputes-and-deductions';
export { DISPUTE_CATEGORIES, DISPUTE_RESOLUTIONS } from './steps/disputes-and-deductions/disputes-and-deductions';
// Step 3: dunning
export type { FinalNoticeSent, ReminderChannel, ReminderSent } from './steps/dunning/dunning';
export { REMINDER_CHANNELS } from './steps/dunning/dunning';
// The customer's side: payments it reports, replies to letters, its links
export type {
  CustomerLinkRevoked,
  CustomerReplied,
  FreshLinkRequested,
  PaymentReported,
  ReplyAttachment,
  ReplyHandled,
  ReplyKind,
} from './steps/customer-conversation/customer-conversation';
export { REPLY_KINDS, waitingMessagesOf } from './steps/customer-conversation/customer-conversation';
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
// Cash no customer is known for yet: its own streams, beside the accounts (unidentified-cash/)
export type {
  CashCandidate,
  UnidentifiedCashAssigned,
  UnidentifiedCashReceived,
  UnidentifiedCashRefunded,
} from './unidentified-cash/unidentified-cash';

export type CollectionEvent =
  | IntakeAndCashEvent
  | CashApplicationEvent
  | DisputesAndDeductionsEvent
  | DunningEvent
  | CustomerConversationEvent
  | ContactsAndPromisesEvent
  | PaymentPlansEvent
  | CreditEvent
  | EscalationEvent
  | ClosingEvent
  | UnidentifiedCashEvent;

export type CollectionEventType = CollectionEvent['type'];

/** The event types of a customer's account stream, in the order of the procedure's steps. */
export const ACCOUNT_EVENT_TYPES: readonly CollectionEventType[] = PROCEDURE_STEPS.flatMap((step) => step.eventTypes);

/** Every event type: the accounts' and those of unidentified cash. For validation and documentation. */
export const COLLECTION_EVENT_TYPES: readonly CollectionEventType[] = [...ACCOUNT_EVENT_TYPES, ...UNIDENTIFIED_CASH_EVENT_TYPES];

/** The business day an event happened on: what "state as of a date" filters by. Each step names its events' date field. */
export function occurredOn(event: CollectionEvent): BusinessDate {
  if (isUnidentifiedCashEvent(event)) return unidentifiedCashOccurredOn(event);
  const step = stepOfEvent(event);
  if (!step) throw new Error(`Unknown event ${JSON.stringify(event)}`);
  return step.occurredOn(event);
}
