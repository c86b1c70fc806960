import { CollectionCommand } from './commands';
import { CollectionEvent } from './events';
import {
  active,
  agencyRecallMade,
  agreePaymentPlan,
  assignCollector,
  claimDeduction,
  collectorAssigned,
  confirmInstallmentPaid,
  confirmPromiseKept,
  creditHoldLifted,
  creditHoldPlaced,
  creditLimitChangeRecommended,
  creditMemoIssued,
  declareInstallmentMissed,
  declarePromiseBroken,
  finalNoticeSent,
  fold,
  given,
  initiateLegalAction,
  installmentMissed,
  installmentPaid,
  invoiceOverdue,
  invoiceRegistered,
  issueCreditMemo,
  legalActionInitiated,
  liftCreditHold,
  logContact,
  makePromise,
  markInvoiceOverdue,
  paymentPlanAgreed,
  paymentReceived,
  placeCreditHold,
  postMortemRecorded,
  raiseDispute,
  recallFromAgency,
  receivePayment,
  receiveRecovery,
  recommendCreditLimitChange,
  recordPostMortem,
  recoveryReceived,
  escalationProposed,
  scheduleCallTask,
  proposeEscalation,
  referToAgency,
  referredToAgency,
  registerInvoice,
  resolveDispute,
  sendFinalNotice,
  sendReminder,
  writeOff,
  writtenOff,
} from './testing/decider-specification';

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();
const secondInvoice = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-19' });

