/**
 * Test helpers for the collection-account decider (jest only; not exported from the library).
 *
 *   given([invoiceRegistered()])
 *     .when(receivePayment({ amount: 4_000 }))
 *     .then([paymentReceived({ amount: 4_000 })]);
 *
 * `given` folds its events with `evolve` from `initialState()`, `when` runs `decide` on the result,
 * `then` compares the events it returns and `thenThrows` the DomainError it raises. The builders
 * below fill every field with a default that fits the default invoice (INV-1: 100.00 EUR issued
 * 2024-01-10, due 2024-02-09), so a test names only what it is about.
 */
import { CollectionCommand } from '../commands';
import { decide } from '../decide';
import { DomainError, DomainErrorCode } from '../errors';
import {
  AgencyRecallMade,
  CallTaskScheduled,
  CashApplied,
  CashUnapplied,
  EscalationDeclined,
  EscalationProposed,
  CollectionEvent,
  CollectorAssigned,
  ContactLogged,
  CreditHoldLifted,
  CreditHoldPlaced,
  CreditLimitChangeRecommended,
  CreditMemoIssued,
  DeductionClaimed,
  CustomerLinkRevoked,
  CustomerReplied,
  DisputeAssigned,
  DisputeOwnerReminded,
  DisputeRaised,
  DisputeResolved,
  FreshLinkRequested,
  PaymentReported,
  ReplyHandled,
  FinalNoticeSent,
  InstallmentMissed,
  InstallmentPaid,
  InvoiceOverdue,
  InvoiceRegistered,
  LegalActionInitiated,
  PaymentPlanAgreed,
  PaymentReceived,
  PostMortemRecorded,
  PromiseBroken,
  PromiseKept,
  PromiseMade,
  RecoveryReceived,
  ReferredToAgency,
  ReminderSent,
  UnappliedCashReceived,
  UnappliedCashRefunded,
  WrittenOff,
} from '../events';
import { AccountState, ActiveAccount, initialState } from '../account-state';
import { evolve } from '../evolve';

/** The state a stream of events describes. */
export function fold(events: readonly CollectionEvent[]): AccountState {
  return events.reduce<AccountState>((state, event) => evolve(state, event), initialState());
}

/** The state as an active account; fails the test if no invoice opened it. */
export function active(state: AccountState): ActiveAccount {
  if (state.status !== 'active') throw new Error('expected an active account');
  return state;
}

export function given(events: readonly CollectionEvent[] = []) {
  return {
    when(command: CollectionCommand) {
      const state = fold(events);
      return {
        then(expected: CollectionEvent[]): void {
          expect(decide(command, state)).toEqual(expected);
        },
        thenThrows(code: DomainErrorCode, messagePart?: string | RegExp): void {
          let produced: CollectionEvent[] | undefined;
          try {
            produced = decide(command, state);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe(code);
            if (messagePart !== undefined) expect((error as DomainError).message).toMatch(messagePart);
            return;
          }
          throw new Error(`Expected DomainError '${code}' but decide returned ${JSON.stringify(produced)}`);
        },
      };
    },
  };
}

// Builders. Defaults are deep-copied on every call, so a test may change what it gets back.

type Builder<T extends { data: unknown }> = (overrides?: Partial<T['data']>) => T;

function builder<T extends { type: string; data: object }>(type: T['type'], defaults: T['data']): Builder<T> {
  return (overrides = {}) => ({ type, data: { ...structuredClone(defaults), ...overrides } }) as T;
}

/** A command that carries exactly the data of the event it records. */
function commandFor<C extends CollectionCommand, E extends { data: object }>(type: C['type'], event: Builder<E>): Builder<C> {
  return (overrides = {}) => ({ type, data: event(overrides as Partial<E['data']>).data }) as C;
}

type CommandOf<T extends CollectionCommand['type']> = Extract<CollectionCommand, { type: T }>;

const EUR = 'EUR';

// Events

