import { BusinessDate } from './business-date';
import type { Command } from './message';
import type {
  AssignCollector,
  IssueCreditMemo,
  MarkInvoiceOverdue,
  ReceivePayment,
  RegisterInvoice,
} from './steps/intake-and-cash/intake-and-cash';
import type {
  ClaimDeduction,
  RaiseDispute,
  ResolveDispute,
} from './steps/disputes-and-deductions/disputes-and-deductions';
import type {
  SendFinalNotice,
  SendReminder,
} from './steps/dunning/dunning';
import type {
  ConfirmPromiseKept,
  DeclarePromiseBroken,
  LogContact,
  MakePromise,
  ScheduleCallTask,
} from './steps/contacts-and-promises/contacts-and-promises';
import type {
  AgreePaymentPlan,
  ConfirmInstallmentPaid,
  DeclareInstallmentMissed,
} from './steps/payment-plans/payment-plans';
import type {
  LiftCreditHold,
  PlaceCreditHold,
  RecommendCreditLimitChange,
} from './steps/credit/credit';
import {
  AgencyRecallMade,
  LegalActionInitiated,
  PostMortemRecorded,
  RecoveryReceived,
  ReferredToAgency,
  EscalationProposed,
} from './events';

/**
 * What people and the policy engine ask of a collection account, in the imperative. Where a
 * command carries exactly what its event will record, it reuses the event's data type; dates
 * are always passed in (the caller reads the Clock), never read here. Each procedure step
 * (steps/) declares its commands; this module assembles them.
 */
export type {
  AssignCollector,
  IssueCreditMemo,
  MarkInvoiceOverdue,
  ReceivePayment,
  RegisterInvoice,
} from './steps/intake-and-cash/intake-and-cash';
export type {
  ClaimDeduction,
  RaiseDispute,
  ResolveDispute,
} from './steps/disputes-and-deductions/disputes-and-deductions';
export type {
  SendFinalNotice,
  SendReminder,
} from './steps/dunning/dunning';
export type {
  ConfirmPromiseKept,
  DeclarePromiseBroken,
  LogContact,
  MakePromise,
  ScheduleCallTask,
} from './steps/contacts-and-promises/contacts-and-promises';
export type {
  AgreePaymentPlan,
  ConfirmInstallmentPaid,
  DeclareInstallmentMissed,
} from './steps/payment-plans/payment-plans';
export type {
  LiftCreditHold,
  PlaceCreditHold,
  RecommendCreditLimitChange,
} from './steps/credit/credit';

export type ReferToAgency = Command<'ReferToAgency', ReferredToAgency['data']>;
export type RecallFromAgency = Command<'RecallFromAgency', AgencyRecallMade['data']>;
export type InitiateLegalAction = Command<'InitiateLegalAction', LegalActionInitiated['data']>;
export type WriteOff = Command<
  'WriteOff',
  { writeOffId: string; invoiceIds: string[]; reason: string; writtenOffOn: BusinessDate }
>;
export type ReceiveRecovery = Command<'ReceiveRecovery', RecoveryReceived['data']>;
export type RecordPostMortem = Command<'RecordPostMortem', PostMortemRecorded['data']>;

/** The balances and days past due are read from the account when the proposal is recorded. */
export type ProposeEscalation = Command<
  'ProposeEscalation',
  Omit<EscalationProposed['data'], 'balances' | 'daysPastDue'>
>;

export type CollectionCommand =
  | RegisterInvoice
  | ReceivePayment
  | IssueCreditMemo
  | MarkInvoiceOverdue
  | AssignCollector
  | ClaimDeduction
  | RaiseDispute
  | ResolveDispute
  | SendReminder
  | SendFinalNotice
  | LogContact
  | MakePromise
  | ConfirmPromiseKept
  | DeclarePromiseBroken
  | AgreePaymentPlan
  | ConfirmInstallmentPaid
  | DeclareInstallmentMissed
  | RecommendCreditLimitChange
  | PlaceCreditHold
  | LiftCreditHold
  | ReferToAgency
  | RecallFromAgency
  | InitiateLegalAction
  | WriteOff
  | ReceiveRecovery
  | RecordPostMortem
  | ScheduleCallTask
  | ProposeEscalation;

export type CollectionCommandType = CollectionCommand['type'];
