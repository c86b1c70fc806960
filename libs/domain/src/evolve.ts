import { AccountState, openAccount } from './account-state';
import { CollectionEvent } from './events';
import { isUnidentifiedCashEvent } from './unidentified-cash/unidentified-cash';
import {
  cashApplication,
  closing,
  contactsAndPromises,
  credit,
  customerConversation,
  disputesAndDeductions,
  dunning,
  escalation,
  intakeAndCash,
  paymentPlans,
} from './steps';

/**
 * Folds one event into the account. Total: it never throws and never checks rules (those belong
 * to `decide`), so that any history that was once accepted can always be replayed. Each
 * procedure step (steps/) folds its own events; this hands every event to its step.
 */
export function evolve(state: AccountState, event: CollectionEvent): AccountState {
  // Only an invoice opens an account; anything else first would be a corrupt stream.
  if (state.status === 'empty' && event.type !== 'InvoiceRegistered') return state;
  const account = openAccount(state);
  if (intakeAndCash.ownsEvent(event)) return intakeAndCash.evolve(account, event);
  if (cashApplication.ownsEvent(event)) return cashApplication.evolve(account, event);
  if (disputesAndDeductions.ownsEvent(event)) return disputesAndDeductions.evolve(account, event);
  if (dunning.ownsEvent(event)) return dunning.evolve(account, event);
  if (customerConversation.ownsEvent(event)) return customerConversation.evolve(account, event);
  if (contactsAndPromises.ownsEvent(event)) return contactsAndPromises.evolve(account, event);
  if (paymentPlans.ownsEvent(event)) return paymentPlans.evolve(account, event);
  if (credit.ownsEvent(event)) return credit.evolve(account, event);
  if (escalation.ownsEvent(event)) return escalation.evolve(account, event);
  if (closing.ownsEvent(event)) return closing.evolve(account, event);
  // Cash nobody is known for has streams of its own (unidentified-cash/); never an account's.
  if (isUnidentifiedCashEvent(event)) return state;
  // A type this release does not know (written by a newer one) changes nothing.
  const unknown: never = event;
  void unknown;
  return account;
}
