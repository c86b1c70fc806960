import { BusinessDate, latestOf } from './business-date';
import {
  CallTaskReason,
  CollectionEvent,
  DisputeCategory,
  EscalationKind,
  DisputeResolution,
  Installment,
  PaymentPlanAgreed,
  PromiseMade,
  RootCause,
} from './events';
import { CurrencyCode } from './money';

/**
 * A customer's collection account as its events describe it. `evolve` folds one event into it;
 * it never throws and never checks rules (those belong to `decide`), so that any history that
 * was once accepted can always be replayed.
 */
export interface InvoiceState {
  invoiceId: string;
  amount: number;
  currency: CurrencyCode;
  issuedOn: BusinessDate;
  dueOn: BusinessDate;
  paid: number;
  credited: number;
  writtenOff: number;
  recovered: number;
  /** amount − paid − credited − written off; never negative. */
  balance: number;
  /** The day the policy engine found it past due and unpaid. */
  overdueOn?: BusinessDate;
}

export interface DisputeState {
  disputeId: string;
  /** A deduction is a dispute the customer settled by paying short. */
  kind: 'dispute' | 'deduction';
  invoiceId: string;
  amount: number;
  currency: CurrencyCode;
  category: DisputeCategory;
  raisedOn: BusinessDate;
  status: 'open' | 'resolved';
  resolution?: DisputeResolution;
  resolvedOn?: BusinessDate;
}

export interface PromiseState extends Omit<PromiseMade['data'], 'invoiceIds'> {
  invoiceIds: readonly string[];
  /** Paid on the promised invoices since the promise was made. */
  paid: number;
  status: 'open' | 'kept' | 'broken';
}

export interface InstallmentState extends Installment {
  status: 'due' | 'paid' | 'missed';
}

export interface PaymentPlanState extends Omit<PaymentPlanAgreed['data'], 'installments' | 'invoiceIds'> {
  invoiceIds: readonly string[];
  installments: readonly InstallmentState[];
  /** Paid on the plan's invoices since it was agreed. */
  paid: number;
  /** Defaulted once an installment is missed; completed once every installment is paid. */
  status: 'current' | 'defaulted' | 'completed';
}

export interface AgencyReferralState {
  referralId: string;
  agency: string;
  invoiceIds: readonly string[];
  referredOn: BusinessDate;
  status: 'active' | 'recalled';
  recalledOn?: BusinessDate;
}

export interface LegalActionState {
  caseId: string;
  invoiceIds: readonly string[];
  court: string;
  smallClaims: boolean;
  initiatedOn: BusinessDate;
}

export interface WriteOffState {
  writeOffId: string;
  invoiceIds: readonly string[];
  writtenOffOn: BusinessDate;
}

export interface PostMortemState {
  postMortemId: string;
  rootCause: RootCause;
  recordedOn: BusinessDate;
}

/** Where dunning stands for one invoice, so that no level is sent for it twice. */
export interface InvoiceDunningState {
  /** The highest dunning level sent for it (a reminder, or a call standing for a level); 0 for none. */
  level: number;
  lastReminderOn?: BusinessDate;
  finalNoticeOn?: BusinessDate;
  /** The agency-referral date its final notice announced. */
  referralOn?: BusinessDate;
}

export interface CallTaskState {
  taskId: string;
  reason: CallTaskReason;
  invoiceIds: readonly string[];
  collectorId?: string;
  dueOn: BusinessDate;
  scheduledOn: BusinessDate;
}

export interface EscalationProposalState {
  proposalId: string;
  kind: EscalationKind;
  invoiceIds: readonly string[];
  proposedOn: BusinessDate;
}

export interface EmptyAccount {
  status: 'empty';
}

export interface ActiveAccount {
  status: 'active';
  invoices: ReadonlyMap<string, InvoiceState>;
  collectorId?: string;
  disputes: ReadonlyMap<string, DisputeState>;
  promises: ReadonlyMap<string, PromiseState>;
  paymentPlans: ReadonlyMap<string, PaymentPlanState>;
  agencyReferrals: ReadonlyMap<string, AgencyReferralState>;
  legalActions: ReadonlyMap<string, LegalActionState>;
  writeOffs: ReadonlyMap<string, WriteOffState>;
  postMortems: ReadonlyMap<string, PostMortemState>;
  creditHold?: { reason: string; placedOn: BusinessDate };
  creditLimitRecommendation?: { recommendedLimit: number; currency: CurrencyCode; recommendedOn: BusinessDate };
  highestReminderLevel: number;
  lastReminderOn?: BusinessDate;
  finalNotice?: { sentOn: BusinessDate; referralOn: BusinessDate };
  lastContactOn?: BusinessDate;
  /** Per invoice id; an invoice no reminder or notice was sent for has no entry. */
  dunning: ReadonlyMap<string, InvoiceDunningState>;
  callTasks: ReadonlyMap<string, CallTaskState>;
  escalationProposals: ReadonlyMap<string, EscalationProposalState>;
  /**
   * Ids that must not be reused, as `kind:id` (payments, credit memos, reminders, contacts, …):
   * a second payment with the same id is a mistake, not a second payment.
   */
  usedIds: ReadonlySet<string>;
}

