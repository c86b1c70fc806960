import { AccountState, ActiveAccount } from './account-state';
import { BUSINESS_DATE_RULE, isBusinessDate, daysBetween } from './business-date';
import { CollectionCommand } from './commands';
import { DomainError } from './errors';
import { CollectionEvent, ESCALATION_KINDS } from './events';
import {
  knownInvoice,
  openInvoices,
  requireCurrency,
  requireNewId,
  requireNotBefore,
  requirePositive,
  sharedInvoice,
} from './guards';
import { assignCollector, issueCreditMemo, markInvoiceOverdue, receivePayment, registerInvoice } from './steps/intake-and-cash/intake-and-cash';
import { claimDeduction, raiseDispute, resolveDispute } from './steps/disputes-and-deductions/disputes-and-deductions';
import { sendFinalNotice, sendReminder } from './steps/dunning/dunning';
import { confirmPromiseKept, declarePromiseBroken, logContact, makePromise, scheduleCallTask } from './steps/contacts-and-promises/contacts-and-promises';
import { agreePaymentPlan, confirmInstallmentPaid, declareInstallmentMissed } from './steps/payment-plans/payment-plans';
import { liftCreditHold, placeCreditHold, recommendCreditLimitChange } from './steps/credit/credit';
import { CurrencyCode, formatMoney, isCurrencyCode } from './money';

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
    case 'ReferToAgency': {
      const { referralId, invoiceIds, referredOn } = command.data;
      if (account.agencyReferrals.has(referralId)) {
        throw new DomainError('duplicate-id', `Referral ${referralId} already exists`);
      }
      openInvoices(account, invoiceIds, 'refer to an agency', referredOn);
      for (const referral of account.agencyReferrals.values()) {
        const overlap = referral.status === 'active' ? sharedInvoice(invoiceIds, referral.invoiceIds) : undefined;
        if (overlap !== undefined) {
          throw new DomainError('referral-conflict', `Invoice ${overlap} is already with ${referral.agency} (referral ${referral.referralId})`);
        }
      }
      return [{ type: 'ReferredToAgency', data: command.data }];
    }
    case 'RecallFromAgency': {
      const { referralId, recalledOn } = command.data;
      const referral = account.agencyReferrals.get(referralId);
      if (!referral) throw new DomainError('referral-not-found', `There is no agency referral ${referralId}`);
      if (referral.status !== 'active') {
        throw new DomainError('referral-conflict', `Referral ${referralId} was already recalled on ${referral.recalledOn}`);
      }
      requireNotBefore(recalledOn, referral.referredOn, `A recall cannot precede referral ${referralId} on ${referral.referredOn}`);
      return [{ type: 'AgencyRecallMade', data: command.data }];
    }
    case 'InitiateLegalAction': {
      const { caseId, invoiceIds, initiatedOn } = command.data;
      if (account.legalActions.has(caseId)) {
        throw new DomainError('duplicate-id', `Legal case ${caseId} already exists`);
      }
      openInvoices(account, invoiceIds, 'take legal action over', initiatedOn);
      for (const action of account.legalActions.values()) {
        const overlap = sharedInvoice(invoiceIds, action.invoiceIds);
        if (overlap !== undefined) {
          throw new DomainError('legal-action-conflict', `Invoice ${overlap} is already in legal case ${action.caseId}`);
        }
      }
      return [{ type: 'LegalActionInitiated', data: command.data }];
    }
    case 'WriteOff': {
      const { writeOffId, invoiceIds, reason, writtenOffOn } = command.data;
      if (account.writeOffs.has(writeOffId)) {
        throw new DomainError('duplicate-id', `Write-off ${writeOffId} already exists`);
      }
      // A write-off covers exactly the open balance: never more, so no balance goes below zero.
      const invoices = openInvoices(account, invoiceIds, 'write off', writtenOffOn).map(({ invoiceId, balance, currency }) => ({
        invoiceId,
        amount: balance,
        currency,
      }));
      return [{ type: 'WrittenOff', data: { writeOffId, invoices, reason, writtenOffOn } }];
    }
    case 'ReceiveRecovery': {
      const { recoveryId, invoiceId, amount, currency, receivedOn } = command.data;
      requireNewId(account, 'recovery', recoveryId);
      const invoice = knownInvoice(account, invoiceId);
      if (invoice.writtenOff === 0) {
        throw new DomainError('invoice-not-written-off', `Invoice ${invoiceId} was not written off: record a payment instead`);
      }
      requireCurrency(invoice, currency);
      requirePositive(amount, 'A recovery');
      const recoverable = invoice.writtenOff - invoice.recovered;
      if (amount > recoverable) {
        throw new DomainError(
          'amount-exceeds-balance',
          `Recovery ${recoveryId} of ${formatMoney(amount, currency)} exceeds the ${formatMoney(recoverable, currency)} written off and not yet recovered on invoice ${invoiceId}`,
        );
      }
      const lastWriteOff = [...account.writeOffs.values()].filter((w) => w.invoiceIds.includes(invoiceId)).pop();
      if (lastWriteOff) {
        requireNotBefore(receivedOn, lastWriteOff.writtenOffOn, `Recovery ${recoveryId} is dated before invoice ${invoiceId} was written off`);
      }
      return [{ type: 'RecoveryReceived', data: command.data }];
    }
    case 'RecordPostMortem': {
      const { postMortemId, actionItems, recordedOn } = command.data;
      if (account.postMortems.has(postMortemId)) {
        throw new DomainError('duplicate-id', `Post-mortem ${postMortemId} already exists`);
      }
      const writeOffDates = [...account.writeOffs.values()].map((writeOff) => writeOff.writtenOffOn).sort();
      if (writeOffDates.length === 0) {
        throw new DomainError('nothing-written-off', 'A post-mortem reviews a bad debt: nothing on this account was written off');
      }
      requireNotBefore(recordedOn, writeOffDates[0], `A post-mortem cannot precede the first write-off on ${writeOffDates[0]}`);
      const early = actionItems.find((item) => item.dueOn < recordedOn);
      if (early) {
        throw new DomainError('invalid-date', `Action item "${early.description}" is due on ${early.dueOn}, before the post-mortem on ${recordedOn}`);
      }
      return [{ type: 'PostMortemRecorded', data: command.data }];
    }
    case 'ScheduleCallTask':
      return scheduleCallTask(command, account);
    case 'ProposeEscalation':
      return proposeEscalation(command.data, account);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

