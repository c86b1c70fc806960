import { ActiveAccount, put } from '../../account-state';
import { BusinessDate } from '../../business-date';

/**
 * Money put on an invoice counts toward every open promise and current plan that covers it (a
 * payment, or cash applied); money taken off it again (cash unapplied) counts back, never below
 * nothing.
 */
export function applyPaymentToArrangements(
  account: ActiveAccount,
  invoiceId: string,
  amount: number,
  on: BusinessDate,
): Pick<ActiveAccount, 'promises' | 'paymentPlans'> {
  let promises = account.promises;
  for (const promise of account.promises.values()) {
    if (promise.status === 'open' && promise.invoiceIds.includes(invoiceId) && on >= promise.madeOn) {
      promises = put(promises, promise.promiseId, { ...promise, paid: Math.max(0, promise.paid + amount) });
    }
  }
  let paymentPlans = account.paymentPlans;
  for (const plan of account.paymentPlans.values()) {
    if (plan.status !== 'completed' && plan.invoiceIds.includes(invoiceId) && on >= plan.agreedOn) {
      paymentPlans = put(paymentPlans, plan.planId, { ...plan, paid: Math.max(0, plan.paid + amount) });
    }
  }
  return { promises, paymentPlans };
}
