import { AccountState } from './account-state';
import { BUSINESS_DATE_RULE, isBusinessDate } from './business-date';
import { CollectionCommand } from './commands';
import { DomainError } from './errors';
import { CollectionEvent } from './events';
import { isCurrencyCode } from './money';
import { registerInvoice } from './steps/intake-and-cash/intake-and-cash';
import { stepOfCommand } from './step-dispatch';

/**
 * Decides what a command records, or refuses it with a DomainError. Pure: the state comes from
 * folding the customer's stream, and every date and id arrives inside the command. Each
 * procedure step (steps/) decides its own commands; this checks what every command must be and
 * hands it to its step.
 */
export function decide(command: CollectionCommand, state: AccountState): CollectionEvent[] {
  requireWellFormed(command.data);
  if (state.status === 'empty') {
    if (command.type !== 'RegisterInvoice') {
      throw new DomainError('account-not-found', 'This customer has no collection account yet: register an invoice first');
    }
    return registerInvoice(command, state);
  }
  return stepOfCommand(command).decide(command, state);
}

const DATE_FIELD = /(On|For)$/;

/**
 * The word the worklists use for "nobody": `/worklists/unassigned` lists the accounts without a
 * collector, so no collector may be called that, or their accounts would vanish from every list.
 */
export const UNASSIGNED = 'unassigned';

/**
 * Every date field (named …On or …For, at any depth) is a valid business date, every
 * currency an ISO 4217 code and no collector id the reserved word. HTTP validates this too, but commands also come from the CLI and
 * the policy engine, and dates compare as strings only when well formed.
 */
function requireWellFormed(value: unknown, path = 'command'): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => requireWellFormed(item, `${path}[${index}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, field] of Object.entries(value)) {
    if (DATE_FIELD.test(key) && !isBusinessDate(field)) {
      throw new DomainError('invalid-date', `${path}.${key} must be ${BUSINESS_DATE_RULE}, not ${JSON.stringify(field)}`);
    }
    if (key === 'collectorId' && field === UNASSIGNED) {
      throw new DomainError('reserved-id', `${path}.${key} cannot be "${UNASSIGNED}": the word names the accounts nobody is assigned to`);
    }
    if (key === 'currency' && !isCurrencyCode(field)) {
      throw new DomainError('currency-mismatch', `${path}.${key} must be an ISO 4217 currency code, not ${JSON.stringify(field)}`);
    }
    requireWellFormed(field, `${path}.${key}`);
  }
}
