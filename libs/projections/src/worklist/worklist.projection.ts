import { BusinessDate, CurrencyCode, latestOf } from '@collections/domain';
import { ReadDocument } from '@collections/read-store';
import { StoredCollectionEvent } from '@collections/event-processor';
import { BatchDocuments, Projection } from '../projection';

/**
 * What a collector needs to decide whom to call: per customer, the open invoices and everything
 * that holds them back from a call (open disputes, promises, current plans, agency, legal),
 * plus the signals that raise priority (broken promises). Which invoices are overdue depends
 * on the day the list is asked for, so the list itself is computed at query time.
 */
export const WORKLIST_ACCOUNTS = 'worklist_accounts';
/**
 * Invoices that left the list while cash was applied to them: an application may be reversed
 * (CashUnapplied names only invoice ids and amounts), and the invoice then returns with its
 * currency and due date from here. Apart from the accounts, so that lists never load them.
 */
export const WORKLIST_CASH_SETTLED = 'worklist_cash_settled';

export interface WorklistInvoice {
  invoiceId: string;
  currency: CurrencyCode;
  balance: number;
  dueOn: BusinessDate;
  /** Cash applied to it by applications that stand; absent when none. */
  cashApplied?: number;
}

export interface WorklistCashSettledDocument extends ReadDocument {
  invoiceId: string;
  currency: CurrencyCode;
  dueOn: BusinessDate;
  cashApplied: number;
}

const cashSettledId = (customerId: string, invoiceId: string): string => `${customerId}/${invoiceId}`;

export interface WorklistAccountDocument extends ReadDocument {
  customerId: string;
  /** null while nobody is assigned: the managers' unassigned list. */
  collectorId: string | null;
  /** Only invoices with something still open; a paid invoice leaves at once. */
  invoices: WorklistInvoice[];
  /** The earliest due date among open invoices: lets a query skip accounts with nothing overdue. */
  earliestDueOn: BusinessDate | null;
  openDisputes: { disputeId: string; invoiceId: string }[];
  openPromises: { promiseId: string; invoiceIds: string[]; promisedFor: BusinessDate }[];
  currentPlans: { planId: string; invoiceIds: string[]; installments: { number: number; dueOn: BusinessDate; open: boolean }[] }[];
  agencyReferrals: { referralId: string; invoiceIds: string[] }[];
  legalActions: { caseId: string; invoiceIds: string[] }[];
  brokenPromises: number;
  lastBrokenPromiseOn: BusinessDate | null;
  lastContactOn: BusinessDate | null;
  lastReminderLevel: number;
  creditHold: boolean;
  /** Cash on the account not yet applied to any invoice, per currency (only currencies with some). */
  unappliedCash: Record<CurrencyCode, number>;
  /**
   * A person's replies and fresh-link requests no collector has handled yet, as the decider's
   * `waitingMessagesOf` tells them (automatic replies and bounces never wait): the item is
   * `reply_waiting` while there is one.
   */
  waitingMessages: { messageId: string; receivedOn: BusinessDate }[];
}

