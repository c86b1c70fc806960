import { AccountState, ActiveAccount, PaymentPlanState, PromiseState } from './account-state';
import { BUSINESS_DATE_RULE, isBusinessDate, daysBetween } from './business-date';
import { CollectionCommand } from './commands';
import { DomainError } from './errors';
import { CALL_TASK_REASONS, CollectionEvent, ESCALATION_KINDS } from './events';
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
import { CurrencyCode, formatMoney, isCurrencyCode, isMinorUnits, sumAmounts } from './money';

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
      requireNewId(account, 'contact', command.data.contactId);
      return [{ type: 'ContactLogged', data: command.data }];
    case 'MakePromise':
      return makePromise(command.data, account);
    case 'ConfirmPromiseKept': {
      const { promiseId, keptOn } = command.data;
      const promise = openPromise(account, promiseId);
      const shortfall = promiseShortfall(account, promise);
      if (shortfall > 0) {
        const unpaid = formatMoney(shortfall, promise.currency);
        throw new DomainError('promise-not-fulfilled', `Promise ${promiseId} is not kept: ${unpaid} of it is still unpaid`);
      }
      requireNotBefore(keptOn, promise.madeOn, `Promise ${promiseId} was made on ${promise.madeOn}; it cannot be kept on ${keptOn}`);
      return [{ type: 'PromiseKept', data: { promiseId, keptOn, amountPaid: promise.paid, currency: promise.currency } }];
    }
    case 'DeclarePromiseBroken': {
      const { promiseId, brokenOn } = command.data;
      const promise = openPromise(account, promiseId);
      if (brokenOn <= promise.promisedFor) {
        throw new DomainError('promise-not-due', `Promise ${promiseId} is for ${promise.promisedFor}; it cannot be broken on ${brokenOn}`);
      }
      const shortfall = promiseShortfall(account, promise);
      if (shortfall === 0) {
        throw new DomainError('promise-fulfilled', `Promise ${promiseId} was paid in full (or its invoices credited); confirm it kept instead`);
      }
      const { paid: amountPaid, currency } = promise;
      return [{ type: 'PromiseBroken', data: { promiseId, brokenOn, amountPaid, shortfall, currency } }];
    }
    case 'AgreePaymentPlan':
      return agreePaymentPlan(command.data, account);
    case 'ConfirmInstallmentPaid': {
      const { planId, installmentNumber, paidOn } = command.data;
      const plan = currentPlan(account, planId);
      requireNotBefore(paidOn, plan.agreedOn, `Plan ${planId} was agreed on ${plan.agreedOn}; no installment is paid before that`);
      const installment = dueInstallment(plan, installmentNumber);
      const owed = dueThrough(plan, installmentNumber);
      if (plan.paid < owed) {
        throw new DomainError(
          'installment-not-paid',
          `Installment ${installment.number} of plan ${planId} is not covered: ${formatMoney(plan.paid, plan.currency)} paid of ${formatMoney(owed, plan.currency)} due so far`,
        );
      }
      return [{ type: 'InstallmentPaid', data: command.data }];
    }
    case 'DeclareInstallmentMissed': {
      const { planId, installmentNumber, detectedOn } = command.data;
      const plan = currentPlan(account, planId);
      const installment = dueInstallment(plan, installmentNumber);
      if (detectedOn <= installment.dueOn) {
        throw new DomainError('installment-not-missed', `Installment ${installmentNumber} of plan ${planId} is due on ${installment.dueOn}; it cannot be missed on ${detectedOn}`);
      }
      const owed = dueThrough(plan, installmentNumber);
      if (plan.paid >= owed) {
        throw new DomainError('installment-not-missed', `Installment ${installmentNumber} of plan ${planId} is covered by what was paid; confirm it paid instead`);
      }
      const { dueOn } = installment;
      const shortfall = Math.min(owed - plan.paid, installment.amount);
      return [{ type: 'InstallmentMissed', data: { planId, installmentNumber, dueOn, detectedOn, shortfall, currency: plan.currency } }];
    }
    case 'RecommendCreditLimitChange':
      requireNewId(account, 'credit-limit-recommendation', command.data.recommendationId);
      if (!isMinorUnits(command.data.recommendedLimit)) {
        throw new DomainError('invalid-amount', `A credit limit must be a whole, non-negative number of minor units, not ${command.data.recommendedLimit}`);
      }
      return [{ type: 'CreditLimitChangeRecommended', data: command.data }];
    case 'PlaceCreditHold':
      if (account.creditHold) {
        throw new DomainError('credit-hold-conflict', `The account has been on credit hold since ${account.creditHold.placedOn}`);
      }
      return [{ type: 'CreditHoldPlaced', data: command.data }];
    case 'LiftCreditHold':
      if (!account.creditHold) {
        throw new DomainError('credit-hold-conflict', 'The account is not on credit hold');
      }
      return [{ type: 'CreditHoldLifted', data: command.data }];
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
      return scheduleCallTask(command.data, account);
    case 'ProposeEscalation':
      return proposeEscalation(command.data, account);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