export type AccountState = EmptyAccount | ActiveAccount;

export const initialState = (): AccountState => ({ status: 'empty' });

function openAccount(state: AccountState): ActiveAccount {
  if (state.status === 'active') return state;
  return {
    status: 'active',
    invoices: new Map(),
    disputes: new Map(),
    promises: new Map(),
    paymentPlans: new Map(),
    agencyReferrals: new Map(),
    legalActions: new Map(),
    writeOffs: new Map(),
    postMortems: new Map(),
    highestReminderLevel: 0,
    dunning: new Map(),
    callTasks: new Map(),
    escalationProposals: new Map(),
    usedIds: new Set(),
  };
}

export const idKey = (kind: string, id: string): string => `${kind}:${id}`;

function withId(account: ActiveAccount, kind: string, id: string): ReadonlySet<string> {
  return new Set(account.usedIds).add(idKey(kind, id));
}

function put<V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> {
  return new Map(map).set(key, value);
}

/** Applies `change` to the entry at `key`; an unknown key leaves the map as it is. */
function update<V>(map: ReadonlyMap<string, V>, key: string, change: (value: V) => V): ReadonlyMap<string, V> {
  const value = map.get(key);
  return value === undefined ? map : put(map, key, change(value));
}

function settle(invoice: InvoiceState, change: Partial<Pick<InvoiceState, 'paid' | 'credited' | 'writtenOff'>>): InvoiceState {
  const next = { ...invoice, ...change };
  return { ...next, balance: Math.max(0, next.amount - next.paid - next.credited - next.writtenOff) };
}

/** A payment on an invoice counts toward every open promise and current plan that covers it. */
function applyPaymentToArrangements(
  account: ActiveAccount,
  invoiceId: string,
  amount: number,
  receivedOn: BusinessDate,
): Pick<ActiveAccount, 'promises' | 'paymentPlans'> {
  let promises = account.promises;
  for (const promise of account.promises.values()) {
    if (promise.status === 'open' && promise.invoiceIds.includes(invoiceId) && receivedOn >= promise.madeOn) {
      promises = put(promises, promise.promiseId, { ...promise, paid: promise.paid + amount });
    }
  }
  let paymentPlans = account.paymentPlans;
  for (const plan of account.paymentPlans.values()) {
    if (plan.status !== 'completed' && plan.invoiceIds.includes(invoiceId) && receivedOn >= plan.agreedOn) {
      paymentPlans = put(paymentPlans, plan.planId, { ...plan, paid: plan.paid + amount });
    }
  }
  return { promises, paymentPlans };
}

/** Applies `change` to the dunning entry of each invoice, starting from level 0 where there is none. */
function updateDunning(
  dunning: ReadonlyMap<string, InvoiceDunningState>,
  invoiceIds: readonly string[],
  change: (entry: InvoiceDunningState) => InvoiceDunningState,
): ReadonlyMap<string, InvoiceDunningState> {
  const next = new Map(dunning);
  for (const invoiceId of invoiceIds) next.set(invoiceId, change(next.get(invoiceId) ?? { level: 0 }));
  return next;
}

function markInstallment(
  plan: PaymentPlanState,
  installmentNumber: number,
  status: InstallmentState['status'],
): PaymentPlanState {
  const installments = plan.installments.map((installment) =>
    installment.number === installmentNumber ? { ...installment, status } : installment,
  );
  const nextStatus =
    status === 'missed'
      ? 'defaulted'
      : installments.every((installment) => installment.status === 'paid')
        ? 'completed'
        : plan.status;
  return { ...plan, installments, status: nextStatus };
}

