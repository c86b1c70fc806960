import { unappliedCashOf } from './cash-application';
import {
  active,
  applyCash,
  cashApplied,
  cashUnapplied,
  confirmPromiseKept,
  deductionClaimed,
  fold,
  given,
  invoiceRegistered,
  paymentReceived,
  promiseMade,
  receiveCash,
  receivePayment,
  recordPayerAccount,
  refundCash,
  unappliedCashReceived,
  unappliedCashRefunded,
  unapplyCash,
  writeOff,
  writtenOff,
} from '../../testing/decider-specification';
import { decide } from '../../decide';
import { evolve } from '../../evolve';
import type { CollectionEvent } from '../../events';

// Cash application. INV-1 is 100.00 EUR, INV-2 60.00 EUR; PAY-B1 brings 150.00 EUR.
const invoice = invoiceRegistered();
const secondInvoice = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-19' });
const cash = unappliedCashReceived();

/** The account after the events, and what its invoices owe and its cash holds. */
function figures(events: CollectionEvent[]) {
  const account = active(fold(events));
  return {
    balances: Object.fromEntries([...account.invoices.values()].map(({ invoiceId, balance }) => [invoiceId, balance])),
    unapplied: Object.fromEntries(unappliedCashOf(account)),
  };
}

describe('cash application', () => {
  describe('ReceiveCash', () => {
    it('keeps money that is not applied yet as unapplied cash on the account', () => {
      given([invoice]).when(receiveCash()).then([cash]);
      expect(figures([invoice, cash])).toEqual({ balances: { 'INV-1': 10_000 }, unapplied: { EUR: 15_000 } });
    });

    it('applies it at once, in the same decision, when the matcher found where it goes', () => {
      const application = {
        applicationId: 'APP-1',
        allocations: [{ invoiceId: 'INV-1', amount: 10_000 }],
        rule: 'remittance-reference' as const,
      };
      given([invoice])
        .when(receiveCash({ application }))
        .then([cash, cashApplied({ rule: 'remittance-reference' })]);
    });

    it('keeps an overpayment: the invoice is paid and the rest stays unapplied', () => {
      const application = { applicationId: 'APP-1', allocations: [{ invoiceId: 'INV-1', amount: 10_000 }], rule: 'exact-amount' as const };
      const events = decide(receiveCash({ application }), fold([invoice]));
      expect(figures([invoice, ...events])).toEqual({ balances: { 'INV-1': 0 }, unapplied: { EUR: 5_000 } });
    });

    it('opens a deduction claim for what a short payment left open when the remittance says so', () => {
      const application = {
        applicationId: 'APP-1',
        allocations: [{ invoiceId: 'INV-1', amount: 9_500 }],
        rule: 'remittance-reference' as const,
      };
      const deductions = [{ deductionId: 'PAY-B1-D1', invoiceId: 'INV-1', amount: 500, reason: 'Damaged pallet' }];
      given([invoice])
        .when(receiveCash({ amount: 9_500, application, deductions }))
        .then([
          unappliedCashReceived({ amount: 9_500 }),
          cashApplied({ allocations: [{ invoiceId: 'INV-1', amount: 9_500 }], rule: 'remittance-reference' }),
          deductionClaimed({ deductionId: 'PAY-B1-D1', amount: 500, programme: 'Damaged pallet', claimedOn: '2024-02-05' }),
        ]);
    });

    it('learns the account the customer paid from when something else identified it', () => {
      const payer = { name: 'Kaunas Tools UAB', account: 'LT121000011101001000' };
      given([invoice])
        .when(receiveCash({ payer, learnPayerAccount: true }))
        .then([
          unappliedCashReceived({ payer }),
          { type: 'PayerAccountRecorded', data: { account: 'LT121000011101001000', recordedOn: '2024-02-05', source: 'payment' } },
        ]);
    });

    it('refuses a payment id the account already used', () => {
      given([invoice, cash]).when(receiveCash()).thenThrows('duplicate-id', 'PAY-B1');
      given([invoice, paymentReceived({ paymentId: 'PAY-B1' })])
        .when(receiveCash())
        .thenThrows('duplicate-id');
    });

    it.each([0, -1, 1.5])('refuses an amount of %p', (amount) => {
      given([invoice]).when(receiveCash({ amount })).thenThrows('invalid-amount');
    });
  });

  describe('ApplyCash', () => {
    it('applies cash across several invoices', () => {
      const allocations = [
        { invoiceId: 'INV-1', amount: 10_000 },
        { invoiceId: 'INV-2', amount: 5_000 },
      ];
      given([invoice, secondInvoice, cash])
        .when(applyCash({ allocations }))
        .then([cashApplied({ allocations })]);
      expect(figures([invoice, secondInvoice, cash, cashApplied({ allocations })])).toEqual({
        balances: { 'INV-1': 0, 'INV-2': 1_000 },
        unapplied: {},
      });
    });

    it('never puts more on an invoice than it owes', () => {
      given([invoice, cash])
        .when(applyCash({ allocations: [{ invoiceId: 'INV-1', amount: 10_001 }] }))
        .thenThrows('amount-exceeds-balance', 'INV-1');
    });

    it('never applies more than the cash still unapplied', () => {
      const small = unappliedCashReceived({ amount: 4_000 });
      given([invoice, secondInvoice, small])
        .when(
          applyCash({
            allocations: [
              { invoiceId: 'INV-1', amount: 3_000 },
              { invoiceId: 'INV-2', amount: 1_001 },
            ],
          }),
        )
        .thenThrows('amount-exceeds-cash', /40\.01 EUR.*40\.00 EUR/);
      given([invoice, secondInvoice, cash, cashApplied()])
        .when(applyCash({ applicationId: 'APP-2', allocations: [{ invoiceId: 'INV-2', amount: 5_001 }] }))
        .thenThrows('amount-exceeds-cash');
    });

    it('refuses an invoice listed twice, one settled, one in another currency, cash it does not know', () => {
      const twice = [
        { invoiceId: 'INV-1', amount: 1_000 },
        { invoiceId: 'INV-1', amount: 1_000 },
      ];
      given([invoice, cash])
        .when(applyCash({ allocations: twice }))
        .thenThrows('invoice-not-found', 'twice');
      given([invoice, paymentReceived(), cash]).when(applyCash()).thenThrows('invoice-settled');
      given([invoice, unappliedCashReceived({ currency: 'USD' })])
        .when(applyCash())
        .thenThrows('currency-mismatch');
      given([invoice]).when(applyCash()).thenThrows('payment-not-found', 'PAY-B1');
      given([invoice, cash])
        .when(applyCash({ allocations: [] }))
        .thenThrows('invoice-not-found');
    });

    it('refuses a date before the cash was received and an application id used before', () => {
      given([invoice, cash])
        .when(applyCash({ appliedOn: '2024-02-04' }))
        .thenThrows('invalid-date');
      given([invoice, secondInvoice, cash, cashApplied()])
        .when(applyCash({ allocations: [{ invoiceId: 'INV-2', amount: 1_000 }] }))
        .thenThrows('duplicate-id');
    });

    it('counts toward an open promise, which can then be confirmed kept', () => {
      const promise = promiseMade({ madeOn: '2024-02-01' });
      given([invoice, promise, cash, cashApplied()])
        .when(confirmPromiseKept({ keptOn: '2024-02-05' }))
        .then([{ type: 'PromiseKept', data: { promiseId: 'PR-1', keptOn: '2024-02-05', amountPaid: 10_000, currency: 'EUR' } }]);
    });
  });

  describe('UnapplyCash', () => {
    it('restores both the invoices and the cash to what they were before the application', () => {
      const before = active(fold([invoice, cash]));
      const after = active(fold([invoice, cash, cashApplied(), cashUnapplied()]));
      expect(after.invoices).toEqual(before.invoices);
      expect(unappliedCashOf(after)).toEqual(unappliedCashOf(before));
      given([invoice, cash, cashApplied()]).when(unapplyCash()).then([cashUnapplied()]);
    });

    it('takes back what the application counted toward a promise', () => {
      const promise = promiseMade({ madeOn: '2024-02-01' });
      given([invoice, promise, cash, cashApplied(), cashUnapplied()])
        .when(confirmPromiseKept({ keptOn: '2024-02-08' }))
        .thenThrows('promise-not-fulfilled');
    });

    it('refuses an application it does not know or one reversed already', () => {
      given([invoice, cash]).when(unapplyCash()).thenThrows('application-not-found', 'APP-1');
      given([invoice, cash, cashApplied(), cashUnapplied()]).when(unapplyCash()).thenThrows('application-reversed');
    });

    it('lets the cash be applied again elsewhere', () => {
      given([invoice, secondInvoice, cash, cashApplied(), cashUnapplied()])
        .when(applyCash({ applicationId: 'APP-2', allocations: [{ invoiceId: 'INV-2', amount: 6_000 }], appliedOn: '2024-02-07' }))
        .then([cashApplied({ applicationId: 'APP-2', allocations: [{ invoiceId: 'INV-2', amount: 6_000 }], appliedOn: '2024-02-07' })]);
    });
  });

  describe('RefundCash', () => {
    it('pays back unapplied cash', () => {
      given([invoice, cash, cashApplied()]).when(refundCash()).then([unappliedCashRefunded()]);
      expect(figures([invoice, cash, cashApplied(), unappliedCashRefunded()]).unapplied).toEqual({});
    });

    it('never refunds more than is unapplied', () => {
      given([invoice, cash, cashApplied()])
        .when(refundCash({ amount: 5_001 }))
        .thenThrows('amount-exceeds-cash');
    });
  });

  describe('RecordPayerAccount', () => {
    it('records a bank account the customer pays from, once', () => {
      const recorded = {
        type: 'PayerAccountRecorded' as const,
        data: { account: 'LT121000011101001000', recordedOn: '2024-02-05', source: 'person' as const },
      };
      given([invoice]).when(recordPayerAccount()).then([recorded]);
      given([invoice, recorded]).when(recordPayerAccount()).thenThrows('duplicate-id');
    });
  });

  describe('ReceivePayment (posted against a named invoice)', () => {
    it('keeps an overpayment as unapplied cash instead of refusing it', () => {
      const events = decide(receivePayment({ amount: 12_500 }), fold([invoice]));
      expect(events.map(({ type }) => type)).toEqual(['UnappliedCashReceived', 'CashApplied']);
      expect(figures([invoice, ...events])).toEqual({ balances: { 'INV-1': 0 }, unapplied: { EUR: 2_500 } });
    });

    it('records a payment within the balance as it always did', () => {
      given([invoice])
        .when(receivePayment({ amount: 4_000 }))
        .then([paymentReceived({ amount: 4_000 })]);
    });
  });

  describe('write-off', () => {
    it('never consumes unapplied cash', () => {
      const events = decide(writeOff(), fold([invoice, cash]));
      const after = events.reduce(evolve, fold([invoice, cash]));
      expect(unappliedCashOf(active(after))).toEqual(new Map([['EUR', 15_000]]));
      expect(figures([invoice, cash, writtenOff()]).unapplied).toEqual({ EUR: 15_000 });
    });
  });
});
