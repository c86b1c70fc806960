import { CollectionCommand } from './commands';
import {
  agreePaymentPlan,
  assignCollector,
  claimDeduction,
  confirmInstallmentPaid,
  confirmPromiseKept,
  declareInstallmentMissed,
  declarePromiseBroken,
  given,
  initiateLegalAction,
  invoiceRegistered,
  issueCreditMemo,
  liftCreditHold,
  logContact,
  makePromise,
  markInvoiceOverdue,
  placeCreditHold,
  raiseDispute,
  recallFromAgency,
  receivePayment,
  receiveRecovery,
  recommendCreditLimitChange,
  recordPostMortem,
  scheduleCallTask,
  proposeEscalation,
  referToAgency,
  registerInvoice,
  resolveDispute,
  sendFinalNotice,
  sendReminder,
  writeOff,
} from './testing/decider-specification';

// What decide asks of every command, whichever step decides it; each step's commands are specified
// next to it (steps/).

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();

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
        given([])
          .when(command)
          .thenThrows('account-not-found', /register an invoice first/);
      },
    );
  });
});

describe('rules tightened after review', () => {
  it.each([
    ['a malformed date', registerInvoice({ dueOn: '2024-2-9' }), 'invalid-date', /command\.dueOn/],
    ['an impossible date', receivePayment({ receivedOn: '2024-02-30' }), 'invalid-date', /receivedOn/],
    [
      'a nested bad date',
      agreePaymentPlan({ installments: [{ number: 1, dueOn: 'soon', amount: 10_000 }] }),
      'invalid-date',
      /installments\[0\]\.dueOn/,
    ],
    ['an unknown currency', receivePayment({ currency: 'EURO' }), 'currency-mismatch', /ISO 4217/],
  ] as const)('refuses %s in a command that did not come through HTTP', (_what, command, code, message) => {
    given([invoice]).when(command).thenThrows(code, message);
  });
});