export function evolve(state: AccountState, event: CollectionEvent): AccountState {
  // Only an invoice opens an account; anything else first would be a corrupt stream.
  if (state.status === 'empty' && event.type !== 'InvoiceRegistered') return state;
  const account = openAccount(state);
  switch (event.type) {
    case 'InvoiceRegistered': {
      const { invoiceId, amount, currency, issuedOn, dueOn } = event.data;
      const invoice: InvoiceState = {
        invoiceId,
        amount,
        currency,
        issuedOn,
        dueOn,
        paid: 0,
        credited: 0,
        writtenOff: 0,
        recovered: 0,
        balance: amount,
      };
      return { ...account, invoices: put(account.invoices, invoiceId, invoice) };
    }
    case 'PaymentReceived': {
      const { paymentId, invoiceId, amount, receivedOn } = event.data;
      return {
        ...account,
        ...applyPaymentToArrangements(account, invoiceId, amount, receivedOn),
        invoices: update(account.invoices, invoiceId, (invoice) => settle(invoice, { paid: invoice.paid + amount })),
        usedIds: withId(account, 'payment', paymentId),
      };
    }
    case 'CreditMemoIssued': {
      const { creditMemoId, invoiceId, amount } = event.data;
      return {
        ...account,
        invoices: update(account.invoices, invoiceId, (invoice) =>
          settle(invoice, { credited: invoice.credited + amount }),
        ),
        usedIds: withId(account, 'credit-memo', creditMemoId),
      };
    }
    case 'InvoiceOverdue':
      return {
        ...account,
        invoices: update(account.invoices, event.data.invoiceId, (invoice) => ({
          ...invoice,
          overdueOn: event.data.detectedOn,
        })),
      };
    case 'CollectorAssigned':
      return { ...account, collectorId: event.data.collectorId };
    case 'DeductionClaimed': {
      const { deductionId, invoiceId, amount, currency, claimedOn } = event.data;
      const deduction: DisputeState = {
        disputeId: deductionId,
        kind: 'deduction',
        invoiceId,
        amount,
        currency,
        category: 'deduction',
        raisedOn: claimedOn,
        status: 'open',
      };
      return { ...account, disputes: put(account.disputes, deductionId, deduction) };
    }
    case 'DisputeRaised': {
      const { disputeId, invoiceId, amount, currency, category, raisedOn } = event.data;
      const dispute: DisputeState = {
        disputeId,
        kind: 'dispute',
        invoiceId,
        amount,
        currency,
        category,
        raisedOn,
        status: 'open',
      };
      return { ...account, disputes: put(account.disputes, disputeId, dispute) };
    }
    case 'DisputeResolved': {
      const { disputeId, resolution, resolvedOn } = event.data;
      return {
        ...account,
        disputes: update(account.disputes, disputeId, (dispute) => ({
          ...dispute,
          status: 'resolved',
          resolution,
          resolvedOn,
        })),
      };
    }
    case 'ReminderSent':
      return {
        ...account,
        highestReminderLevel: Math.max(account.highestReminderLevel, event.data.level),
        lastReminderOn: latestOf(account.lastReminderOn, event.data.sentOn),
        dunning: updateDunning(account.dunning, event.data.invoiceIds, (entry) => ({
          ...entry,
          level: Math.max(entry.level, event.data.level),
          lastReminderOn: latestOf(entry.lastReminderOn, event.data.sentOn),
        })),
        usedIds: withId(account, 'reminder', event.data.reminderId),
      };
    case 'FinalNoticeSent':
      return {
        ...account,
        finalNotice: { sentOn: event.data.sentOn, referralOn: event.data.referralOn },
        dunning: updateDunning(account.dunning, event.data.invoiceIds, (entry) => ({
          ...entry,
          finalNoticeOn: event.data.sentOn,
          referralOn: event.data.referralOn,
        })),
        usedIds: withId(account, 'notice', event.data.noticeId),
      };
    case 'ContactLogged':
      return {
        ...account,
        lastContactOn: latestOf(account.lastContactOn, event.data.contactedOn),
        usedIds: withId(account, 'contact', event.data.contactId),
      };
    case 'PromiseMade': {
      const promise: PromiseState = { ...event.data, paid: 0, status: 'open' };
      return { ...account, promises: put(account.promises, promise.promiseId, promise) };
    }
    case 'PromiseKept':
      return {
        ...account,
        promises: update(account.promises, event.data.promiseId, (promise) => ({ ...promise, status: 'kept' })),
      };
    case 'PromiseBroken':
      return {
        ...account,
        promises: update(account.promises, event.data.promiseId, (promise) => ({ ...promise, status: 'broken' })),
      };
    case 'PaymentPlanAgreed': {
      const plan: PaymentPlanState = {
        ...event.data,
        installments: event.data.installments.map((installment) => ({ ...installment, status: 'due' })),
        paid: 0,
        status: 'current',
      };
      return { ...account, paymentPlans: put(account.paymentPlans, plan.planId, plan) };
    }
    case 'InstallmentPaid':
      return {
        ...account,
        paymentPlans: update(account.paymentPlans, event.data.planId, (plan) =>
          markInstallment(plan, event.data.installmentNumber, 'paid'),
        ),
      };
    case 'InstallmentMissed':
      return {
        ...account,
        paymentPlans: update(account.paymentPlans, event.data.planId, (plan) =>
          markInstallment(plan, event.data.installmentNumber, 'missed'),
        ),
      };
    case 'CreditLimitChangeRecommended': {
      const { recommendationId, recommendedLimit, currency, recommendedOn } = event.data;
      return {
        ...account,
        creditLimitRecommendation: { recommendedLimit, currency, recommendedOn },
        usedIds: withId(account, 'credit-limit-recommendation', recommendationId),
      };
    }
    case 'CreditHoldPlaced':
      return { ...account, creditHold: { reason: event.data.reason, placedOn: event.data.placedOn } };
    case 'CreditHoldLifted':
      return { ...account, creditHold: undefined };
    case 'ReferredToAgency': {
      const { referralId, agency, invoiceIds, referredOn } = event.data;
      const referral: AgencyReferralState = { referralId, agency, invoiceIds, referredOn, status: 'active' };
      return { ...account, agencyReferrals: put(account.agencyReferrals, referralId, referral) };
    }
    case 'AgencyRecallMade':
      return {
        ...account,
        agencyReferrals: update(account.agencyReferrals, event.data.referralId, (referral) => ({
          ...referral,
          status: 'recalled',
          recalledOn: event.data.recalledOn,
        })),
      };
    case 'LegalActionInitiated': {
      const { caseId, invoiceIds, court, smallClaims, initiatedOn } = event.data;
      return {
        ...account,
        legalActions: put(account.legalActions, caseId, { caseId, invoiceIds, court, smallClaims, initiatedOn }),
      };
    }
    case 'WrittenOff': {
      let invoices = account.invoices;
      for (const { invoiceId, amount } of event.data.invoices) {
        invoices = update(invoices, invoiceId, (invoice) => settle(invoice, { writtenOff: invoice.writtenOff + amount }));
      }
      const { writeOffId, writtenOffOn } = event.data;
      const invoiceIds = event.data.invoices.map((invoice) => invoice.invoiceId);
      // A plan whose invoices are written off has failed: nothing more is due under it.
      let paymentPlans = account.paymentPlans;
      for (const plan of account.paymentPlans.values()) {
        if (plan.status === 'current' && plan.invoiceIds.some((id) => invoiceIds.includes(id))) {
          paymentPlans = put(paymentPlans, plan.planId, { ...plan, status: 'defaulted' });
        }
      }
      return {
        ...account,
        invoices,
        paymentPlans,
        writeOffs: put(account.writeOffs, writeOffId, { writeOffId, invoiceIds, writtenOffOn }),
      };
    }
    case 'RecoveryReceived': {
      const { recoveryId, invoiceId, amount } = event.data;
      return {
        ...account,
        invoices: update(account.invoices, invoiceId, (invoice) => ({ ...invoice, recovered: invoice.recovered + amount })),
        usedIds: withId(account, 'recovery', recoveryId),
      };
    }
    case 'PostMortemRecorded': {
      const { postMortemId, rootCause, recordedOn } = event.data;
      return { ...account, postMortems: put(account.postMortems, postMortemId, { postMortemId, rootCause, recordedOn }) };
    }
    case 'CallTaskScheduled': {
      const { taskId, reason, invoiceIds, collectorId, dueOn, scheduledOn, level } = event.data;
      const task: CallTaskState = { taskId, reason, invoiceIds, dueOn, scheduledOn, ...(collectorId === undefined ? {} : { collectorId }) };
      // A call that stands for a dunning level counts as that level sent.
      const dunning =
        reason === 'dunning' && level !== undefined
          ? updateDunning(account.dunning, invoiceIds, (entry) => ({ ...entry, level: Math.max(entry.level, level) }))
          : account.dunning;
      return {
        ...account,
        dunning,
        callTasks: put(account.callTasks, taskId, task),
        usedIds: withId(account, 'call-task', taskId),
      };
    }
    case 'EscalationProposed': {
      const { proposalId, kind, invoiceIds, proposedOn } = event.data;
      return {
        ...account,
        escalationProposals: put(account.escalationProposals, proposalId, { proposalId, kind, invoiceIds, proposedOn }),
        usedIds: withId(account, 'escalation', proposalId),
      };
    }
    default: {
      // A type this release does not know (written by a newer one) changes nothing.
      const unknown: never = event;
      void unknown;
      return account;
    }
  }
}
