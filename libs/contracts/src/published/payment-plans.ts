import { arrayOf, integer, object } from '../json-schema';
import { contract, businessDate, currency, id, invoiceIds, minorUnits } from './contract';

/** Payment plans and their installments. */
export const paymentPlans = {
  PaymentPlanAgreed: contract(
    'PaymentPlanAgreed',
    1,
    object(
      {
        planId: id('The plan'),
        invoiceIds,
        currency,
        installments: arrayOf(
          object({
            number: integer({ minimum: 1, description: '1, 2, 3, … in order' }),
            dueOn: businessDate('Due on'),
            amount: minorUnits('The installment'),
          }),
          { minItems: 1 },
        ),
        interestRateBasisPoints: integer({ minimum: 0, description: 'Documented interest (1% = 100); invoiced separately' }),
        guarantorCount: integer({ minimum: 0, description: 'How many personal guarantees back the plan' }),
        agreedOn: businessDate('Agreed on'),
      },
      { description: "A payment plan was agreed. The guarantors' names and the written terms are not published." },
    ),
    ({ planId, invoiceIds, currency, installments, interestRateBasisPoints, guarantors, agreedOn }) => ({
      planId,
      invoiceIds: [...invoiceIds],
      currency,
      installments: installments.map(({ number, dueOn, amount }) => ({ number, dueOn, amount })),
      interestRateBasisPoints,
      guarantorCount: guarantors.length,
      agreedOn,
    }),
  ),
  InstallmentPaid: contract(
    'InstallmentPaid',
    1,
    object(
      { planId: id('The plan'), installmentNumber: integer({ minimum: 1 }), paidOn: businessDate('Paid on') },
      { description: "A plan's installment was paid." },
    ),
    ({ planId, installmentNumber, paidOn }) => ({ planId, installmentNumber, paidOn }),
  ),
  InstallmentMissed: contract(
    'InstallmentMissed',
    1,
    object(
      {
        planId: id('The plan'),
        installmentNumber: integer({ minimum: 1 }),
        dueOn: businessDate('It was due on'),
        detectedOn: businessDate('Found missed on'),
        shortfall: minorUnits('What was unpaid of it'),
        currency,
      },
      { description: "A plan's installment was missed; the plan is in default." },
    ),
    ({ planId, installmentNumber, dueOn, detectedOn, shortfall, currency }) => ({
      planId,
      installmentNumber,
      dueOn,
      detectedOn,
      shortfall,
      currency,
    }),
  ),
};
