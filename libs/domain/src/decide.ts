import { AccountState } from './account-state';
import { BUSINESS_DATE_RULE, isBusinessDate } from './business-date';
import { CollectionCommand } from './commands';
import { DomainError } from './errors';
import { CollectionEvent } from './events';
import { isCurrencyCode } from './money';
import {
  confirmPromiseKept,
  declarePromiseBroken,
  logContact,
  makePromise,
  scheduleCallTask,
} from './steps/contacts-and-promises/contacts-and-promises';
import { liftCreditHold, placeCreditHold, recommendCreditLimitChange } from './steps/credit/credit';
import { claimDeduction, raiseDispute, resolveDispute } from './steps/disputes-and-deductions/disputes-and-deductions';
import { sendFinalNotice, sendReminder } from './steps/dunning/dunning';
import { receiveRecovery, recordPostMortem, writeOff } from './steps/escalation-and-closing/closing';
import { initiateLegalAction, proposeEscalation, recallFromAgency, referToAgency } from './steps/escalation-and-closing/escalation';
import {
  assignCollector,
  issueCreditMemo,
  markInvoiceOverdue,
  receivePayment,
  registerInvoice,
} from './steps/intake-and-cash/intake-and-cash';
import { agreePaymentPlan, confirmInstallmentPaid, declareInstallmentMissed } from './steps/payment-plans/payment-plans';

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
  const account = state;
  switch (command.type) {
    case 'RegisterInvoice':
      return registerInvoice(command, account);
    case 'ReceivePayment':
      return receivePayment(command, account);
    case 'IssueCreditMemo':
      return issueCreditMemo(command, account);
    case 'MarkInvoiceOverdue':
      return markInvoiceOverdue(command, account);
    case 'AssignCollector':
      return assignCollector(command, account);
    case 'ClaimDeduction':
      return claimDeduction(command, account);
    case 'RaiseDispute':
      return raiseDispute(command, account);
    case 'ResolveDispute':
      return resolveDispute(command, account);
    case 'SendReminder':
      return sendReminder(command, account);
    case 'SendFinalNotice':
      return sendFinalNotice(command, account);
    case 'LogContact':
      return logContact(command, account);
    case 'MakePromise':
      return makePromise(command, account);
    case 'ConfirmPromiseKept':
      return confirmPromiseKept(command, account);
    case 'DeclarePromiseBroken':
      return declarePromiseBroken(command, account);
    case 'AgreePaymentPlan':
      return agreePaymentPlan(command, account);
    case 'ConfirmInstallmentPaid':
      return confirmInstallmentPaid(command, account);
    case 'DeclareInstallmentMissed':
      return declareInstallmentMissed(command, account);
    case 'RecommendCreditLimitChange':
      return recommendCreditLimitChange(command, account);
    case 'PlaceCreditHold':
      return placeCreditHold(command, account);
    case 'LiftCreditHold':
      return liftCreditHold(command, account);
    case 'ReferToAgency':
      return referToAgency(command, account);
    case 'RecallFromAgency':
      return recallFromAgency(command, account);
    case 'InitiateLegalAction':
      return initiateLegalAction(command, account);
    case 'WriteOff':
      return writeOff(command, account);
    case 'ReceiveRecovery':
      return receiveRecovery(command, account);
    case 'RecordPostMortem':
      return recordPostMortem(command, account);
    case 'ScheduleCallTask':
      return scheduleCallTask(command, account);
    case 'ProposeEscalation':
      return proposeEscalation(command, account);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknown)}`);
    }
  }
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
