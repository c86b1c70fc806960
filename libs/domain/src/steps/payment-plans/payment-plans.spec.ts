import { CollectionEvent } from '../../events';
import {
  active,
  agreePaymentPlan,
  confirmInstallmentPaid,
  declareInstallmentMissed,
  fold,
  given,
  installmentMissed,
  installmentPaid,
  invoiceRegistered,
  paymentPlanAgreed,
  paymentReceived,
} from '../../testing/decider-specification';

// Payment plans (step 5) and their installments, paid or missed (step 7).

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();
const secondInvoice = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-19' });

describe('decide', () => {
  describe('payment plans', () => {
    describe('AgreePaymentPlan', () => {
      it('agrees a plan whose installments add up to the open balance', () => {
        const terms = { guarantors: ['J. Doe', 'A. Doe'], terms: 'Personal guarantees', interestRateBasisPoints: 450 };
        given([invoice])
          .when(agreePaymentPlan(terms))
          .then([paymentPlanAgreed(terms)]);
      });

      it('schedules what is left after partial payments, across invoices, with a first installment on the day', () => {
        const plan = {
          invoiceIds: ['INV-1', 'INV-2'],
          installments: [
            { number: 1, dueOn: '2024-02-20', amount: 2_000 },
            { number: 2, dueOn: '2024-03-20', amount: 7_000 },
          ],
        };
        given([invoice, secondInvoice, paymentReceived({ amount: 7_000 })])
          .when(agreePaymentPlan(plan))
          .then([paymentPlanAgreed(plan)]);
      });

      it('refuses installments that add up to less than the open balance', () => {
        const installments = [
          { number: 1, dueOn: '2024-03-01', amount: 5_000 },
          { number: 2, dueOn: '2024-04-01', amount: 4_999 },
        ];
        given([invoice])
          .when(agreePaymentPlan({ installments }))
          .thenThrows('installment-invalid', /99\.99 EUR but 100\.00 EUR/);
      });

      it('refuses installments that add up to more than what is left after a payment', () => {
        given([invoice, paymentReceived({ amount: 1_000 })])
          .when(agreePaymentPlan())
          .thenThrows('installment-invalid');
      });

      it('refuses installments not numbered 1..n', () => {
        const installments = [
          { number: 1, dueOn: '2024-03-01', amount: 5_000 },
          { number: 3, dueOn: '2024-04-01', amount: 5_000 },
        ];
        given([invoice])
          .when(agreePaymentPlan({ installments }))
          .thenThrows('installment-invalid', /found 3 in place 2/);
      });

      it('refuses installment dates that do not increase', () => {
        const installments = [
          { number: 1, dueOn: '2024-03-01', amount: 5_000 },
          { number: 2, dueOn: '2024-03-01', amount: 5_000 },
        ];
        given([invoice])
          .when(agreePaymentPlan({ installments }))
          .thenThrows('installment-invalid', /not after 2024-03-01/);
      });

      it('refuses a first installment due before the plan is agreed', () => {
        const installments = [{ number: 1, dueOn: '2024-02-19', amount: 10_000 }];
        given([invoice]).when(agreePaymentPlan({ installments })).thenThrows('installment-invalid');
      });

      it('refuses a plan without installments', () => {
        given([invoice])
          .when(agreePaymentPlan({ installments: [] }))
          .thenThrows('installment-invalid');
      });

      it('refuses an installment of nothing', () => {
        const installments = [
          { number: 1, dueOn: '2024-03-01', amount: 10_000 },
          { number: 2, dueOn: '2024-04-01', amount: 0 },
        ];
        given([invoice]).when(agreePaymentPlan({ installments })).thenThrows('invalid-amount');
      });

      it.each([-1, 2.5])('refuses an interest rate of %p basis points', (interestRateBasisPoints) => {
        given([invoice]).when(agreePaymentPlan({ interestRateBasisPoints })).thenThrows('invalid-amount');
      });

      it('refuses a plan overlapping a current plan', () => {
        given([invoice, paymentPlanAgreed()])
          .when(agreePaymentPlan({ planId: 'PL-2', agreedOn: '2024-02-21' }))
          .thenThrows('plan-conflict', /PL-1/);
      });

      it('accepts a new plan once the earlier one defaulted', () => {
        const next = {
          planId: 'PL-2',
          agreedOn: '2024-03-10',
          installments: [{ number: 1, dueOn: '2024-04-10', amount: 10_000 }],
        };
        given([invoice, paymentPlanAgreed(), installmentMissed()])
          .when(agreePaymentPlan(next))
          .then([paymentPlanAgreed(next)]);
      });

      it('refuses a plan id used before', () => {
        const again = { agreedOn: '2024-03-10', installments: [{ number: 1, dueOn: '2024-04-10', amount: 10_000 }] };
        given([invoice, paymentPlanAgreed(), installmentMissed()]).when(agreePaymentPlan(again)).thenThrows('duplicate-id', 'PL-1');
      });

      it('refuses a plan in another currency', () => {
        given([invoice])
          .when(agreePaymentPlan({ currency: 'USD' }))
          .thenThrows('currency-mismatch');
      });

      it('refuses a plan for an invoice paid in full', () => {
        given([invoice, paymentReceived()]).when(agreePaymentPlan()).thenThrows('invoice-settled');
      });
    });

    describe('ConfirmInstallmentPaid', () => {
      it('confirms an installment covered by payments since the plan was agreed', () => {
        given([invoice, paymentPlanAgreed(), paymentReceived({ amount: 5_000, receivedOn: '2024-02-28' })])
          .when(confirmInstallmentPaid())
          .then([installmentPaid()]);
      });

      it('confirms a later installment once everything due through it is paid', () => {
        given([
          invoice,
          paymentPlanAgreed(),
          paymentReceived({ amount: 5_000, receivedOn: '2024-02-28' }),
          installmentPaid(),
          paymentReceived({ paymentId: 'PAY-2', amount: 5_000, receivedOn: '2024-03-30' }),
        ])
          .when(confirmInstallmentPaid({ installmentNumber: 2, paidOn: '2024-03-30' }))
          .then([installmentPaid({ installmentNumber: 2, paidOn: '2024-03-30' })]);
      });

      it('refuses an installment not yet covered', () => {
        given([invoice, paymentPlanAgreed(), paymentReceived({ amount: 4_999, receivedOn: '2024-02-28' })])
          .when(confirmInstallmentPaid())
          .thenThrows('installment-not-paid', /49\.99 EUR paid of 50\.00 EUR/);
      });

      it('does not count payments received before the plan was agreed', () => {
        given([
          invoice,
          paymentReceived({ amount: 5_000, receivedOn: '2024-02-19' }),
          paymentPlanAgreed({ installments: [{ number: 1, dueOn: '2024-03-01', amount: 5_000 }] }),
        ])
          .when(confirmInstallmentPaid())
          .thenThrows('installment-not-paid');
      });

      it('refuses an installment that is already paid', () => {
        given([invoice, paymentPlanAgreed(), paymentReceived({ amount: 5_000, receivedOn: '2024-02-28' }), installmentPaid()])
          .when(confirmInstallmentPaid())
          .thenThrows('installment-invalid', /already paid/);
      });

      it('refuses an installment the plan does not have', () => {
        given([invoice, paymentPlanAgreed()])
          .when(confirmInstallmentPaid({ installmentNumber: 3 }))
          .thenThrows('installment-invalid');
      });

      it('refuses an unknown plan', () => {
        given([invoice]).when(confirmInstallmentPaid()).thenThrows('plan-not-found');
      });

      it('refuses a plan that defaulted', () => {
        given([invoice, paymentPlanAgreed(), installmentMissed(), paymentReceived({ amount: 5_000, receivedOn: '2024-03-05' })])
          .when(confirmInstallmentPaid())
          .thenThrows('plan-not-current', /defaulted/);
      });
    });

    describe('DeclareInstallmentMissed', () => {
      it('declares an unpaid installment missed after its due date', () => {
        given([invoice, paymentPlanAgreed()]).when(declareInstallmentMissed()).then([installmentMissed()]);
      });

      it('computes the shortfall from what was paid', () => {
        given([invoice, paymentPlanAgreed(), paymentReceived({ amount: 3_000, receivedOn: '2024-02-25' })])
          .when(declareInstallmentMissed())
          .then([installmentMissed({ shortfall: 2_000 })]);
      });

      it('cannot miss an installment on its due date', () => {
        given([invoice, paymentPlanAgreed()])
          .when(declareInstallmentMissed({ detectedOn: '2024-03-01' }))
          .thenThrows('installment-not-missed', /due on 2024-03-01/);
      });

      it('cannot miss an installment that payments cover', () => {
        given([invoice, paymentPlanAgreed(), paymentReceived({ amount: 5_000, receivedOn: '2024-02-25' })])
          .when(declareInstallmentMissed())
          .thenThrows('installment-not-missed', /confirm it paid/);
      });

      it('refuses a plan that is completed', () => {
        given([
          invoice,
          paymentPlanAgreed(),
          paymentReceived({ amount: 10_000, receivedOn: '2024-02-25' }),
          installmentPaid(),
          installmentPaid({ installmentNumber: 2 }),
        ])
          .when(declareInstallmentMissed({ installmentNumber: 2, detectedOn: '2024-04-02' }))
          .thenThrows('plan-not-current', /completed/);
      });

      it('refuses an unknown plan', () => {
        given([invoice]).when(declareInstallmentMissed()).thenThrows('plan-not-found');
      });
    });
  });
});

