import type {
  CashApplicationCommand,
  ClosingCommand,
  ContactsAndPromisesCommand,
  CreditCommand,
  CustomerConversationCommand,
  DisputesAndDeductionsCommand,
  DunningCommand,
  EscalationCommand,
  IntakeAndCashCommand,
  PaymentPlansCommand,
} from './steps';

/**
 * What people and the policy engine ask of a collection account, in the imperative. Where a
 * command carries exactly what its event will record, it reuses the event's data type; dates
 * are always passed in (the caller reads the Clock), never read here. Each procedure step
 * (steps/) declares its commands; this module assembles them, in the order of the procedure.
 */
export type {
  AssignCollector,
  IssueCreditMemo,
  MarkInvoiceOverdue,
  ReceivePayment,
  RegisterInvoice,
} from './steps/intake-and-cash/intake-and-cash';
export type { ApplyCash, ReceiveCash, RecordPayerAccount, RefundCash, UnapplyCash } from './steps/cash-application/cash-application';
export type {
  AssignDispute,
  ClaimDeduction,
  RaiseDispute,
  RemindDisputeOwner,
  ResolveDispute,
} from './steps/disputes-and-deductions/disputes-and-deductions';
export type { SendFinalNotice, SendReminder } from './steps/dunning/dunning';
export type {
  HandleReply,
  RecordReply,
  ReportPayment,
  RequestFreshLink,
  RevokeCustomerLink,
} from './steps/customer-conversation/customer-conversation';
export type {
  ConfirmPromiseKept,
  DeclarePromiseBroken,
  LogContact,
  MakePromise,
  ScheduleCallTask,
} from './steps/contacts-and-promises/contacts-and-promises';
export type { AgreePaymentPlan, ConfirmInstallmentPaid, DeclareInstallmentMissed } from './steps/payment-plans/payment-plans';
export type { LiftCreditHold, PlaceCreditHold, RecommendCreditLimitChange } from './steps/credit/credit';
export type {
  DeclineEscalation,
  InitiateLegalAction,
  ProposeEscalation,
  RecallFromAgency,
  ReferToAgency,
} from './steps/escalation-and-closing/escalation';
export type { ReceiveRecovery, RecordPostMortem, WriteOff } from './steps/escalation-and-closing/closing';

export type CollectionCommand =
  | IntakeAndCashCommand
  | CashApplicationCommand
  | DisputesAndDeductionsCommand
  | DunningCommand
  | CustomerConversationCommand
  | ContactsAndPromisesCommand
  | PaymentPlansCommand
  | CreditCommand
  | EscalationCommand
  | ClosingCommand;

export type CollectionCommandType = CollectionCommand['type'];
