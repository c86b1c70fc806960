import { AccountState, openAccount } from './account-state';
import { CollectionEvent } from './events';
import { isUnidentifiedCashEvent } from './unidentified-cash/unidentified-cash';
import { stepOfEvent } from './step-dispatch';

/**
 * Folds one event into the account. Total: it never throws and never checks rules (those belong
 * to `decide`), so that any history that was once accepted can always be replayed. Each
 * procedure step (steps/) folds its own events; this hands every event to its step.
 */
export function evolve(state: AccountState, event: CollectionEvent): AccountState {
  // Only an invoice opens an account; anything else first would be a corrupt stream.
  if (state.status === 'empty' && event.type !== 'InvoiceRegistered') return state;
  const account = openAccount(state);
  // Cash nobody is known for has streams of its own (unidentified-cash/), never an account's; a
  // type this release does not know (written by a newer one) changes nothing.
  const step = stepOfEvent(event);
  return step && !isUnidentifiedCashEvent(event) ? step.evolve(account, event) : account;
}
