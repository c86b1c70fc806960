import { AccountState, CollectionCommand, CollectionEvent, DomainError, decide } from '@collections/domain';

/**
 * The commands that record exactly their event's data (`Command<'X', Event['data']>` in the
 * steps): for these a recorded fact can be asked of `decide` again, on the replayed account.
 */
const COMMAND_RECORDING: Partial<Record<CollectionEvent['type'], CollectionCommand['type']>> = {
  InvoiceRegistered: 'RegisterInvoice',
  PaymentReceived: 'ReceivePayment',
  CollectorAssigned: 'AssignCollector',
  DeductionClaimed: 'ClaimDeduction',
  DisputeRaised: 'RaiseDispute',
  PaymentReported: 'ReportPayment',
  CustomerReplied: 'RecordReply',
  ReplyHandled: 'HandleReply',
  FreshLinkRequested: 'RequestFreshLink',
  CustomerLinkRevoked: 'RevokeCustomerLink',
  ContactLogged: 'LogContact',
  PromiseMade: 'MakePromise',
  PaymentPlanAgreed: 'AgreePaymentPlan',
  CreditLimitChangeRecommended: 'RecommendCreditLimitChange',
  CreditHoldPlaced: 'PlaceCreditHold',
  CreditHoldLifted: 'LiftCreditHold',
  ReferredToAgency: 'ReferToAgency',
  AgencyRecallMade: 'RecallFromAgency',
  LegalActionInitiated: 'InitiateLegalAction',
  EscalationDeclined: 'DeclineEscalation',
  RecoveryReceived: 'ReceiveRecovery',
  PostMortemRecorded: 'RecordPostMortem',
};

/**
 * Why the replayed account would refuse a recorded external fact, or undefined when it takes it:
 * a promise on an invoice the proposed policy already referred, a decline of an escalation it
 * never proposed. Facts no command records as is (what a command derives: a promise kept by a
 * payment, cash applied) are held as recorded, as the facts that caused them are.
 */
export function refusalOf(event: CollectionEvent, account: AccountState): string | undefined {
  const type = COMMAND_RECORDING[event.type];
  if (type === undefined) return undefined;
  try {
    decide({ type, data: event.data } as CollectionCommand, account);
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}: ${error.message}`;
    throw error;
  }
}