function makePromise(
  data: Extract<CollectionCommand, { type: 'MakePromise' }>['data'],
  account: ActiveAccount,
): CollectionEvent[] {
  const { promiseId, invoiceIds, amount, currency, promisedFor, madeOn } = data;
  if (account.promises.has(promiseId)) throw new DomainError('duplicate-id', `Promise ${promiseId} already exists`);
  requirePositive(amount, 'A promised amount');
  if (promisedFor < madeOn) {
    throw new DomainError('invalid-date', `A promise made on ${madeOn} cannot be for an earlier day (${promisedFor})`);
  }
  const invoices = openInvoices(account, invoiceIds, 'take a promise on', madeOn);
  invoices.forEach((invoice) => requireCurrency(invoice, currency));
  const open = sumAmounts(invoices.map((invoice) => invoice.balance));
  if (amount > open) {
    throw new DomainError(
      'amount-exceeds-balance',
      `Promise ${promiseId} of ${formatMoney(amount, currency)} exceeds the ${formatMoney(open, currency)} open on its invoices`,
    );
  }
  for (const promise of account.promises.values()) {
    const overlap = promise.status === 'open' ? sharedInvoice(invoiceIds, promise.invoiceIds) : undefined;
    if (overlap !== undefined) {
      throw new DomainError('promise-conflict', `Invoice ${overlap} already has open promise ${promise.promiseId} for ${promise.promisedFor}`);
    }
  }
  return [{ type: 'PromiseMade', data }];
}

function agreePaymentPlan(
  data: Extract<CollectionCommand, { type: 'AgreePaymentPlan' }>['data'],
  account: ActiveAccount,
): CollectionEvent[] {
  const { planId, invoiceIds, currency, installments, interestRateBasisPoints, agreedOn } = data;
  if (account.paymentPlans.has(planId)) throw new DomainError('duplicate-id', `Payment plan ${planId} already exists`);
  const invoices = openInvoices(account, invoiceIds, 'put on a payment plan', agreedOn);
  invoices.forEach((invoice) => requireCurrency(invoice, currency));
  for (const plan of account.paymentPlans.values()) {
    const overlap = plan.status === 'current' ? sharedInvoice(invoiceIds, plan.invoiceIds) : undefined;
    if (overlap !== undefined) throw new DomainError('plan-conflict', `Invoice ${overlap} is already on current plan ${plan.planId}`);
  }
  if (!Number.isSafeInteger(interestRateBasisPoints) || interestRateBasisPoints < 0) {
    throw new DomainError('invalid-amount', `The interest rate must be a whole number of basis points, not ${interestRateBasisPoints}`);
  }
  if (installments.length === 0) throw new DomainError('installment-invalid', 'A payment plan needs at least one installment');
  installments.forEach((installment, index) => {
    if (installment.number !== index + 1) {
      throw new DomainError('installment-invalid', `Installments are numbered 1, 2, 3, …: found ${installment.number} in place ${index + 1}`);
    }
    requirePositive(installment.amount, `Installment ${installment.number}`);
    const previousDue = index === 0 ? agreedOn : installments[index - 1].dueOn;
    if (index === 0 ? installment.dueOn < previousDue : installment.dueOn <= previousDue) {
      throw new DomainError('installment-invalid', `Installment ${installment.number} is due on ${installment.dueOn}, not after ${previousDue}`);
    }
  });
  const scheduled = sumAmounts(installments.map((installment) => installment.amount));
  const open = sumAmounts(invoices.map((invoice) => invoice.balance));
  if (scheduled !== open) {
    throw new DomainError(
      'installment-invalid',
      `The installments add up to ${formatMoney(scheduled, currency)} but ${formatMoney(open, currency)} is open on the plan's invoices`,
    );
  }
  return [{ type: 'PaymentPlanAgreed', data }];
}