function proposeEscalation(
  data: Extract<CollectionCommand, { type: 'ProposeEscalation' }>['data'],
  account: ActiveAccount,
): CollectionEvent[] {
  const { proposalId, kind, invoiceIds, reason, proposedOn } = data;
  requireNewId(account, 'escalation', proposalId);
  if (!ESCALATION_KINDS.includes(kind)) {
    throw new DomainError('escalation-conflict', `An escalation is one of ${ESCALATION_KINDS.join(', ')}, not ${JSON.stringify(kind)}`);
  }
  const invoices = openInvoices(account, invoiceIds, 'propose an escalation for', proposedOn);
  if (kind === 'agency_referral') {
    for (const referral of account.agencyReferrals.values()) {
      const overlap = referral.status === 'active' ? sharedInvoice(invoiceIds, referral.invoiceIds) : undefined;
      if (overlap !== undefined) {
        throw new DomainError('escalation-conflict', `Invoice ${overlap} is already with ${referral.agency} (referral ${referral.referralId})`);
      }
    }
  }
  const balances = new Map<CurrencyCode, number>();
  for (const invoice of invoices) balances.set(invoice.currency, (balances.get(invoice.currency) ?? 0) + invoice.balance);
  const daysPastDue = Math.max(...invoices.map((invoice) => daysBetween(invoice.dueOn, proposedOn)));
  if (daysPastDue < 1) {
    throw new DomainError('not-overdue', `None of the invoices is past due on ${proposedOn}: there is nothing to escalate`);
  }
  return [
    {
      type: 'EscalationProposed',
      data: {
        proposalId,
        kind,
        invoiceIds,
        balances: [...balances].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ amount, currency })),
        daysPastDue,
        reason,
        proposedOn,
      },
    },
  ];
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