describe('decide', () => {
  describe('account', () => {
    const everyCommandButRegister: CollectionCommand[] = [
      receivePayment(),
      issueCreditMemo(),
      markInvoiceOverdue(),
      assignCollector(),
      claimDeduction(),
      raiseDispute(),
      resolveDispute(),
      sendReminder(),
      sendFinalNotice(),
      logContact(),
      makePromise(),
      confirmPromiseKept(),
      declarePromiseBroken(),
      agreePaymentPlan(),
      confirmInstallmentPaid(),
      declareInstallmentMissed(),
      recommendCreditLimitChange(),
      placeCreditHold(),
      liftCreditHold(),
      referToAgency(),
      recallFromAgency(),
      initiateLegalAction(),
      writeOff(),
      receiveRecovery(),
      recordPostMortem(),
      scheduleCallTask(),
      proposeEscalation(),
    ];

    it('lists every command type but RegisterInvoice below', () => {
      expect(new Set(everyCommandButRegister.map((command) => command.type)).size).toBe(27);
    });

    it.each(everyCommandButRegister.map((command) => [command.type, command] as const))(
      'refuses %s before the first invoice is registered',
      (_type, command) => {
        given([]).when(command).thenThrows('account-not-found', /register an invoice first/);
      },
    );
  });

  describe('payment plans', () => {
    describe('AgreePaymentPlan', () => {
      it('agrees a plan whose installments add up to the open balance', () => {
        const terms = { guarantors: ['J. Doe', 'A. Doe'], terms: 'Personal guarantees', interestRateBasisPoints: 450 };
        given([invoice]).when(agreePaymentPlan(terms)).then([paymentPlanAgreed(terms)]);
      });

      it('schedules what is left after partial payments, across invoices, with a first installment on the day', () => {
        const plan = {
          invoiceIds: ['INV-1', 'INV-2'],
          installments: [
            { number: 1, dueOn: '2024-02-20', amount: 2_000 },
            { number: 2, dueOn: '2024-03-20', amount: 7_000 },
          ],
        };
        given([invoice, secondInvoice, paymentReceived({ amount: 7_000 })]).when(agreePaymentPlan(plan)).then([paymentPlanAgreed(plan)]);
      });

      it('refuses installments that add up to less than the open balance', () => {
        const installments = [
          { number: 1, dueOn: '2024-03-01', amount: 5_000 },
          { number: 2, dueOn: '2024-04-01', amount: 4_999 },
        ];
        given([invoice]).when(agreePaymentPlan({ installments })).thenThrows('installment-invalid', /99\.99 EUR but 100\.00 EUR/);
      });

      it('refuses installments that add up to more than what is left after a payment', () => {
        given([invoice, paymentReceived({ amount: 1_000 })]).when(agreePaymentPlan()).thenThrows('installment-invalid');
      });

      it('refuses installments not numbered 1..n', () => {
        const installments = [
          { number: 1, dueOn: '2024-03-01', amount: 5_000 },
          { number: 3, dueOn: '2024-04-01', amount: 5_000 },
        ];
        given([invoice]).when(agreePaymentPlan({ installments })).thenThrows('installment-invalid', /found 3 in place 2/);
      });

      it('refuses installment dates that do not increase', () => {
        const installments = [
          { number: 1, dueOn: '2024-03-01', amount: 5_000 },
          { number: 2, dueOn: '2024-03-01', amount: 5_000 },
        ];
        given([invoice]).when(agreePaymentPlan({ installments })).thenThrows('installment-invalid', /not after 2024-03-01/);
      });

      it('refuses a first installment due before the plan is agreed', () => {
        const installments = [{ number: 1, dueOn: '2024-02-19', amount: 10_000 }];
        given([invoice]).when(agreePaymentPlan({ installments })).thenThrows('installment-invalid');
      });

      it('refuses a plan without installments', () => {
        given([invoice]).when(agreePaymentPlan({ installments: [] })).thenThrows('installment-invalid');
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
        given([invoice, paymentPlanAgreed(), installmentMissed()]).when(agreePaymentPlan(next)).then([paymentPlanAgreed(next)]);
      });

      it('refuses a plan id used before', () => {
        const again = { agreedOn: '2024-03-10', installments: [{ number: 1, dueOn: '2024-04-10', amount: 10_000 }] };
        given([invoice, paymentPlanAgreed(), installmentMissed()]).when(agreePaymentPlan(again)).thenThrows('duplicate-id', 'PL-1');
      });

      it('refuses a plan in another currency', () => {
        given([invoice]).when(agreePaymentPlan({ currency: 'USD' })).thenThrows('currency-mismatch');
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
        given([invoice, paymentPlanAgreed()]).when(confirmInstallmentPaid({ installmentNumber: 3 })).thenThrows('installment-invalid');
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

  describe('credit limit and hold', () => {
    it('records a credit limit recommendation', () => {
      given([invoice]).when(recommendCreditLimitChange({ recommendedLimit: 50_000 })).then([
        creditLimitChangeRecommended({ recommendedLimit: 50_000 }),
      ]);
    });

    it('refuses a recommendation id used before', () => {
      given([invoice, creditLimitChangeRecommended()]).when(recommendCreditLimitChange()).thenThrows('duplicate-id');
    });

    it.each([-1, 99.5])('refuses a recommended limit of %p', (recommendedLimit) => {
      given([invoice]).when(recommendCreditLimitChange({ recommendedLimit })).thenThrows('invalid-amount');
    });

    it('places a credit hold', () => {
      given([invoice]).when(placeCreditHold()).then([creditHoldPlaced()]);
    });

    it('refuses a second credit hold', () => {
      given([invoice, creditHoldPlaced()]).when(placeCreditHold()).thenThrows('credit-hold-conflict', /since 2024-04-01/);
    });

    it('lifts a credit hold', () => {
      given([invoice, creditHoldPlaced()]).when(liftCreditHold()).then([creditHoldLifted()]);
    });

    it('refuses to lift a hold that is not there', () => {
      given([invoice]).when(liftCreditHold()).thenThrows('credit-hold-conflict');
    });

    it('places a hold again after it was lifted', () => {
      given([invoice, creditHoldPlaced(), creditHoldLifted()])
        .when(placeCreditHold({ placedOn: '2024-06-01' }))
        .then([creditHoldPlaced({ placedOn: '2024-06-01' })]);
    });
  });

  describe('agency', () => {
    describe('ReferToAgency', () => {
      it('refers open invoices to an agency', () => {
        given([invoice, finalNoticeSent()]).when(referToAgency()).then([referredToAgency()]);
      });

      it('refuses an invoice that is already with an agency', () => {
        given([invoice, secondInvoice, referredToAgency()])
          .when(referToAgency({ referralId: 'AG-2', agency: 'Other', invoiceIds: ['INV-2', 'INV-1'] }))
          .thenThrows('referral-conflict', /INV-1 is already with Acme Collections/);
      });

      it('refers the invoice again after a recall', () => {
        const next = { referralId: 'AG-2', agency: 'Other', referredOn: '2024-05-01' };
        given([invoice, referredToAgency(), agencyRecallMade()]).when(referToAgency(next)).then([referredToAgency(next)]);
      });

      it('refuses a referral id used before', () => {
        given([invoice, referredToAgency(), agencyRecallMade()])
          .when(referToAgency({ referredOn: '2024-05-01' }))
          .thenThrows('duplicate-id', 'AG-1');
      });

      it('refuses an invoice paid in full', () => {
        given([invoice, paymentReceived()]).when(referToAgency()).thenThrows('invoice-settled');
      });

      it('refuses a written-off invoice', () => {
        given([invoice, writtenOff()]).when(referToAgency({ referredOn: '2024-07-01' })).thenThrows('invoice-settled');
      });

      it('refuses a referral before the invoice was issued', () => {
        given([invoice]).when(referToAgency({ referredOn: '2024-01-01' })).thenThrows('invalid-date');
      });
    });

    describe('RecallFromAgency', () => {
      it('recalls an active referral', () => {
        given([invoice, referredToAgency()]).when(recallFromAgency()).then([agencyRecallMade()]);
      });

      it('refuses an unknown referral', () => {
        given([invoice]).when(recallFromAgency()).thenThrows('referral-not-found', 'AG-1');
      });

      it('refuses a referral already recalled', () => {
        given([invoice, referredToAgency(), agencyRecallMade()])
          .when(recallFromAgency({ recalledOn: '2024-05-01' }))
          .thenThrows('referral-conflict', /already recalled on 2024-04-15/);
      });

      it('refuses a recall dated before the referral', () => {
        given([invoice, referredToAgency()]).when(recallFromAgency({ recalledOn: '2024-03-31' })).thenThrows('invalid-date');
      });
    });
  });

  describe('legal', () => {
    it('initiates legal action over open invoices', () => {
      given([invoice]).when(initiateLegalAction({ counsel: 'Law & Co' })).then([legalActionInitiated({ counsel: 'Law & Co' })]);
    });

    it('refuses an invoice already in a legal case', () => {
      given([invoice, secondInvoice, legalActionInitiated()])
        .when(initiateLegalAction({ caseId: 'LA-2', invoiceIds: ['INV-2', 'INV-1'] }))
        .thenThrows('legal-action-conflict', /INV-1 is already in legal case LA-1/);
    });

    it('accepts a case over another invoice', () => {
      given([invoice, secondInvoice, legalActionInitiated()])
        .when(initiateLegalAction({ caseId: 'LA-2', invoiceIds: ['INV-2'] }))
        .then([legalActionInitiated({ caseId: 'LA-2', invoiceIds: ['INV-2'] })]);
    });

    it('refuses a case id used before', () => {
      given([invoice, secondInvoice, legalActionInitiated()])
        .when(initiateLegalAction({ invoiceIds: ['INV-2'] }))
        .thenThrows('duplicate-id', 'LA-1');
    });

    it('refuses an invoice paid in full', () => {
      given([invoice, paymentReceived()]).when(initiateLegalAction()).thenThrows('invoice-settled');
    });
  });

  describe('write-off and recovery', () => {
    describe('WriteOff', () => {
      it('writes off the whole open balance', () => {
        given([invoice]).when(writeOff()).then([writtenOff()]);
      });

      it('writes off only the remainder of a partly paid and credited invoice', () => {
        given([invoice, paymentReceived({ amount: 3_000 }), creditMemoIssued({ amount: 500 })])
          .when(writeOff())
          .then([writtenOff({ invoices: [{ invoiceId: 'INV-1', amount: 6_500, currency: 'EUR' }] })]);
      });

      it('writes off several invoices, each in its own currency', () => {
        const usd = invoiceRegistered({ invoiceId: 'INV-3', amount: 700, currency: 'USD' });
        given([invoice, usd])
          .when(writeOff({ invoiceIds: ['INV-3', 'INV-1'] }))
          .then([
            writtenOff({
              invoices: [
                { invoiceId: 'INV-3', amount: 700, currency: 'USD' },
                { invoiceId: 'INV-1', amount: 10_000, currency: 'EUR' },
              ],
            }),
          ]);
      });

      it('refuses an invoice paid in full', () => {
        given([invoice, paymentReceived()]).when(writeOff()).thenThrows('invoice-settled', /settled in full/);
      });

      it('refuses an invoice already written off', () => {
        given([invoice, writtenOff()]).when(writeOff({ writeOffId: 'WO-2' })).thenThrows('invoice-settled', /written off/);
      });

      it('refuses an unknown invoice', () => {
        given([invoice]).when(writeOff({ invoiceIds: ['INV-9'] })).thenThrows('invoice-not-found');
      });

      it('refuses a write-off id used before', () => {
        given([invoice, secondInvoice, writtenOff()]).when(writeOff({ invoiceIds: ['INV-2'] })).thenThrows('duplicate-id', 'WO-1');
      });

      it('refuses a write-off dated before the invoice was issued', () => {
        given([invoice]).when(writeOff({ writtenOffOn: '2024-01-01' })).thenThrows('invalid-date');
      });
    });

    describe('ReceiveRecovery', () => {
      it('records money recovered on a written-off invoice', () => {
        given([invoice, writtenOff()]).when(receiveRecovery()).then([recoveryReceived()]);
      });

      it('recovers at most what was written off, across recoveries', () => {
        given([
          invoice,
          paymentReceived({ amount: 4_000 }),
          writtenOff({ invoices: [{ invoiceId: 'INV-1', amount: 6_000, currency: 'EUR' }] }),
          recoveryReceived({ amount: 2_000 }),
        ])
          .when(receiveRecovery({ recoveryId: 'RC-2', amount: 4_001 }))
          .thenThrows('amount-exceeds-balance', /40\.00 EUR written off and not yet recovered/);
      });

      it('recovers exactly what is left', () => {
        given([invoice, writtenOff(), recoveryReceived({ amount: 2_000 })])
          .when(receiveRecovery({ recoveryId: 'RC-2', amount: 8_000 }))
          .then([recoveryReceived({ recoveryId: 'RC-2', amount: 8_000 })]);
      });

      it('refuses an invoice that was not written off', () => {
        given([invoice]).when(receiveRecovery()).thenThrows('invoice-not-written-off', /record a payment instead/);
      });

      it('refuses an unknown invoice', () => {
        given([invoice, writtenOff()]).when(receiveRecovery({ invoiceId: 'INV-9' })).thenThrows('invoice-not-found');
      });

      it('refuses a recovery in another currency', () => {
        given([invoice, writtenOff()]).when(receiveRecovery({ currency: 'USD' })).thenThrows('currency-mismatch');
      });

      it('refuses a recovery dated before the write-off', () => {
        given([invoice, writtenOff()]).when(receiveRecovery({ receivedOn: '2024-05-31' })).thenThrows('invalid-date');
      });

      it('refuses a recovery id used before', () => {
        given([invoice, writtenOff(), recoveryReceived()]).when(receiveRecovery({ amount: 100 })).thenThrows('duplicate-id', 'RC-1');
      });

      it('refuses a recovery of nothing', () => {
        given([invoice, writtenOff()]).when(receiveRecovery({ amount: 0 })).thenThrows('invalid-amount');
      });
    });
  });

  describe('post-mortem', () => {
    it('records a post-mortem for a written-off account', () => {
      given([invoice, writtenOff()]).when(recordPostMortem()).then([postMortemRecorded()]);
    });

    it('requires a write-off', () => {
      given([invoice]).when(recordPostMortem()).thenThrows('nothing-written-off');
    });

    it('refuses a post-mortem id used before', () => {
      given([invoice, writtenOff(), postMortemRecorded()]).when(recordPostMortem()).thenThrows('duplicate-id', 'PM-1');
    });

    it('refuses an action item due before the post-mortem', () => {
      const actionItems = [{ description: 'Tighten terms', owner: 'credit', dueOn: '2024-06-14' }];
      given([invoice, writtenOff()]).when(recordPostMortem({ actionItems })).thenThrows('invalid-date', /Tighten terms/);
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

  it('ends a current plan when its invoices are written off', () => {
    const state = fold([invoice, paymentPlanAgreed(), writtenOff()]);
    expect(state.status === 'active' && state.paymentPlans.get('PL-1')?.status).toBe('defaulted');
    given([invoice, paymentPlanAgreed(), writtenOff()])
      .when(declareInstallmentMissed({ detectedOn: '2024-06-02' }))
      .thenThrows('plan-not-current');
  });

  it('refuses a post-mortem dated before the write-off', () => {
    given([invoice, writtenOff()])
      .when(recordPostMortem({ recordedOn: '2024-05-01', actionItems: [] }))
      .thenThrows('invalid-date', /first write-off on 2024-06-01/);
  });

  it.each([
    ['a malformed date', registerInvoice({ dueOn: '2024-2-9' }), 'invalid-date', /command\.dueOn/],
    ['an impossible date', receivePayment({ receivedOn: '2024-02-30' }), 'invalid-date', /receivedOn/],
    ['a nested bad date', agreePaymentPlan({ installments: [{ number: 1, dueOn: 'soon', amount: 10_000 }] }), 'invalid-date', /installments\[0\]\.dueOn/],
    ['an unknown currency', receivePayment({ currency: 'EURO' }), 'currency-mismatch', /ISO 4217/],
  ] as const)('refuses %s in a command that did not come through HTTP', (_what, command, code, message) => {
    given([invoice]).when(command).thenThrows(code, message);
  });

});

describe('call tasks and escalation proposals', () => {
  const overdue = [invoice, invoiceOverdue(), collectorAssigned()];

  describe('ProposeEscalation', () => {
    it('records the balances and days past due the proposal was based on', () => {
      given(overdue).when(proposeEscalation()).then([escalationProposed()]);
    });

    it('sums balances per currency over several invoices', () => {
      given([...overdue, secondInvoice, paymentReceived({ amount: 4_000 })])
        .when(proposeEscalation({ kind: 'write_off', invoiceIds: ['INV-1', 'INV-2'] }))
        .then([escalationProposed({ kind: 'write_off', invoiceIds: ['INV-1', 'INV-2'], balances: [{ amount: 12_000, currency: 'EUR' }] })]);
    });

    it('refuses a proposal for invoices that are not yet past due', () => {
      given(overdue).when(proposeEscalation({ proposedOn: '2024-02-09' })).thenThrows('not-overdue');
    });

    it('refuses an agency referral proposal for invoices already with an agency', () => {
      given([...overdue, referredToAgency()]).when(proposeEscalation()).thenThrows('escalation-conflict', /Acme Collections/);
    });

    it('refuses a proposal id used before', () => {
      given([...overdue, escalationProposed()]).when(proposeEscalation({ kind: 'write_off' })).thenThrows('duplicate-id');
    });

    it('refuses a proposal for a settled invoice', () => {
      given([...overdue, paymentReceived()]).when(proposeEscalation()).thenThrows('invoice-settled');
    });
  });
});
