import { CollectionCommand } from './commands';
import {
  agencyRecallMade,
  agreePaymentPlan,
  assignCollector,
  claimDeduction,
  collectorAssigned,
  confirmInstallmentPaid,
  confirmPromiseKept,
  creditMemoIssued,
  declareInstallmentMissed,
  declarePromiseBroken,
  finalNoticeSent,
  fold,
  given,
  initiateLegalAction,
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
});

describe('rules tightened after review', () => {
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
