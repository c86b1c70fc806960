import { ActiveAccount, put, update, withId } from '../../account-state';
import { BusinessDate, latestOf } from '../../business-date';
import { DomainError } from '../../errors';
import { openInvoices, requireCurrency, requireNewId, requireNotBefore, requirePositive, sharedInvoice } from '../../guards';
import type { Command, Event } from '../../message';
import { procedureStep } from '../../procedure-step';
import { CurrencyCode, formatMoney, sumAmounts } from '../../money';
import { updateDunning } from '../dunning/dunning';

/**
 * Direct contact (step 4) and what follows from it: a collector calls the customer and records
 * whom they reached and why the invoice is late, takes a promise to pay, and the promise is then
 * watched until it is kept or broken (step 7). Call tasks are the follow-up calls the policy
 * engine (or a manager) asks of collectors (steps 3, 4 and 7).
 */

// Events

// Step 4: direct contact
export const CONTACT_CHANNELS = ['phone', 'email', 'sms', 'letter', 'visit', 'video'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_OUTCOMES = ['reached', 'left_message', 'no_answer', 'wrong_contact', 'refused_to_pay'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
export type ContactLogged = Event<
  'ContactLogged',
  {
    contactId: string;
    contactedOn: BusinessDate;
    channel: ContactChannel;
    /** Who was spoken to at the customer. */
    person: string;
    outcome: ContactOutcome;
    reasonForLateness?: string;
    notes?: string;
  }
>;

// Steps 4 and 7: promises to pay
export type PromiseMade = Event<
  'PromiseMade',
  {
    promiseId: string;
    invoiceIds: string[];
    amount: number;
    currency: CurrencyCode;
    promisedFor: BusinessDate;
    madeOn: BusinessDate;
  }
>;
export type PromiseKept = Event<'PromiseKept', { promiseId: string; keptOn: BusinessDate; amountPaid: number; currency: CurrencyCode }>;
export type PromiseBroken = Event<
  'PromiseBroken',
  { promiseId: string; brokenOn: BusinessDate; amountPaid: number; shortfall: number; currency: CurrencyCode }
>;

// Follow-up work the policy engine (or a manager) asks of collectors (steps 3, 4 and 7).
export const CALL_TASK_REASONS = [
  /** A dunning level whose channel is a call rather than a letter. */
  'dunning',
  /** A plan installment falls due soon and is not yet covered (step 7). */
  'installment_due',
  /** A promise was broken: call the customer back. */
  'promise_broken',
  /** High-value segment: the largest overdue balances get more frequent attention. */
  'high_value_follow_up',
] as const;
export type CallTaskReason = (typeof CALL_TASK_REASONS)[number];
export type CallTaskScheduled = Event<
  'CallTaskScheduled',
  {
    taskId: string;
    reason: CallTaskReason;
    invoiceIds: string[];
    /** Whose call it is; absent for an account nobody is assigned to. */
    collectorId?: string;
    /** Call on or after this day. */
    dueOn: BusinessDate;
    scheduledOn: BusinessDate;
    /** The dunning level the call stands for (reason `dunning`). */
    level?: number;
    /** The broken promise (reason `promise_broken`). */
    promiseId?: string;
    /** The plan and installment (reason `installment_due`). */
    planId?: string;
    installmentNumber?: number;
  }
>;

/** The events this step records. */
export type ContactsAndPromisesEvent = ContactLogged | PromiseMade | PromiseKept | PromiseBroken | CallTaskScheduled;

// Commands

export type LogContact = Command<'LogContact', ContactLogged['data']>;
export type MakePromise = Command<'MakePromise', PromiseMade['data']>;
export type ConfirmPromiseKept = Command<'ConfirmPromiseKept', { promiseId: string; keptOn: BusinessDate }>;
export type DeclarePromiseBroken = Command<'DeclarePromiseBroken', { promiseId: string; brokenOn: BusinessDate }>;
export type ScheduleCallTask = Command<'ScheduleCallTask', CallTaskScheduled['data']>;

/** The commands this step decides. */
export type ContactsAndPromisesCommand = LogContact | MakePromise | ConfirmPromiseKept | DeclarePromiseBroken | ScheduleCallTask;

// State

export interface PromiseState extends Omit<PromiseMade['data'], 'invoiceIds'> {
  invoiceIds: readonly string[];
  /** Paid on the promised invoices since the promise was made. */
  paid: number;
  status: 'open' | 'kept' | 'broken';
}

export interface CallTaskState {
  taskId: string;
  reason: CallTaskReason;
  invoiceIds: readonly string[];
  collectorId?: string;
  dueOn: BusinessDate;
  scheduledOn: BusinessDate;
}

// Decide

export function logContact(command: LogContact, account: ActiveAccount): ContactLogged[] {
  requireNewId(account, 'contact', command.data.contactId);
  return [{ type: 'ContactLogged', data: command.data }];
}

export function makePromise(command: MakePromise, account: ActiveAccount): PromiseMade[] {
  const { promiseId, invoiceIds, amount, currency, promisedFor, madeOn } = command.data;
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
      throw new DomainError(
        'promise-conflict',
        `Invoice ${overlap} already has open promise ${promise.promiseId} for ${promise.promisedFor}`,
      );
    }
  }
  return [{ type: 'PromiseMade', data: command.data }];
}