export const worklistProjection: Projection = {
  name: 'worklist',
  // 2: cash applied and unapplied moves balances; unapplied cash per currency (cash_to_apply).
  // 3: replies and fresh-link requests waiting for a collector (reply_waiting).
  version: 3,
  collections: [
    { name: WORKLIST_ACCOUNTS, indexes: [{ keys: { collectorId: 1 } }, { keys: { earliestDueOn: 1 } }] },
    { name: WORKLIST_CASH_SETTLED, indexes: [] },
  ],
  eventTypes: [
    'InvoiceRegistered',
    'PaymentReceived',
    'UnappliedCashReceived',
    'CashApplied',
    'CashUnapplied',
    'UnappliedCashRefunded',
    'CreditMemoIssued',
    'WrittenOff',
    'CollectorAssigned',
    'DisputeRaised',
    'DeductionClaimed',
    'DisputeResolved',
    'PromiseMade',
    'PromiseKept',
    'PromiseBroken',
    'PaymentPlanAgreed',
    'InstallmentPaid',
    'InstallmentMissed',
    'ReferredToAgency',
    'AgencyRecallMade',
    'LegalActionInitiated',
    'ContactLogged',
    'ReminderSent',
    'FinalNoticeSent',
    'CreditHoldPlaced',
    'CreditHoldLifted',
    'CustomerReplied',
    'FreshLinkRequested',
    'ReplyHandled',
  ],

  async apply({ event, customerId }: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    const account = (await documents.get<WorklistAccountDocument>(WORKLIST_ACCOUNTS, customerId)) ?? newAccount(customerId);
    account.unappliedCash ??= {};
    account.waitingMessages ??= [];
    const reduce = (invoiceId: string, amount: number, cashApplied = 0) => {
      const invoice = account.invoices.find((candidate) => candidate.invoiceId === invoiceId);
      if (!invoice) return;
      invoice.balance -= amount;
      if (cashApplied !== 0) invoice.cashApplied = (invoice.cashApplied ?? 0) + cashApplied;
      if (invoice.balance > 0) return;
      account.invoices = account.invoices.filter((candidate) => candidate !== invoice);
      if ((invoice.cashApplied ?? 0) > 0) {
        const { invoiceId: id, currency, dueOn, cashApplied: applied = 0 } = invoice;
        documents.put<WorklistCashSettledDocument>(WORKLIST_CASH_SETTLED, {
          _id: cashSettledId(customerId, id),
          invoiceId: id,
          currency,
          dueOn,
          cashApplied: applied,
        });
      }
    };
    // A reversed application: the amount is open again, on the list or back on it.
    const restore = async (invoiceId: string, amount: number) => {
      const invoice = account.invoices.find((candidate) => candidate.invoiceId === invoiceId);
      if (invoice) {
        invoice.balance += amount;
        invoice.cashApplied = (invoice.cashApplied ?? 0) - amount;
        return;
      }
      const settled = await documents.get<WorklistCashSettledDocument>(WORKLIST_CASH_SETTLED, cashSettledId(customerId, invoiceId));
      if (!settled) return;
      documents.delete(WORKLIST_CASH_SETTLED, settled._id);
      const { currency, dueOn, cashApplied } = settled;
      account.invoices.push({ invoiceId, currency, balance: amount, dueOn, cashApplied: cashApplied - amount });
    };
    const changeUnapplied = (currency: CurrencyCode, change: number) => {
      const unapplied = (account.unappliedCash[currency] ?? 0) + change;
      if (unapplied > 0) account.unappliedCash[currency] = unapplied;
      else delete account.unappliedCash[currency];
    };
    const totalOf = (allocations: readonly { amount: number }[]) => allocations.reduce((sum, { amount }) => sum + amount, 0);
    switch (event.type) {
      case 'InvoiceRegistered': {
        const { invoiceId, currency, amount, dueOn } = event.data;
        account.invoices.push({ invoiceId, currency, balance: amount, dueOn });
        break;
      }
      case 'PaymentReceived':
      case 'CreditMemoIssued':
        reduce(event.data.invoiceId, event.data.amount);
        break;
      case 'WrittenOff':
        event.data.invoices.forEach(({ invoiceId, amount }) => reduce(invoiceId, amount));
        break;
      case 'UnappliedCashReceived':
        changeUnapplied(event.data.currency, event.data.amount);
        break;
      case 'CashApplied':
        event.data.allocations.forEach(({ invoiceId, amount }) => reduce(invoiceId, amount, amount));
        changeUnapplied(event.data.currency, -totalOf(event.data.allocations));
        break;
      case 'CashUnapplied':
        for (const { invoiceId, amount } of event.data.allocations) await restore(invoiceId, amount);
        changeUnapplied(event.data.currency, totalOf(event.data.allocations));
        break;
      case 'UnappliedCashRefunded':
        changeUnapplied(event.data.currency, -event.data.amount);
        break;
      case 'CollectorAssigned':
        account.collectorId = event.data.collectorId;
        break;
      case 'DisputeRaised':
        account.openDisputes.push({ disputeId: event.data.disputeId, invoiceId: event.data.invoiceId });
        break;
      case 'DeductionClaimed':
        account.openDisputes.push({ disputeId: event.data.deductionId, invoiceId: event.data.invoiceId });
        break;
      case 'DisputeResolved':
        account.openDisputes = account.openDisputes.filter((dispute) => dispute.disputeId !== event.data.disputeId);
        break;
      case 'PromiseMade': {
        const { promiseId, invoiceIds, promisedFor } = event.data;
        account.openPromises.push({ promiseId, invoiceIds, promisedFor });
        break;
      }
      case 'PromiseKept':
        account.openPromises = account.openPromises.filter((promise) => promise.promiseId !== event.data.promiseId);
        break;
      case 'PromiseBroken':
        account.openPromises = account.openPromises.filter((promise) => promise.promiseId !== event.data.promiseId);
        account.brokenPromises += 1;
        account.lastBrokenPromiseOn = latestOf(account.lastBrokenPromiseOn ?? undefined, event.data.brokenOn);
        break;
      case 'PaymentPlanAgreed': {
        const { planId, invoiceIds, installments } = event.data;
        account.currentPlans.push({
          planId,
          invoiceIds,
          installments: installments.map(({ number, dueOn }) => ({ number, dueOn, open: true })),
        });
        break;
      }
      case 'InstallmentPaid': {
        const plan = account.currentPlans.find((candidate) => candidate.planId === event.data.planId);
        const installment = plan?.installments.find((candidate) => candidate.number === event.data.installmentNumber);
        if (installment) installment.open = false;
        if (plan && plan.installments.every((candidate) => !candidate.open)) {
          account.currentPlans = account.currentPlans.filter((candidate) => candidate !== plan);
        }
        break;
      }
      case 'InstallmentMissed':
        // A missed installment defaults the plan: the invoices are to be called again.
        account.currentPlans = account.currentPlans.filter((plan) => plan.planId !== event.data.planId);
        break;
      case 'ReferredToAgency':
        account.agencyReferrals.push({ referralId: event.data.referralId, invoiceIds: event.data.invoiceIds });
        break;
      case 'AgencyRecallMade':
        account.agencyReferrals = account.agencyReferrals.filter((referral) => referral.referralId !== event.data.referralId);
        break;
      case 'LegalActionInitiated':
        account.legalActions.push({ caseId: event.data.caseId, invoiceIds: event.data.invoiceIds });
        break;
      case 'ContactLogged':
        account.lastContactOn = latestOf(account.lastContactOn ?? undefined, event.data.contactedOn);
        break;
      case 'ReminderSent':
        account.lastReminderLevel = Math.max(account.lastReminderLevel, event.data.level);
        break;
      case 'FinalNoticeSent':
        break;
      case 'CreditHoldPlaced':
        account.creditHold = true;
        break;
      case 'CreditHoldLifted':
        account.creditHold = false;
        break;
      case 'CustomerReplied':
        // Out-of-office answers and bounces are recorded, but nobody has to answer them.
        if (event.data.kind === 'reply') {
          account.waitingMessages.push({ messageId: event.data.replyId, receivedOn: event.data.receivedOn });
        }
        break;
      case 'FreshLinkRequested':
        account.waitingMessages.push({ messageId: event.data.requestId, receivedOn: event.data.requestedOn });
        break;
      case 'ReplyHandled':
        account.waitingMessages = account.waitingMessages.filter((message) => message.messageId !== event.data.replyId);
        break;
      default:
        return;
    }
    // Written-off and paid invoices leave the plans' and promises' reach as well.
    const open = new Set(account.invoices.map((invoice) => invoice.invoiceId));
    account.currentPlans = account.currentPlans.filter((plan) => plan.invoiceIds.some((id) => open.has(id)));
    account.earliestDueOn = account.invoices.reduce<BusinessDate | null>(
      (earliest, { dueOn }) => (earliest === null || dueOn < earliest ? dueOn : earliest),
      null,
    );
    documents.put(WORKLIST_ACCOUNTS, account);
  },
};

function newAccount(customerId: string): WorklistAccountDocument {
  return {
    _id: customerId,
    customerId,
    collectorId: null,
    invoices: [],
    earliestDueOn: null,
    openDisputes: [],
    openPromises: [],
    currentPlans: [],
    agencyReferrals: [],
    legalActions: [],
    brokenPromises: 0,
    lastBrokenPromiseOn: null,
    lastContactOn: null,
    lastReminderLevel: 0,
    creditHold: false,
    unappliedCash: {},
    waitingMessages: [],
  };
}
