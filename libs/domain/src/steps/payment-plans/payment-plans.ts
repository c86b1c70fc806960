import { ActiveAccount, put, update } from '../../account-state';
import { BusinessDate } from '../../business-date';
import { DomainError } from '../../errors';
import { openInvoices, requireCurrency, requireNotBefore, requirePositive, sharedInvoice } from '../../guards';
import type { Command, Event } from '../../message';
import { procedureStep } from '../../procedure-step';
import { CurrencyCode, formatMoney, sumAmounts } from '../../money';

/**
 * Payment arrangements (step 5) and their monitoring (step 7): a plan documents terms, interest
 * and personal guarantees, its installments are numbered 1…n with rising dates and add up to what
 * is open on its invoices; each installment is then confirmed paid or declared missed, and a
 * missed one defaults the plan.
 */

// Events

export interface Installment {
  number: number;
  dueOn: BusinessDate;
  amount: number;
}
export type PaymentPlanAgreed = Event<
  'PaymentPlanAgreed',
  {
    planId: string;
    invoiceIds: string[];
    currency: CurrencyCode;
    installments: Installment[];
    /** Documented terms; interest is charged on an invoice of its own, not inside the plan. */
    interestRateBasisPoints: number;
    /**
     * Who gave a personal guarantee for the plan (step 5), none or several. Stored shape v2;
     * v1 held at most one `guarantor` (see upcasting.ts).
     */
    guarantors: string[];
    terms?: string;
    agreedOn: BusinessDate;
  }
>;
export type InstallmentPaid = Event<'InstallmentPaid', { planId: string; installmentNumber: number; paidOn: BusinessDate }>;
export type InstallmentMissed = Event<
  'InstallmentMissed',
  {
    planId: string;
    installmentNumber: number;
    dueOn: BusinessDate;
    detectedOn: BusinessDate;
    shortfall: number;
    currency: CurrencyCode;
  }
>;

/** The events this step records. */
export type PaymentPlansEvent = PaymentPlanAgreed | InstallmentPaid | InstallmentMissed;

// Commands

export type AgreePaymentPlan = Command<'AgreePaymentPlan', PaymentPlanAgreed['data']>;
export type ConfirmInstallmentPaid = Command<'ConfirmInstallmentPaid', { planId: string; installmentNumber: number; paidOn: BusinessDate }>;
export type DeclareInstallmentMissed = Command<
  'DeclareInstallmentMissed',
  { planId: string; installmentNumber: number; detectedOn: BusinessDate }
>;

/** The commands this step decides. */
export type PaymentPlansCommand = AgreePaymentPlan | ConfirmInstallmentPaid | DeclareInstallmentMissed;

// State

export interface InstallmentState extends Installment {
  status: 'due' | 'paid' | 'missed';
}

export interface PaymentPlanState extends Omit<PaymentPlanAgreed['data'], 'installments' | 'invoiceIds'> {
  invoiceIds: readonly string[];
  installments: readonly InstallmentState[];
  /** Paid on the plan's invoices since it was agreed. */
  paid: number;
  /** Defaulted once an installment is missed; completed once every installment is paid. */
  status: 'current' | 'defaulted' | 'completed';
}

// Decide

export function agreePaymentPlan(command: AgreePaymentPlan, account: ActiveAccount): PaymentPlanAgreed[] {
  const { planId, invoiceIds, currency, installments, interestRateBasisPoints, agreedOn } = command.data;
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
      throw new DomainError(
        'installment-invalid',
        `Installments are numbered 1, 2, 3, …: found ${installment.number} in place ${index + 1}`,
      );
    }
    requirePositive(installment.amount, `Installment ${installment.number}`);
    const previousDue = index === 0 ? agreedOn : installments[index - 1].dueOn;
    if (index === 0 ? installment.dueOn < previousDue : installment.dueOn <= previousDue) {
      throw new DomainError(
        'installment-invalid',
        `Installment ${installment.number} is due on ${installment.dueOn}, not after ${previousDue}`,
      );
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
  return [{ type: 'PaymentPlanAgreed', data: command.data }];
}