export const invoiceRegistered = builder<InvoiceRegistered>('InvoiceRegistered', {
  invoiceId: 'INV-1',
  amount: 10_000,
  currency: EUR,
  issuedOn: '2024-01-10',
  dueOn: '2024-02-09',
});
export const paymentReceived = builder<PaymentReceived>('PaymentReceived', {
  paymentId: 'PAY-1',
  invoiceId: 'INV-1',
  amount: 10_000,
  currency: EUR,
  receivedOn: '2024-02-01',
});
export const creditMemoIssued = builder<CreditMemoIssued>('CreditMemoIssued', {
  creditMemoId: 'CM-1',
  invoiceId: 'INV-1',
  amount: 1_000,
  currency: EUR,
  issuedOn: '2024-02-01',
  reason: 'Goodwill',
});
export const invoiceOverdue = builder<InvoiceOverdue>('InvoiceOverdue', {
  invoiceId: 'INV-1',
  dueOn: '2024-02-09',
  detectedOn: '2024-02-10',
  balance: 10_000,
  currency: EUR,
});
export const collectorAssigned = builder<CollectorAssigned>('CollectorAssigned', {
  collectorId: 'alice',
  assignedOn: '2024-02-10',
});
export const deductionClaimed = builder<DeductionClaimed>('DeductionClaimed', {
  deductionId: 'D-1',
  invoiceId: 'INV-1',
  amount: 500,
  currency: EUR,
  programme: 'Co-op marketing 2024',
  claimedOn: '2024-02-12',
});
export const disputeRaised = builder<DisputeRaised>('DisputeRaised', {
  disputeId: 'D-1',
  invoiceId: 'INV-1',
  amount: 2_000,
  currency: EUR,
  category: 'damaged_goods',
  raisedOn: '2024-02-12',
});
export const disputeResolved = builder<DisputeResolved>('DisputeResolved', {
  disputeId: 'D-1',
  invoiceId: 'INV-1',
  resolution: 'customer_liable',
  resolvedOn: '2024-02-20',
});
export const disputeAssigned = builder<DisputeAssigned>('DisputeAssigned', {
  disputeId: 'D-1',
  invoiceId: 'INV-1',
  ownerTeam: 'logistics',
  targetOn: '2024-02-26',
  assignedOn: '2024-02-12',
});
export const disputeOwnerReminded = builder<DisputeOwnerReminded>('DisputeOwnerReminded', {
  disputeId: 'D-1',
  invoiceId: 'INV-1',
  ownerTeam: 'logistics',
  targetOn: '2024-02-26',
  remindedOn: '2024-02-27',
});
export const paymentReported = builder<PaymentReported>('PaymentReported', {
  reportId: 'PR-1',
  invoiceIds: ['INV-1'],
  amount: 10_000,
  currency: EUR,
  paidOn: '2024-02-14',
  reference: 'INV-1',
  reportedOn: '2024-02-15',
});
export const customerReplied = builder<CustomerReplied>('CustomerReplied', {
  replyId: 'M-1',
  kind: 'reply',
  letterId: 'L-1',
  from: 'ap@customer.example',
  subject: 'Re: Payment reminder',
  receivedAt: '2024-02-15T09:30:00.000Z',
  receivedOn: '2024-02-15',
  attachments: [],
  text: 'We paid this on Monday.',
});
export const replyHandled = builder<ReplyHandled>('ReplyHandled', { replyId: 'M-1', handledOn: '2024-02-16' });
export const freshLinkRequested = builder<FreshLinkRequested>('FreshLinkRequested', {
  requestId: 'FL-1',
  letterId: 'L-1',
  requestedOn: '2024-04-20',
});
export const customerLinkRevoked = builder<CustomerLinkRevoked>('CustomerLinkRevoked', { letterId: 'L-1', revokedOn: '2024-02-20' });
export const reminderSent = builder<ReminderSent>('ReminderSent', {
  reminderId: 'R-1',
  invoiceIds: ['INV-1'],
  level: 1,
  channel: 'email',
  template: 'friendly',
  sentOn: '2024-02-15',
});
export const finalNoticeSent = builder<FinalNoticeSent>('FinalNoticeSent', {
  noticeId: 'FN-1',
  invoiceIds: ['INV-1'],
  channel: 'letter',
  sentOn: '2024-03-15',
  referralOn: '2024-03-29',
});
export const contactLogged = builder<ContactLogged>('ContactLogged', {
  contactId: 'C-1',
  contactedOn: '2024-02-16',
  channel: 'phone',
  person: 'Jonas (accounts payable)',
  outcome: 'reached',
});
export const promiseMade = builder<PromiseMade>('PromiseMade', {
  promiseId: 'PR-1',
  invoiceIds: ['INV-1'],
  amount: 10_000,
  currency: EUR,
  promisedFor: '2024-02-28',
  madeOn: '2024-02-16',
});
export const promiseKept = builder<PromiseKept>('PromiseKept', {
  promiseId: 'PR-1',
  keptOn: '2024-02-28',
  amountPaid: 10_000,
  currency: EUR,
});
export const promiseBroken = builder<PromiseBroken>('PromiseBroken', {
  promiseId: 'PR-1',
  brokenOn: '2024-02-29',
  amountPaid: 0,
  shortfall: 10_000,
  currency: EUR,
});
export const paymentPlanAgreed = builder<PaymentPlanAgreed>('PaymentPlanAgreed', {
  planId: 'PL-1',
  invoiceIds: ['INV-1'],
  currency: EUR,
  installments: [
    { number: 1, dueOn: '2024-03-01', amount: 5_000 },
    { number: 2, dueOn: '2024-04-01', amount: 5_000 },
  ],
  interestRateBasisPoints: 0,
  guarantors: [],
  agreedOn: '2024-02-20',
});
export const installmentPaid = builder<InstallmentPaid>('InstallmentPaid', {
  planId: 'PL-1',
  installmentNumber: 1,
  paidOn: '2024-03-01',
});
export const installmentMissed = builder<InstallmentMissed>('InstallmentMissed', {
  planId: 'PL-1',
  installmentNumber: 1,
  dueOn: '2024-03-01',
  detectedOn: '2024-03-02',
  shortfall: 5_000,
  currency: EUR,
});
export const creditLimitChangeRecommended = builder<CreditLimitChangeRecommended>('CreditLimitChangeRecommended', {
  recommendationId: 'CL-1',
  recommendedLimit: 0,
  currency: EUR,
  reason: 'Repeated broken promises',
  recommendedOn: '2024-03-05',
});
export const creditHoldPlaced = builder<CreditHoldPlaced>('CreditHoldPlaced', {
  reason: 'Referred to agency',
  placedOn: '2024-04-01',
});
export const creditHoldLifted = builder<CreditHoldLifted>('CreditHoldLifted', {
  reason: 'Paid in full',
  liftedOn: '2024-05-01',
});
export const referredToAgency = builder<ReferredToAgency>('ReferredToAgency', {
  referralId: 'AG-1',
  agency: 'Acme Collections',
  invoiceIds: ['INV-1'],
  reason: 'In-house steps exhausted',
  referredOn: '2024-04-01',
});
export const agencyRecallMade = builder<AgencyRecallMade>('AgencyRecallMade', {
  referralId: 'AG-1',
  reason: 'Customer agreed to pay us directly',
  recalledOn: '2024-04-15',
});
export const legalActionInitiated = builder<LegalActionInitiated>('LegalActionInitiated', {
  caseId: 'LA-1',
  invoiceIds: ['INV-1'],
  court: 'Vilnius District Court',
  smallClaims: true,
  reason: 'Strong case, customer has assets',
  initiatedOn: '2024-05-01',
});
export const writtenOff = builder<WrittenOff>('WrittenOff', {
  writeOffId: 'WO-1',
  invoices: [{ invoiceId: 'INV-1', amount: 10_000, currency: EUR }],
  reason: 'Customer insolvent',
  writtenOffOn: '2024-06-01',
});
export const recoveryReceived = builder<RecoveryReceived>('RecoveryReceived', {
  recoveryId: 'RC-1',
  invoiceId: 'INV-1',
  amount: 2_000,
  currency: EUR,
  receivedOn: '2024-07-01',
});
export const postMortemRecorded = builder<PostMortemRecorded>('PostMortemRecorded', {
  postMortemId: 'PM-1',
  rootCause: 'credit_risk_misjudged',
  summary: 'Credit was extended without a current financial statement',
  actionItems: [{ description: 'Require statements above 50k', owner: 'credit', dueOn: '2024-07-31' }],
  recordedOn: '2024-06-15',
});

