import {
  ACCOUNT_EVENT_TYPES,
  BusinessDate,
  CashApplicationRule,
  CollectionEvent,
  CurrencyCode,
  UnidentifiedCashEvent,
  isUnidentifiedCashEvent,
} from '@collections/domain';
import { ReadDocument } from '@collections/read-store';
import { Actor, StoredCollectionEvent } from '@collections/event-processor';
import { BatchDocuments, Projection } from '../projection';

/**
 * The auditor's trail as a queryable collection: one document per event with who did it, when,
 * why, which invoices it touched and the customer's open balance right after it. A trail is a
 * customer's: unidentified cash (no customer yet) has none; once assigned, it arrives on the
 * account as unapplied cash and is in that customer's trail from there.
 */
export const AUDIT_TRAIL = 'audit_trail';
/** Per customer, what the trail needs to know to write the next entry. */
export const AUDIT_ACCOUNTS = 'audit_accounts';

/** One event of a customer's trail: who did what, when and why, and the balance after it. */
export interface AuditEntry {
  customerId: string;
  revision: number;
  position: number;
  type: CollectionEvent['type'];
  occurredAt: BusinessDate;
  recordedAt: string;
  actor: Actor;
  /** The reason, note or description the actor gave, if any. */
  why: string | null;
  invoiceIds: string[];
  data: CollectionEvent['data'];
  /** The customer's open balance per currency right after the event. */
  balanceAfter: { currency: CurrencyCode; balance: number }[];
}

export interface AuditEntryDocument extends ReadDocument, AuditEntry {}

interface AuditAccountDocument extends ReadDocument {
  invoices: { invoiceId: string; currency: CurrencyCode; balance: number }[];
  /** Promise, plan, proposal and cash (payment) ids with their invoices, for the events that name only the id. */
  arrangements: { id: string; invoiceIds: string[] }[];
  disputes: { disputeId: string; invoiceId: string }[];
}

export const auditEntryId = (customerId: string, revision: number): string => `${customerId}/${String(revision).padStart(10, '0')}`;

export const auditTrailProjection: Projection = {
  name: 'audit-trail',
  // 2: proposals' invoices are remembered, so that a declined proposal's entry names them.
  // 3: cash application; unidentified cash, which is no customer's, has no entries.
  version: 3,
  collections: [
    // A customer's trail is short enough to sort after the lookup: one key per entry is all it takes.
    { name: AUDIT_TRAIL, indexes: [{ keys: { customerId: 1 } }] },
    { name: AUDIT_ACCOUNTS, indexes: [] },
  ],
  // Every event of an account is an entry of its customer's trail.
  eventTypes: ACCOUNT_EVENT_TYPES,

  async apply(projected: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    const { event, customerId } = projected;
    // Not subscribed to; checked as well, as a trail keyed '' would mix every unidentified payment.
    if (customerId === '' || isUnidentifiedCashEvent(event)) return;
    const account = (await documents.get<AuditAccountDocument>(AUDIT_ACCOUNTS, customerId)) ?? {
      _id: customerId,
      invoices: [],
      arrangements: [],
      disputes: [],
    };
    remember(account, event);
    documents.put(AUDIT_ACCOUNTS, account);
    const entry: AuditEntryDocument = {
      _id: auditEntryId(customerId, projected.revision),
      customerId,
      revision: projected.revision,
      position: projected.position,
      type: event.type,
      occurredAt: projected.metadata.occurredAt,
      recordedAt: projected.metadata.recordedAt,
      actor: projected.metadata.actor,
      why: reasonOf(event),
      invoiceIds: invoicesOf(event, account),
      data: event.data,
      balanceAfter: balancesOf(account),
    };
    documents.put(AUDIT_TRAIL, entry);
  },
};

/** An event of a customer's account stream: what a trail holds. */
type AccountEvent = Exclude<CollectionEvent, UnidentifiedCashEvent>;

/** The thread of a payment's cash: the invoices it was applied to, for its refund's entry. */
const cashThread = (paymentId: string): string => `cash:${paymentId}`;