export function confirmPromiseKept(command: ConfirmPromiseKept, account: ActiveAccount): PromiseKept[] {
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

export function declarePromiseBroken(command: DeclarePromiseBroken, account: ActiveAccount): PromiseBroken[] {
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

export function scheduleCallTask(command: ScheduleCallTask, account: ActiveAccount): CallTaskScheduled[] {
  const { taskId, reason, invoiceIds, dueOn, scheduledOn, level, promiseId, planId, installmentNumber } = command.data;
  requireNewId(account, 'call-task', taskId);
  if (!CALL_TASK_REASONS.includes(reason)) {
    throw new DomainError(
      'invalid-call-task',
      `A call task's reason is one of ${CALL_TASK_REASONS.join(', ')}, not ${JSON.stringify(reason)}`,
    );
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
  return [{ type: 'CallTaskScheduled', data: command.data }];
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
 * does not excuse the customer, so written-off amounts still count as owed. The policy engine
 * judges promises by it too: one with no shortfall is kept.
 */
export function promiseShortfall(account: ActiveAccount, promise: PromiseState): number {
  const owed = sumAmounts(
    promise.invoiceIds.map((id) => {
      const invoice = account.invoices.get(id);
      return invoice === undefined ? 0 : invoice.balance + invoice.writtenOff;
    }),
  );
  return Math.max(0, Math.min(promise.amount - promise.paid, owed));
}

// Evolve

export function contactLogged(account: ActiveAccount, event: ContactLogged): ActiveAccount {
  return {
    ...account,
    lastContactOn: latestOf(account.lastContactOn, event.data.contactedOn),
    usedIds: withId(account, 'contact', event.data.contactId),
  };
}

export function promiseMade(account: ActiveAccount, event: PromiseMade): ActiveAccount {
  const promise: PromiseState = { ...event.data, paid: 0, status: 'open' };
  return { ...account, promises: put(account.promises, promise.promiseId, promise) };
}

export function promiseKept(account: ActiveAccount, event: PromiseKept): ActiveAccount {
  return {
    ...account,
    promises: update(account.promises, event.data.promiseId, (promise) => ({ ...promise, status: 'kept' })),
  };
}

export function promiseBroken(account: ActiveAccount, event: PromiseBroken): ActiveAccount {
  return {
    ...account,
    promises: update(account.promises, event.data.promiseId, (promise) => ({ ...promise, status: 'broken' })),
  };
}

export function callTaskScheduled(account: ActiveAccount, event: CallTaskScheduled): ActiveAccount {
  const { taskId, reason, invoiceIds, collectorId, dueOn, scheduledOn, level } = event.data;
  const task: CallTaskState = { taskId, reason, invoiceIds, dueOn, scheduledOn, ...(collectorId === undefined ? {} : { collectorId }) };
  // A call that stands for a dunning level counts as that level sent.
  const dunning =
    reason === 'dunning' && level !== undefined
      ? updateDunning(account.dunning, invoiceIds, (entry) => ({ ...entry, level: Math.max(entry.level, level) }))
      : account.dunning;
  return {
    ...account,
    dunning,
    callTasks: put(account.callTasks, taskId, task),
    usedIds: withId(account, 'call-task', taskId),
  };
}

// The step as decide, evolve and occurredOn dispatch to it

export const contactsAndPromises = procedureStep<ContactsAndPromisesCommand, ContactsAndPromisesEvent>({
  decide: {
    LogContact: logContact,
    MakePromise: makePromise,
    ConfirmPromiseKept: confirmPromiseKept,
    DeclarePromiseBroken: declarePromiseBroken,
    ScheduleCallTask: scheduleCallTask,
  },
  evolve: {
    ContactLogged: contactLogged,
    PromiseMade: promiseMade,
    PromiseKept: promiseKept,
    PromiseBroken: promiseBroken,
    CallTaskScheduled: callTaskScheduled,
  },
  occurredOn: {
    ContactLogged: 'contactedOn',
    PromiseMade: 'madeOn',
    PromiseKept: 'keptOn',
    PromiseBroken: 'brokenOn',
    CallTaskScheduled: 'scheduledOn',
  },
});