export const callTaskScheduled = builder<CallTaskScheduled>('CallTaskScheduled', {
  taskId: 'CT-1',
  reason: 'dunning',
  invoiceIds: ['INV-1'],
  collectorId: 'alice',
  dueOn: '2024-02-20',
  scheduledOn: '2024-02-20',
  level: 2,
});
export const escalationProposed = builder<EscalationProposed>('EscalationProposed', {
  proposalId: 'ESC-1',
  kind: 'agency_referral',
  invoiceIds: ['INV-1'],
  balances: [{ amount: 10_000, currency: EUR }],
  daysPastDue: 98,
  reason: 'In-house steps exhausted',
  proposedOn: '2024-05-17',
});
export const escalationDeclined = builder<EscalationDeclined>('EscalationDeclined', {
  proposalId: 'ESC-1',
  reason: 'Customer is negotiating a plan',
  declinedOn: '2024-05-20',
});

// Commands: where a command carries its event's data, its defaults are the event's.

export const registerInvoice = commandFor<CommandOf<'RegisterInvoice'>, InvoiceRegistered>('RegisterInvoice', invoiceRegistered);
export const receivePayment = commandFor<CommandOf<'ReceivePayment'>, PaymentReceived>('ReceivePayment', paymentReceived);
export const issueCreditMemo = builder<CommandOf<'IssueCreditMemo'>>('IssueCreditMemo', {
  creditMemoId: 'CM-1',
  invoiceId: 'INV-1',
  amount: 1_000,
  currency: EUR,
  issuedOn: '2024-02-01',
  reason: 'Goodwill',
});
export const markInvoiceOverdue = builder<CommandOf<'MarkInvoiceOverdue'>>('MarkInvoiceOverdue', {
  invoiceId: 'INV-1',
  detectedOn: '2024-02-10',
});
export const assignCollector = commandFor<CommandOf<'AssignCollector'>, CollectorAssigned>('AssignCollector', collectorAssigned);
export const claimDeduction = commandFor<CommandOf<'ClaimDeduction'>, DeductionClaimed>('ClaimDeduction', deductionClaimed);
export const raiseDispute = commandFor<CommandOf<'RaiseDispute'>, DisputeRaised>('RaiseDispute', disputeRaised);
export const resolveDispute = builder<CommandOf<'ResolveDispute'>>('ResolveDispute', {
  disputeId: 'D-1',
  resolution: 'customer_liable',
  resolvedOn: '2024-02-20',
});
export const assignDispute = builder<CommandOf<'AssignDispute'>>('AssignDispute', {
  disputeId: 'D-1',
  ownerTeam: 'logistics',
  targetOn: '2024-02-26',
  assignedOn: '2024-02-12',
});
export const remindDisputeOwner = builder<CommandOf<'RemindDisputeOwner'>>('RemindDisputeOwner', {
  disputeId: 'D-1',
  remindedOn: '2024-02-27',
});
export const reportPayment = commandFor<CommandOf<'ReportPayment'>, PaymentReported>('ReportPayment', paymentReported);
export const recordReply = commandFor<CommandOf<'RecordReply'>, CustomerReplied>('RecordReply', customerReplied);
export const handleReply = commandFor<CommandOf<'HandleReply'>, ReplyHandled>('HandleReply', replyHandled);
export const requestFreshLink = commandFor<CommandOf<'RequestFreshLink'>, FreshLinkRequested>('RequestFreshLink', freshLinkRequested);
export const revokeCustomerLink = commandFor<CommandOf<'RevokeCustomerLink'>, CustomerLinkRevoked>(
  'RevokeCustomerLink',
  customerLinkRevoked,
);
export const sendReminder = commandFor<CommandOf<'SendReminder'>, ReminderSent>('SendReminder', reminderSent);
export const sendFinalNotice = commandFor<CommandOf<'SendFinalNotice'>, FinalNoticeSent>('SendFinalNotice', finalNoticeSent);
export const logContact = commandFor<CommandOf<'LogContact'>, ContactLogged>('LogContact', contactLogged);
export const makePromise = commandFor<CommandOf<'MakePromise'>, PromiseMade>('MakePromise', promiseMade);
export const confirmPromiseKept = builder<CommandOf<'ConfirmPromiseKept'>>('ConfirmPromiseKept', {
  promiseId: 'PR-1',
  keptOn: '2024-02-28',
});
export const declarePromiseBroken = builder<CommandOf<'DeclarePromiseBroken'>>('DeclarePromiseBroken', {
  promiseId: 'PR-1',
  brokenOn: '2024-02-29',
});
export const agreePaymentPlan = commandFor<CommandOf<'AgreePaymentPlan'>, PaymentPlanAgreed>('AgreePaymentPlan', paymentPlanAgreed);
export const confirmInstallmentPaid = commandFor<CommandOf<'ConfirmInstallmentPaid'>, InstallmentPaid>(
  'ConfirmInstallmentPaid',
  installmentPaid,
);
export const declareInstallmentMissed = builder<CommandOf<'DeclareInstallmentMissed'>>('DeclareInstallmentMissed', {
  planId: 'PL-1',
  installmentNumber: 1,
  detectedOn: '2024-03-02',
});
export const recommendCreditLimitChange = commandFor<CommandOf<'RecommendCreditLimitChange'>, CreditLimitChangeRecommended>(
  'RecommendCreditLimitChange',
  creditLimitChangeRecommended,
);
export const placeCreditHold = commandFor<CommandOf<'PlaceCreditHold'>, CreditHoldPlaced>('PlaceCreditHold', creditHoldPlaced);
export const liftCreditHold = commandFor<CommandOf<'LiftCreditHold'>, CreditHoldLifted>('LiftCreditHold', creditHoldLifted);
export const referToAgency = commandFor<CommandOf<'ReferToAgency'>, ReferredToAgency>('ReferToAgency', referredToAgency);
export const recallFromAgency = commandFor<CommandOf<'RecallFromAgency'>, AgencyRecallMade>('RecallFromAgency', agencyRecallMade);
export const initiateLegalAction = commandFor<CommandOf<'InitiateLegalAction'>, LegalActionInitiated>(
  'InitiateLegalAction',
  legalActionInitiated,
);
export const writeOff = builder<CommandOf<'WriteOff'>>('WriteOff', {
  writeOffId: 'WO-1',
  invoiceIds: ['INV-1'],
  reason: 'Customer insolvent',
  writtenOffOn: '2024-06-01',
});
export const receiveRecovery = commandFor<CommandOf<'ReceiveRecovery'>, RecoveryReceived>('ReceiveRecovery', recoveryReceived);
export const recordPostMortem = commandFor<CommandOf<'RecordPostMortem'>, PostMortemRecorded>('RecordPostMortem', postMortemRecorded);
export const scheduleCallTask = commandFor<CommandOf<'ScheduleCallTask'>, CallTaskScheduled>('ScheduleCallTask', callTaskScheduled);
export const proposeEscalation = builder<CommandOf<'ProposeEscalation'>>('ProposeEscalation', {
  proposalId: 'ESC-1',
  kind: 'agency_referral',
  invoiceIds: ['INV-1'],
  reason: 'In-house steps exhausted',
  proposedOn: '2024-05-17',
});
export const declineEscalation = commandFor<CommandOf<'DeclineEscalation'>, EscalationDeclined>('DeclineEscalation', escalationDeclined);