/** Folds the event into what later entries need: balances, and which invoices ids refer to. */
function remember(account: AuditAccountDocument, event: AccountEvent): void {
  const reduce = (invoiceId: string, amount: number) => {
    const invoice = account.invoices.find((candidate) => candidate.invoiceId === invoiceId);
    if (invoice) invoice.balance -= amount;
  };
  switch (event.type) {
    case 'InvoiceRegistered':
      account.invoices.push({ invoiceId: event.data.invoiceId, currency: event.data.currency, balance: event.data.amount });
      return;
    case 'PaymentReceived':
    case 'CreditMemoIssued':
      reduce(event.data.invoiceId, event.data.amount);
      return;
    case 'WrittenOff':
      event.data.invoices.forEach(({ invoiceId, amount }) => reduce(invoiceId, amount));
      return;
    case 'UnappliedCashReceived':
      account.arrangements.push({ id: cashThread(event.data.paymentId), invoiceIds: [] });
      return;
    case 'CashApplied': {
      event.data.allocations.forEach(({ invoiceId, amount }) => reduce(invoiceId, amount));
      const thread = account.arrangements.find((candidate) => candidate.id === cashThread(event.data.paymentId));
      const invoiceIds = event.data.allocations.map(({ invoiceId }) => invoiceId);
      // A fresh array: the event's own may not be changed, nor shared with a document that grows.
      if (thread) thread.invoiceIds = [...new Set([...thread.invoiceIds, ...invoiceIds])];
      else account.arrangements.push({ id: cashThread(event.data.paymentId), invoiceIds });
      return;
    }
    case 'CashUnapplied':
      // The reversed allocations are open on the invoices again.
      event.data.allocations.forEach(({ invoiceId, amount }) => reduce(invoiceId, -amount));
      return;
    case 'PromiseMade':
      account.arrangements.push({ id: `promise:${event.data.promiseId}`, invoiceIds: event.data.invoiceIds });
      return;
    case 'PaymentPlanAgreed':
      account.arrangements.push({ id: `plan:${event.data.planId}`, invoiceIds: event.data.invoiceIds });
      return;
    case 'EscalationProposed':
      account.arrangements.push({ id: `proposal:${event.data.proposalId}`, invoiceIds: event.data.invoiceIds });
      return;
    case 'DisputeRaised':
      account.disputes.push({ disputeId: event.data.disputeId, invoiceId: event.data.invoiceId });
      return;
    case 'DeductionClaimed':
      account.disputes.push({ disputeId: event.data.deductionId, invoiceId: event.data.invoiceId });
      return;
    default:
      return;
  }
}

function balancesOf(account: AuditAccountDocument): AuditEntryDocument['balanceAfter'] {
  const totals = new Map<CurrencyCode, number>();
  for (const { currency, balance } of account.invoices) totals.set(currency, (totals.get(currency) ?? 0) + balance);
  return [...totals].map(([currency, balance]) => ({ currency, balance }));
}