export function confirmInstallmentPaid(command: ConfirmInstallmentPaid, account: ActiveAccount): InstallmentPaid[] {
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

export function declareInstallmentMissed(command: DeclareInstallmentMissed, account: ActiveAccount): InstallmentMissed[] {
  const { planId, installmentNumber, detectedOn } = command.data;
  const plan = currentPlan(account, planId);
  const installment = dueInstallment(plan, installmentNumber);
  if (detectedOn <= installment.dueOn) {
    throw new DomainError(
      'installment-not-missed',
      `Installment ${installmentNumber} of plan ${planId} is due on ${installment.dueOn}; it cannot be missed on ${detectedOn}`,
    );
  }
  const owed = dueThrough(plan, installmentNumber);
  if (plan.paid >= owed) {
    throw new DomainError(
      'installment-not-missed',
      `Installment ${installmentNumber} of plan ${planId} is covered by what was paid; confirm it paid instead`,
    );
  }
  const { dueOn } = installment;
  const shortfall = Math.min(owed - plan.paid, installment.amount);
  return [{ type: 'InstallmentMissed', data: { planId, installmentNumber, dueOn, detectedOn, shortfall, currency: plan.currency } }];
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
    throw new DomainError(
      'installment-invalid',
      `Installment ${installmentNumber} of plan ${plan.planId} is already ${installment.status}`,
    );
  }
  return installment;
}

/**
 * What the plan's schedule asks to have been paid by the end of installment `number`. The policy
 * engine judges installments by it too: one is paid once the plan's payments reach it.
 */
export function dueThrough(plan: PaymentPlanState, installmentNumber: number): number {
  return sumAmounts(plan.installments.filter((installment) => installment.number <= installmentNumber).map((i) => i.amount));
}

// Evolve

export function paymentPlanAgreed(account: ActiveAccount, event: PaymentPlanAgreed): ActiveAccount {
  const plan: PaymentPlanState = {
    ...event.data,
    installments: event.data.installments.map((installment) => ({ ...installment, status: 'due' })),
    paid: 0,
    status: 'current',
  };
  return { ...account, paymentPlans: put(account.paymentPlans, plan.planId, plan) };
}

export function installmentPaid(account: ActiveAccount, event: InstallmentPaid): ActiveAccount {
  return {
    ...account,
    paymentPlans: update(account.paymentPlans, event.data.planId, (plan) => markInstallment(plan, event.data.installmentNumber, 'paid')),
  };
}

export function installmentMissed(account: ActiveAccount, event: InstallmentMissed): ActiveAccount {
  return {
    ...account,
    paymentPlans: update(account.paymentPlans, event.data.planId, (plan) => markInstallment(plan, event.data.installmentNumber, 'missed')),
  };
}

function markInstallment(plan: PaymentPlanState, installmentNumber: number, status: InstallmentState['status']): PaymentPlanState {
  const installments = plan.installments.map((installment) =>
    installment.number === installmentNumber ? { ...installment, status } : installment,
  );
  const nextStatus =
    status === 'missed' ? 'defaulted' : installments.every((installment) => installment.status === 'paid') ? 'completed' : plan.status;
  return { ...plan, installments, status: nextStatus };
}

// The step as decide, evolve and occurredOn dispatch to it

export const paymentPlans = procedureStep<PaymentPlansCommand, PaymentPlansEvent>({
  decide: {
    AgreePaymentPlan: agreePaymentPlan,
    ConfirmInstallmentPaid: confirmInstallmentPaid,
    DeclareInstallmentMissed: declareInstallmentMissed,
  },
  evolve: { PaymentPlanAgreed: paymentPlanAgreed, InstallmentPaid: installmentPaid, InstallmentMissed: installmentMissed },
  occurredOn: { PaymentPlanAgreed: 'agreedOn', InstallmentPaid: 'paidOn', InstallmentMissed: 'detectedOn' },
});
