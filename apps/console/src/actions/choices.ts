import type { components } from '@collections/api-client';
import { words } from '../format';

type Schemas = components['schemas'];
export type AccountState = Schemas['AccountStateView'];
export type AccountInvoice = Schemas['AccountInvoice'];

/**
 * Every value of an enumeration of the api, as a list the console can offer. The generated types
 * carry the values only as types: `exhaustive` makes a list that misses one, or names one the api
 * does not know, fail the console's type check.
 */
export const exhaustive =
  <Value extends string>() =>
  <List extends readonly Value[]>(list: List & ([Value] extends [List[number]] ? unknown : 'misses a value')) =>
    list;

export const CONTACT_CHANNELS = exhaustive<Schemas['LogContactBody']['channel']>()(['phone', 'email', 'sms', 'letter', 'visit', 'video']);
export const CONTACT_OUTCOMES = exhaustive<Schemas['LogContactBody']['outcome']>()([
  'reached',
  'left_message',
  'no_answer',
  'wrong_contact',
  'refused_to_pay',
]);
export const DISPUTE_CATEGORIES = exhaustive<Schemas['RaiseDisputeBody']['category']>()([
  'failed_product',
  'poor_service',
  'damaged_goods',
  'wrong_item',
  'pricing',
  'deduction',
]);
export const DISPUTE_RESOLUTIONS = exhaustive<Schemas['ResolveDisputeBody']['resolution']>()(['credit_issued', 'customer_liable']);
export const ROOT_CAUSES = exhaustive<Schemas['RecordPostMortemBody']['rootCause']>()([
  'customer_insolvency',
  'credit_risk_misjudged',
  'billing_error',
  'product_or_service_failure',
  'late_collection_action',
  'fraud',
  'other',
]);

/** The options of a NativeSelect: the api's value, shown in words. */
export const optionsOf = (values: readonly string[]) => values.map((value) => ({ value, label: words(value) }));

// Where the forms' ids are made; kept importable from here.
export { newId } from './use-command-form';

/** The invoices with something still to collect. */
export const openInvoices = (state: AccountState) => state.invoices.filter((invoice) => invoice.balance > 0);

/**
 * The currency of the chosen invoices (one command is in one currency), or of the account's open
 * invoices while none is chosen; undefined when they mix currencies.
 */
export function currencyOf(state: AccountState, invoiceIds: readonly string[]): string | undefined {
  const chosen = openInvoices(state).filter((invoice) => invoiceIds.length === 0 || invoiceIds.includes(invoice.invoiceId));
  const currencies = new Set(chosen.map((invoice) => invoice.currency));
  return currencies.size === 1 ? [...currencies][0] : undefined;
}