function invoicesOf(event: AccountEvent, account: AuditAccountDocument): string[] {
  const arrangement = (id: string) => account.arrangements.find((candidate) => candidate.id === id)?.invoiceIds ?? [];
  switch (event.type) {
    case 'InvoiceRegistered':
    case 'PaymentReceived':
    case 'CreditMemoIssued':
    case 'InvoiceOverdue':
    case 'DeductionClaimed':
    case 'DisputeRaised':
    case 'DisputeResolved':
    case 'DisputeAssigned':
    case 'DisputeOwnerReminded':
    case 'RecoveryReceived':
      return [event.data.invoiceId];
    case 'ReminderSent':
    case 'FinalNoticeSent':
    case 'PromiseMade':
    case 'PaymentPlanAgreed':
    case 'ReferredToAgency':
    case 'LegalActionInitiated':
    case 'CallTaskScheduled':
    case 'EscalationProposed':
    case 'PaymentReported':
      return event.data.invoiceIds;
    case 'WrittenOff':
      return event.data.invoices.map((invoice) => invoice.invoiceId);
    case 'CashApplied':
    case 'CashUnapplied':
      return event.data.allocations.map((allocation) => allocation.invoiceId);
    case 'UnappliedCashRefunded':
      return arrangement(cashThread(event.data.paymentId));
    case 'PromiseKept':
    case 'PromiseBroken':
      return arrangement(`promise:${event.data.promiseId}`);
    case 'InstallmentPaid':
    case 'InstallmentMissed':
      return arrangement(`plan:${event.data.planId}`);
    case 'EscalationDeclined':
      return arrangement(`proposal:${event.data.proposalId}`);
    case 'CollectorAssigned':
    case 'UnappliedCashReceived':
    case 'PayerAccountRecorded':
    case 'ContactLogged':
    case 'CreditLimitChangeRecommended':
    case 'CreditHoldPlaced':
    case 'CreditHoldLifted':
    case 'AgencyRecallMade':
    case 'PostMortemRecorded':
    case 'CustomerReplied':
    case 'ReplyHandled':
    case 'FreshLinkRequested':
    case 'CustomerLinkRevoked':
      return [];
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** Why cash went on an invoice, in words: the rule its application names. */
const CASH_APPLICATION_RULE_WORDS: Record<CashApplicationRule, string> = {
  'remittance-reference': 'the remittance names the invoice',
  'exact-amount': "the amount equals the invoice's balance",
  'exact-set': "the amount equals these invoices' balances together",
  'oldest-first': 'oldest due first',
  'named-invoice': 'paid on this invoice, more than its balance: the rest is kept on account',
  manual: 'chosen by hand',
};

/** The words an actor gave for what they did (or, for what a rule did, the rule's). */
export function reasonOf(event: AccountEvent): string | null {
  switch (event.type) {
    case 'CreditMemoIssued':
    case 'CreditLimitChangeRecommended':
    case 'CreditHoldPlaced':
    case 'CreditHoldLifted':
    case 'ReferredToAgency':
    case 'AgencyRecallMade':
    case 'LegalActionInitiated':
    case 'WrittenOff':
    case 'EscalationProposed':
    case 'EscalationDeclined':
    case 'CashUnapplied':
    case 'UnappliedCashRefunded':
      return event.data.reason;
    case 'UnappliedCashReceived':
      return event.data.remittance ?? null;
    case 'CashApplied':
      return CASH_APPLICATION_RULE_WORDS[event.data.rule];
    case 'PayerAccountRecorded':
      return event.data.source === 'payment' ? 'learned from a payment identified otherwise' : 'entered by hand';
    case 'CallTaskScheduled':
      return event.data.reason.replace(/_/g, ' ');
    case 'DisputeRaised':
      return event.data.description ?? event.data.category;
    case 'DeductionClaimed':
      return event.data.programme;
    case 'DisputeResolved':
      return event.data.note ?? event.data.resolution;
    case 'ReminderSent':
      return `${event.data.template} (level ${event.data.level})`;
    case 'FinalNoticeSent':
      return `referral to an agency on ${event.data.referralOn}`;
    case 'ContactLogged':
      return event.data.reasonForLateness ?? event.data.outcome;
    case 'PostMortemRecorded':
      return event.data.summary;
    case 'DisputeAssigned':
      return `owner ${event.data.ownerTeam}${event.data.ownerId === undefined ? '' : ` (${event.data.ownerId})`}, target ${event.data.targetOn}`;
    case 'DisputeOwnerReminded':
      return `past its target ${event.data.targetOn}`;
    case 'PaymentReported':
      return event.data.reference === undefined
        ? `paid on ${event.data.paidOn}`
        : `paid on ${event.data.paidOn}, reference ${event.data.reference}`;
    case 'CustomerReplied':
      return event.data.kind === 'reply' ? event.data.subject : `${event.data.kind.replace(/_/g, ' ')}: ${event.data.subject}`;
    case 'ReplyHandled':
    case 'CustomerLinkRevoked':
      return (event.type === 'ReplyHandled' ? event.data.note : event.data.reason) ?? null;
    default:
      return null;
  }
}