function scheduleCallTask(
  data: Extract<CollectionCommand, { type: 'ScheduleCallTask' }>['data'],
  account: ActiveAccount,
): CollectionEvent[] {
  const { taskId, reason, invoiceIds, dueOn, scheduledOn, level, promiseId, planId, installmentNumber } = data;
  requireNewId(account, 'call-task', taskId);
  if (!CALL_TASK_REASONS.includes(reason)) {
    throw new DomainError('invalid-call-task', `A call task's reason is one of ${CALL_TASK_REASONS.join(', ')}, not ${JSON.stringify(reason)}`);
  }
  openInvoices(account, invoiceIds, 'schedule a call about', scheduledOn);
  requireNotBefore(dueOn, scheduledOn, `Call task ${taskId} cannot fall due (${dueOn}) before it is scheduled (${scheduledOn})`);
  // What the task refers to must exist, so whoever calls knows what the call is about.
  if (reason === 'dunning' && (level === undefined || !Number.isSafeInteger(level) || level < 1)) {
    throw new DomainError('invalid-level', `A dunning call names its level, a whole number from 1 up, not ${level}`);
  }
  if (reason === 'promise_broken' && (promiseId === undefined || !account.promises.has(promiseId))) {
    throw new DomainError('promise-not-found', `A call about a broken promise names a promise of this account, not ${promiseId}`);
  }
  if (reason === 'installment_due') {
    const plan = planId === undefined ? undefined : account.paymentPlans.get(planId);
    if (!plan) throw new DomainError('plan-not-found', `A call about an installment names a payment plan of this account, not ${planId}`);
    if (!plan.installments.some((installment) => installment.number === installmentNumber)) {
      throw new DomainError('installment-invalid', `Plan ${plan.planId} has no installment ${installmentNumber}`);
    }
  }
  return [{ type: 'CallTaskScheduled', data }];
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

function openPromise(account: ActiveAccount, promiseId: string): PromiseState {
  const promise = account.promises.get(promiseId);
  if (!promise) throw new DomainError('promise-not-found', `There is no promise ${promiseId}`);
  if (promise.status !== 'open') throw new DomainError('promise-not-open', `Promise ${promiseId} was already ${promise.status}`);
  return promise;
}

/**
 * What is still unpaid of a promise: the promised amount less what was paid since, but never
 * more than the customer still owed on its invoices. A credit lowers what is owed; a write-off
 * does not excuse the customer, so written-off amounts still count as owed.
 */
function promiseShortfall(account: ActiveAccount, promise: PromiseState): number {
  const owed = sumAmounts(promise.invoiceIds.map((id) => {
    const invoice = account.invoices.get(id);
    return invoice === undefined ? 0 : invoice.balance + invoice.writtenOff;
  }));
  return Math.max(0, Math.min(promise.amount - promise.paid, owed));
}

function currentPlan(account: ActiveAccount, planId: string): PaymentPlanState {
  const plan = account.paymentPlans.get(planId);
  if (!plan) throw new DomainError('plan-not-found', `There is no payment plan ${planId}`);
  if (plan.status !== 'current') throw new DomainError('plan-not-current', `Payment plan ${planId} is ${plan.status}`);
  return plan;
}

function dueInstallment(plan: PaymentPlanState, installmentNumber: number) {
  const installment = plan.installments.find((candidate) => candidate.number === installmentNumber);
  if (!installment) throw new DomainError('installment-invalid', `Plan ${plan.planId} has no installment ${installmentNumber}`);
  if (installment.status !== 'due') {
    throw new DomainError('installment-invalid', `Installment ${installmentNumber} of plan ${plan.planId} is already ${installment.status}`);
  }
  return installment;
}

/** What the plan's schedule asks to have been paid by the end of installment `number`. */
function dueThrough(plan: PaymentPlanState, installmentNumber: number): number {
  return sumAmounts(plan.installments.filter((installment) => installment.number <= installmentNumber).map((i) => i.amount));
}
