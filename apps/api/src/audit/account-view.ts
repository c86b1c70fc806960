import { AccountState, ActiveAccount, BusinessDate, daysBetween, unappliedCashOf } from '@collections/domain';
import { AccountBalance, AccountCash, AccountDunning, AccountInvoice, AccountStateView, InvoiceStatus } from './account-state-responses';

/** Dunning before anything was sent or logged. */
const NO_DUNNING: AccountDunning = { highestReminderLevel: 0, lastReminderOn: null, finalNotice: null, lastContactOn: null };

/** The account as of a date, in the shape the state endpoint answers with. */
export function accountView(customerId: string, asOf: BusinessDate, state: AccountState): AccountStateView {
  if (state.status === 'empty') {
    // Before its first event: the same fields, nothing in them.
    return {
      customerId,
      asOf,
      collectorId: null,
      creditHold: null,
      creditLimitRecommendation: null,
      invoices: [],
      balances: [],
      unappliedCash: {},
      cash: [],
      promises: [],
      paymentPlans: [],
      disputes: [],
      agencyReferrals: [],
      legalActions: [],
      writeOffs: [],
      postMortems: [],
      dunning: NO_DUNNING,
    };
  }
  const invoices = [...state.invoices.values()].map((invoice): AccountInvoice => {
    const daysPastDue = Math.max(0, daysBetween(invoice.dueOn, asOf));
    const status: InvoiceStatus =
      invoice.balance > 0 ? (daysPastDue > 0 ? 'overdue' : 'open') : invoice.writtenOff > 0 ? 'written_off' : 'paid';
    return { ...invoice, status, daysPastDue: invoice.balance > 0 ? daysPastDue : 0 };
  });
  const balances = new Map<string, AccountBalance>();
  for (const invoice of invoices) {
    const total = balances.get(invoice.currency) ?? { currency: invoice.currency, open: 0, overdue: 0, disputed: 0 };
    total.open += invoice.balance;
    if (invoice.status === 'overdue') total.overdue += invoice.balance;
    balances.set(invoice.currency, total);
  }
  for (const dispute of state.disputes.values()) {
    const total = balances.get(dispute.currency);
    if (dispute.status === 'open' && total) total.disputed += dispute.amount;
  }
  return {
    customerId,
    asOf,
    collectorId: state.collectorId ?? null,
    creditHold: state.creditHold ?? null,
    creditLimitRecommendation: state.creditLimitRecommendation ?? null,
    invoices,
    balances: [...balances.values()],
    unappliedCash: Object.fromEntries(unappliedCashOf(state)),
    cash: cashOf(state),
    promises: [...state.promises.values()],
    paymentPlans: [...state.paymentPlans.values()],
    disputes: [...state.disputes.values()],
    agencyReferrals: [...state.agencyReferrals.values()],
    legalActions: [...state.legalActions.values()],
    writeOffs: [...state.writeOffs.values()],
    postMortems: [...state.postMortems.values()],
    dunning: {
      highestReminderLevel: state.highestReminderLevel,
      lastReminderOn: state.lastReminderOn ?? null,
      finalNotice: state.finalNotice ?? null,
      lastContactOn: state.lastContactOn ?? null,
    },
  };
}

/** The account's received cash with its applications listed (the state keeps them by id). */
function cashOf(account: ActiveAccount): AccountCash[] {
  return [...account.cash.values()].map(({ paymentId, amount, currency, receivedOn, applied, refunded, unapplied, applications }) => ({
    paymentId,
    amount,
    currency,
    receivedOn,
    applied,
    refunded,
    unapplied,
    applications: [...applications.values()].map(({ applicationId, allocations, appliedOn, rule, status }) => ({
      applicationId,
      allocations: allocations.map(({ invoiceId, amount: allocated }) => ({ invoiceId, amount: allocated })),
      appliedOn,
      rule,
      status,
    })),
  }));
}
