import {
  AccountState,
  AgencyReferralState,
  openAccount,
  put,
  settle,
  update,
  withId,
} from './account-state';
import { CollectionEvent } from './events';
import { collectorAssigned, creditMemoIssued, invoiceOverdue, invoiceRegistered, paymentReceived } from './steps/intake-and-cash/intake-and-cash';
import { deductionClaimed, disputeRaised, disputeResolved } from './steps/disputes-and-deductions/disputes-and-deductions';
import { finalNoticeSent, reminderSent } from './steps/dunning/dunning';
import { callTaskScheduled, contactLogged, promiseBroken, promiseKept, promiseMade } from './steps/contacts-and-promises/contacts-and-promises';
import { installmentMissed, installmentPaid, paymentPlanAgreed } from './steps/payment-plans/payment-plans';
import { creditHoldLifted, creditHoldPlaced, creditLimitChangeRecommended } from './steps/credit/credit';

/**
 * Folds one event into the account. Total: it never throws and never checks rules (those belong
 * to `decide`), so that any history that was once accepted can always be replayed.
 */
export function evolve(state: AccountState, event: CollectionEvent): AccountState {
  // Only an invoice opens an account; anything else first would be a corrupt stream.
  if (state.status === 'empty' && event.type !== 'InvoiceRegistered') return state;
  const account = openAccount(state);
  switch (event.type) {
    case 'InvoiceRegistered':
      return invoiceRegistered(account, event);
    case 'PaymentReceived':
      return paymentReceived(account, event);
    case 'CreditMemoIssued':
      return creditMemoIssued(account, event);
    case 'InvoiceOverdue':
      return invoiceOverdue(account, event);
    case 'CollectorAssigned':
      return collectorAssigned(account, event);
    case 'DeductionClaimed':
      return deductionClaimed(account, event);
    case 'DisputeRaised':
      return disputeRaised(account, event);
    case 'DisputeResolved':
      return disputeResolved(account, event);
    case 'ReminderSent':
      return reminderSent(account, event);
    case 'FinalNoticeSent':
      return finalNoticeSent(account, event);
    case 'ContactLogged':
      return contactLogged(account, event);
    case 'PromiseMade':
      return promiseMade(account, event);
    case 'PromiseKept':
      return promiseKept(account, event);
    case 'PromiseBroken':
      return promiseBroken(account, event);
    case 'PaymentPlanAgreed':
      return paymentPlanAgreed(account, event);
    case 'InstallmentPaid':
      return installmentPaid(account, event);
    case 'InstallmentMissed':
      return installmentMissed(account, event);
    case 'CreditLimitChangeRecommended':
      return creditLimitChangeRecommended(account, event);
    case 'CreditHoldPlaced':
      return creditHoldPlaced(account, event);
    case 'CreditHoldLifted':
      return creditHoldLifted(account, event);
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
    case 'CallTaskScheduled':
      return callTaskScheduled(account, event);
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