// Cash application: PAY-B1, 150.00 EUR booked 2024-02-05, not yet applied.
export const unappliedCashReceived = builder<UnappliedCashReceived>('UnappliedCashReceived', {
  paymentId: 'PAY-B1',
  amount: 15_000,
  currency: EUR,
  receivedOn: '2024-02-05',
});
export const cashApplied = builder<CashApplied>('CashApplied', {
  paymentId: 'PAY-B1',
  applicationId: 'APP-1',
  allocations: [{ invoiceId: 'INV-1', amount: 10_000 }],
  currency: EUR,
  appliedOn: '2024-02-05',
  rule: 'manual',
});
export const cashUnapplied = builder<CashUnapplied>('CashUnapplied', {
  paymentId: 'PAY-B1',
  applicationId: 'APP-1',
  allocations: [{ invoiceId: 'INV-1', amount: 10_000 }],
  currency: EUR,
  unappliedOn: '2024-02-07',
  reason: 'Applied to the wrong invoice',
});
export const unappliedCashRefunded = builder<UnappliedCashRefunded>('UnappliedCashRefunded', {
  paymentId: 'PAY-B1',
  refundId: 'RF-1',
  amount: 5_000,
  currency: EUR,
  refundedOn: '2024-02-10',
  reason: 'Overpaid',
});
export const receiveCash = builder<CommandOf<'ReceiveCash'>>('ReceiveCash', unappliedCashReceived().data);
export const applyCash = builder<CommandOf<'ApplyCash'>>('ApplyCash', {
  paymentId: 'PAY-B1',
  applicationId: 'APP-1',
  allocations: [{ invoiceId: 'INV-1', amount: 10_000 }],
  appliedOn: '2024-02-05',
});
export const unapplyCash = builder<CommandOf<'UnapplyCash'>>('UnapplyCash', {
  paymentId: 'PAY-B1',
  applicationId: 'APP-1',
  unappliedOn: '2024-02-07',
  reason: 'Applied to the wrong invoice',
});
export const refundCash = builder<CommandOf<'RefundCash'>>('RefundCash', {
  paymentId: 'PAY-B1',
  refundId: 'RF-1',
  amount: 5_000,
  refundedOn: '2024-02-10',
  reason: 'Overpaid',
});
export const recordPayerAccount = builder<CommandOf<'RecordPayerAccount'>>('RecordPayerAccount', {
  account: 'LT121000011101001000',
  recordedOn: '2024-02-05',
});
