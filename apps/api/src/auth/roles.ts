import { Role } from '@collections/accounts';
import { CollectionCommandType } from '@collections/domain';

/** What an endpoint does: a command it dispatches (a customer's, or the policy's replacement), or a way of reading. */
export type Permission =
  | CollectionCommandType
  | 'AssignUnidentifiedCash'
  | 'RefundUnidentifiedCash'
  | 'ReadCash'
  | 'ReadReplies'
  | 'ReadDisputeBoard'
  | 'ReadCashForecast'
  | 'ReadAdHocQueries'
  | 'ReplaceCollectionPolicy'
  | 'RunPolicyWhatIf'
  | 'ReadAccount'
  | 'ReadWorklist'
  | 'ReadReports'
  | 'ReadEvidencePack'
  | 'ReadFeed'
  | 'ReadPolicy'
  | 'ReadOwnIdentity'
  | 'ReadMetrics';

const everyone = ['manager', 'collector', 'auditor', 'analyst'] as const;

/**
 * The permission matrix. Admins may do everything; each other role is listed per permission.
 * Collectors work the accounts, managers also escalate and close them, integrations (billing,
 * ERP) post what happened in the ledger and subscribe to the published feed, auditors and
 * analysts only read, and monitoring (Prometheus) reads the metrics and nothing else.
 */
export const PERMISSIONS: Record<Permission, readonly Role[]> = {
  RegisterInvoice: ['integration'],
  ReceivePayment: ['integration'],
  IssueCreditMemo: ['integration'],
  // Cash application: the bank's money arrives through integrations; people apply what the
  // matcher could not, and only managers take an application back or pay money out.
  // Receiving cash is importing the bank's statement (POST /bank-statements).
  ReceiveCash: ['integration'],
  ApplyCash: ['integration', 'manager'],
  UnapplyCash: ['manager'],
  RefundCash: ['manager'],
  RecordPayerAccount: ['integration', 'manager'],
  AssignUnidentifiedCash: ['integration', 'manager'],
  RefundUnidentifiedCash: ['manager'],
  ReceiveRecovery: ['integration', 'manager'],
  MarkInvoiceOverdue: ['manager'],
  AssignCollector: ['manager'],
  LogContact: ['collector', 'manager'],
  MakePromise: ['collector', 'manager'],
  ConfirmPromiseKept: ['collector', 'manager'],
  DeclarePromiseBroken: ['collector', 'manager'],
  AgreePaymentPlan: ['collector', 'manager'],
  ConfirmInstallmentPaid: ['collector', 'manager'],
  DeclareInstallmentMissed: ['collector', 'manager'],
  ClaimDeduction: ['collector', 'manager'],
  RaiseDispute: ['collector', 'manager'],
  ResolveDispute: ['collector', 'manager'],
  // The policy routes every new dispute to its owner; a manager reassigns. Reminding an owner
  // of a late dispute is the engine's (it e-mails them once); a manager may too.
  AssignDispute: ['manager'],
  RemindDisputeOwner: ['manager'],
  // The customer's own actions come through its link (/pay/…), with no key; a collector may
  // record what a customer said on the phone the same way.
  ReportPayment: ['collector', 'manager'],
  // Replies arrive by the inbound SMTP listener or a mail provider's webhook (POST /inbound-mail).
  RecordReply: ['integration'],
  HandleReply: ['collector', 'manager'],
  RequestFreshLink: [],
  RevokeCustomerLink: ['manager'],
  SendReminder: ['collector', 'manager'],
  SendFinalNotice: ['collector', 'manager'],
  RecommendCreditLimitChange: ['collector', 'manager'],
  PlaceCreditHold: ['manager'],
  LiftCreditHold: ['manager'],
  ReferToAgency: ['manager'],
  RecallFromAgency: ['manager'],
  InitiateLegalAction: ['manager'],
  WriteOff: ['manager'],
  RecordPostMortem: ['manager'],
  ScheduleCallTask: ['collector', 'manager'],
  ProposeEscalation: ['manager'],
  // Accepting a proposal is ReferToAgency or WriteOff naming it; declining it is the managers' too.
  DeclineEscalation: ['manager'],
  // The policy decides what the engine does to every customer: managers own it.
  ReplaceCollectionPolicy: ['manager'],
  // Replaying a proposed policy over the history weighs policies before one is recorded: managers'.
  RunPolicyWhatIf: ['manager'],
  ReadAccount: everyone,
  // Collectors read their own worklist only; the controller checks whose it is.
  ReadWorklist: everyone,
  ReadReports: ['manager', 'auditor', 'analyst'],
  // The cash queues (unapplied and unidentified) name payers and their bank accounts.
  ReadCash: ['manager', 'integration', 'collector', 'auditor'],
  // Replies hold what customers wrote: the people who answer them, and auditors.
  ReadReplies: ['manager', 'collector', 'auditor'],
  ReadDisputeBoard: ['manager', 'collector', 'auditor', 'analyst'],
  // The treasury's 13-week view of expected collections: those who plan with it.
  ReadCashForecast: ['manager', 'analyst'],
  // Questions of their own over the read models (POST /read-models/:collection/query): whoever reads
  // the reports. A collection's own read permission still applies (replies, cash: not analysts).
  ReadAdHocQueries: ['manager', 'auditor', 'analyst'],
  // The evidence pack for an agency or a court: the whole history, the letters with the customer's
  // address, and the anchor (which names every stream). Managers hand it over, auditors check it.
  ReadEvidencePack: ['manager', 'auditor'],
  // Other services subscribe to the published events.
  ReadFeed: ['integration'],
  // Whoever works or reviews accounts may see the rules the engine applies to them.
  ReadPolicy: everyone,
  // Who the caller is and what their role may do (GET /me): every key may ask about itself.
  ReadOwnIdentity: [...everyone, 'integration', 'monitoring'],
  // Prometheus scrapes GET /metrics with a monitoring key; the figures say nothing of any customer, but they are nobody else's business.
  ReadMetrics: ['monitoring'],
};

export function isAllowed(role: Role, permission: Permission): boolean {
  return role === 'admin' || PERMISSIONS[permission].includes(role);
}

/** What a role may do, from the matrix: the commands it may issue and the ways it may read, in the matrix's order. */
export function permissionsOf(role: Role): { commands: Permission[]; reads: Permission[] } {
  const allowed = (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => isAllowed(role, permission));
  return {
    commands: allowed.filter((permission) => !permission.startsWith('Read')),
    reads: allowed.filter((permission) => permission.startsWith('Read')),
  };
}
