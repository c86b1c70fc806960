import { AccountState, openAccount } from './account-state';
import { CollectionEvent } from './events';
import {
  callTaskScheduled,
  contactLogged,
  promiseBroken,
  promiseKept,
  promiseMade,
} from './steps/contacts-and-promises/contacts-and-promises';
import { creditHoldLifted, creditHoldPlaced, creditLimitChangeRecommended } from './steps/credit/credit';
import { deductionClaimed, disputeRaised, disputeResolved } from './steps/disputes-and-deductions/disputes-and-deductions';
import { finalNoticeSent, reminderSent } from './steps/dunning/dunning';
import { postMortemRecorded, recoveryReceived, writtenOff } from './steps/escalation-and-closing/closing';
import { agencyRecallMade, escalationProposed, legalActionInitiated, referredToAgency } from './steps/escalation-and-closing/escalation';
import {
  collectorAssigned,
  creditMemoIssued,
  invoiceOverdue,
  invoiceRegistered,
  paymentReceived,
} from './steps/intake-and-cash/intake-and-cash';
import { installmentMissed, installmentPaid, paymentPlanAgreed } from './steps/payment-plans/payment-plans';

/**
 * Folds one event into the account. Total: it never throws and never checks rules (those belong
 * to `decide`), so that any history that was once accepted can always be replayed. Each
 * procedure step (steps/) folds its own events; this hands every event to its step.
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
    case 'ReferredToAgency':
      return referredToAgency(account, event);
    case 'AgencyRecallMade':
      return agencyRecallMade(account, event);
    case 'LegalActionInitiated':
      return legalActionInitiated(account, event);
    case 'WrittenOff':
      return writtenOff(account, event);
    case 'RecoveryReceived':
      return recoveryReceived(account, event);
    case 'PostMortemRecorded':
      return postMortemRecorded(account, event);
    case 'CallTaskScheduled':
      return callTaskScheduled(account, event);
    case 'EscalationProposed':
      return escalationProposed(account, event);
    default: {
      // A type this release does not know (written by a newer one) changes nothing.
      const unknown: never = event;
      void unknown;
      return account;
    }
  }
}