describe('evolve', () => {
  it('tracks a plan: payments since it was agreed, installments paid, completed when all are paid', () => {
    const events: CollectionEvent[] = [
      invoice,
      paymentPlanAgreed(),
      paymentReceived({ amount: 5_000, receivedOn: '2024-02-28' }),
      installmentPaid(),
    ];
    const partway = active(fold(events)).paymentPlans.get('PL-1');
    expect(partway).toMatchObject({ paid: 5_000, status: 'current' });
    expect(partway?.installments.map((installment) => installment.status)).toEqual(['paid', 'due']);

    const done = active(
      fold([
        ...events,
        paymentReceived({ paymentId: 'PAY-2', amount: 5_000, receivedOn: '2024-03-30' }),
        installmentPaid({ installmentNumber: 2 }),
      ]),
    ).paymentPlans.get('PL-1');
    expect(done).toMatchObject({ paid: 10_000, status: 'completed' });
    expect(done?.installments.map((installment) => installment.status)).toEqual(['paid', 'paid']);
  });

  it('defaults a plan after a missed installment', () => {
    const plan = active(fold([invoice, paymentPlanAgreed(), installmentMissed()])).paymentPlans.get('PL-1');
    expect(plan).toMatchObject({ status: 'defaulted', paid: 0 });
    expect(plan?.installments.map((installment) => installment.status)).toEqual(['missed', 'due']);
  });
});

describe('rules tightened after review', () => {
  it('refuses an installment paid before the plan was agreed', () => {
    given([invoice, paymentPlanAgreed(), paymentReceived({ amount: 5_000, receivedOn: '2024-02-25' })])
      .when(confirmInstallmentPaid({ paidOn: '2024-02-10' }))
      .thenThrows('invalid-date', /agreed on 2024-02-20/);
  });
});
