import { addDays, daysBetween, dueThrough, sumAmounts } from '@collections/domain';
import { CONTACT_PEOPLE } from '../profiles';
import type { CustomerDay } from './customer-day';
import { invoiceIdsIn, sortedBy } from './ordering';

// Promises (step 4) and payment plans (steps 5 and 7): what the customer agrees to, and whether it keeps to it.

export function promise(day: CustomerDay, keeps: boolean): void {
  const due = day.remindedOverdue(invoiceIdsIn(day.account.promises));
  if (due !== undefined && day.date >= addDays(due.remindedOn, day.draws.int([day.id, due.invoices[0].invoiceId, 'contact-delay'], 1, 3))) {
    const promiseId = `${day.id}-PRM-${day.stamp}`;
    const invoiceIds = due.invoices.map((invoice) => invoice.invoiceId);
    day.logContact('Promised to pay the overdue invoices');
    day.emit('collector', promiseId, {
      type: 'MakePromise',
      data: {
        promiseId,
        invoiceIds,
        amount: sumAmounts(due.invoices.map((invoice) => invoice.balance)),
        currency: day.plan.currency,
        promisedFor: addDays(day.date, day.draws.int([day.id, promiseId, 'promised-in'], 5, 14)),
        madeOn: day.date,
      },
    });
  }
  const followed = [...day.account.promises.values()].filter(
    (promise) => promise.status === 'open' || (!keeps && promise.status === 'broken' && day.stillOpen(promise.invoiceIds).length > 0),
  );
  for (const promise of sortedBy(followed, (p) => p.promiseId)) {
    const key = [day.id, promise.promiseId];
    if (promise.status === 'open' && day.date > promise.madeOn) {
      const span = daysBetween(promise.madeOn, promise.promisedFor);
      const payOn = addDays(promise.madeOn, day.draws.int([...key, 'pay-day'], 1, Math.max(1, span)));
      if (day.date < payOn) continue;
      if (keeps) {
        day.payInFull(promise.invoiceIds);
      } else if (promise.paid === 0 && day.draws.chance([...key, 'pays-part'], 0.4)) {
        day.payAcross(promise.invoiceIds, Math.max(1, Math.round(promise.amount * day.draws.between([...key, 'part'], 0.3, 0.7))));
      }
    } else if (!keeps && promise.status === 'broken' && day.draws.chance([...key, 'pays-late'], 0.6)) {
      if (day.date >= addDays(promise.promisedFor, day.draws.int([...key, 'days-late'], 9, 44))) day.payInFull(promise.invoiceIds);
    }
  }
}

export function paymentPlan(day: CustomerDay): void {
  // One plan at a time: what falls overdue meanwhile waits for the next one.
  const plans = [...day.account.paymentPlans.values()];
  const current = plans.some((plan) => plan.status === 'current');
  const due = current ? undefined : day.remindedOverdue(invoiceIdsIn(day.account.paymentPlans));
  if (due !== undefined && day.date >= addDays(due.remindedOn, day.draws.int([day.id, due.invoices[0].invoiceId, 'plan-delay'], 1, 5))) {
    const planId = `${day.id}-PLN-${day.stamp}`;
    const total = sumAmounts(due.invoices.map((invoice) => invoice.balance));
    const third = Math.floor(total / 3);
    const guarantor = day.draws.chance([day.id, planId, 'guaranteed'], 0.3);
    day.logContact('Cannot pay at once; offered installments');
    day.emit('collector', planId, {
      type: 'AgreePaymentPlan',
      data: {
        planId,
        invoiceIds: due.invoices.map((invoice) => invoice.invoiceId),
        currency: day.plan.currency,
        installments: [1, 2, 3].map((number) => ({
          number,
          dueOn: addDays(day.date, 30 * number),
          amount: number < 3 ? third : total - 2 * third,
        })),
        interestRateBasisPoints: day.draws.pick([day.id, planId, 'interest'], [0, 0, 300, 500]),
        guarantors: guarantor ? [day.draws.pick([day.id, planId, 'guarantor'], CONTACT_PEOPLE)] : [],
        terms: 'Three monthly installments; the whole balance falls due if one is missed',
        agreedOn: day.date,
      },
    });
  }
  const followed = plans.filter(
    (plan) => plan.status === 'current' || (plan.status === 'defaulted' && day.stillOpen(plan.invoiceIds).length > 0),
  );
  for (const plan of sortedBy(followed, (p) => p.planId)) {
    const key = [day.id, plan.planId];
    const missed = day.draws.chance([...key, 'misses'], 0.25) ? day.draws.int([...key, 'missed'], 1, 3) : 0;
    if (plan.status === 'current' && day.date > plan.agreedOn) {
      let owed = 0;
      for (const installment of plan.installments) {
        if (installment.number === missed) break;
        if (day.date < addDays(installment.dueOn, -day.draws.int([...key, installment.number, 'days-early'], 0, 5))) break;
        owed = dueThrough(plan, installment.number);
      }
      if (owed > plan.paid) day.payAcross(plan.invoiceIds, owed - plan.paid);
    } else if (plan.status === 'defaulted' && missed > 0 && day.draws.chance([...key, 'pays-late'], 0.6)) {
      const missedOn = plan.installments[missed - 1].dueOn;
      if (day.date >= addDays(missedOn, day.draws.int([...key, 'days-late'], 10, 40))) day.payInFull(plan.invoiceIds);
    }
  }
}
