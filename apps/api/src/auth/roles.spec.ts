import { CollectionCommandType } from '@collections/domain';
import { PERMISSIONS, isAllowed } from './roles';
import { ROLES } from '@collections/accounts';

/** Every command type, spelt out: the type checker refuses this table when a command is added and not listed. */
const COMMAND_TYPES = Object.keys({
  RegisterInvoice: true,
  ReceivePayment: true,
  IssueCreditMemo: true,
  MarkInvoiceOverdue: true,
  AssignCollector: true,
  ClaimDeduction: true,
  RaiseDispute: true,
  ResolveDispute: true,
  SendReminder: true,
  SendFinalNotice: true,
  LogContact: true,
  MakePromise: true,
  ConfirmPromiseKept: true,
  DeclarePromiseBroken: true,
  AgreePaymentPlan: true,
  ConfirmInstallmentPaid: true,
  DeclareInstallmentMissed: true,
  RecommendCreditLimitChange: true,
  PlaceCreditHold: true,
  LiftCreditHold: true,
  ReferToAgency: true,
  RecallFromAgency: true,
  InitiateLegalAction: true,
  WriteOff: true,
  ReceiveRecovery: true,
  RecordPostMortem: true,
  ScheduleCallTask: true,
  ProposeEscalation: true,
  DeclineEscalation: true,
  ReceiveCash: true,
  ApplyCash: true,
  UnapplyCash: true,
  RefundCash: true,
  RecordPayerAccount: true,
  AssignDispute: true,
  RemindDisputeOwner: true,
  ReportPayment: true,
  RecordReply: true,
  HandleReply: true,
  RequestFreshLink: true,
  RevokeCustomerLink: true,
} satisfies Record<CollectionCommandType, true>) as CollectionCommandType[];

describe('who may issue a command', () => {
  it('given every command type, then the permission matrix lists the roles that may issue it', () => {
    expect(COMMAND_TYPES).toHaveLength(41);
    const unlisted = COMMAND_TYPES.filter((type) => !Object.prototype.hasOwnProperty.call(PERMISSIONS, type));
    expect(unlisted).toEqual([]);
  });

  it('lets collectors and managers schedule call tasks, only managers propose escalations, and admins do all', () => {
    expect(ROLES.filter((role) => isAllowed(role, 'ScheduleCallTask'))).toEqual(['admin', 'manager', 'collector']);
    expect(ROLES.filter((role) => isAllowed(role, 'ProposeEscalation'))).toEqual(['admin', 'manager']);
    expect(ROLES.filter((role) => isAllowed(role, 'DeclineEscalation'))).toEqual(['admin', 'manager']);
  });

  it('lets only managers and auditors (and admins) have an evidence pack, which holds the letters and every stream of the anchor', () => {
    expect(ROLES.filter((role) => isAllowed(role, 'ReadEvidencePack'))).toEqual(['admin', 'manager', 'auditor']);
  });

  it('lets only managers (and admins) replace the collection policy, and everyone but integrations read it', () => {
    expect(ROLES.filter((role) => isAllowed(role, 'ReplaceCollectionPolicy'))).toEqual(['admin', 'manager']);
    expect(ROLES.filter((role) => isAllowed(role, 'RunPolicyWhatIf'))).toEqual(['admin', 'manager']);
    expect(ROLES.filter((role) => isAllowed(role, 'ReadPolicy'))).toEqual(['admin', 'manager', 'collector', 'auditor', 'analyst']);
  });
});
