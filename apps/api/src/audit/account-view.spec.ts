import {
  cashApplied,
  cashUnapplied,
  fold,
  invoiceRegistered,
  unappliedCashReceived,
  unappliedCashRefunded,
} from '@collections/domain/testing/decider-specification';
import { initialState } from '@collections/domain';
import { accountView } from './account-view';

describe('the account state view', () => {
  it('given no events, then no unapplied cash and no cash', () => {
    expect(accountView('C-1', '2024-02-10', initialState())).toMatchObject({ unappliedCash: {}, cash: [] });
  });

  it('given cash received, applied, reversed and applied again, then the unapplied cash per currency and each payment with its applications', () => {
    const state = fold([
      invoiceRegistered(), // INV-1, 10,000 EUR
      unappliedCashReceived(), // PAY-B1, 15,000 EUR
      cashApplied(), // APP-1: 10,000 to INV-1
      cashUnapplied(),
      cashApplied({
        applicationId: 'APP-2',
        allocations: [{ invoiceId: 'INV-1', amount: 4_000 }],
        appliedOn: '2024-02-08',
        rule: 'oldest-first',
      }),
      unappliedCashRefunded(), // 5,000
      unappliedCashReceived({ paymentId: 'PAY-USD', amount: 700, currency: 'USD', receivedOn: '2024-02-09' }),
    ]);
    const view = accountView('C-1', '2024-02-10', state);
    expect(view.unappliedCash).toEqual({ EUR: 6_000, USD: 700 });
    expect(view.invoices).toEqual([expect.objectContaining({ invoiceId: 'INV-1', paid: 4_000, balance: 6_000 })]);
    expect(view.cash).toEqual([
      {
        paymentId: 'PAY-B1',
        amount: 15_000,
        currency: 'EUR',
        receivedOn: '2024-02-05',
        applied: 4_000,
        refunded: 5_000,
        unapplied: 6_000,
        applications: [
          {
            applicationId: 'APP-1',
            allocations: [{ invoiceId: 'INV-1', amount: 10_000 }],
            appliedOn: '2024-02-05',
            rule: 'manual',
            status: 'reversed',
          },
          {
            applicationId: 'APP-2',
            allocations: [{ invoiceId: 'INV-1', amount: 4_000 }],
            appliedOn: '2024-02-08',
            rule: 'oldest-first',
            status: 'applied',
          },
        ],
      },
      {
        paymentId: 'PAY-USD',
        amount: 700,
        currency: 'USD',
        receivedOn: '2024-02-09',
        applied: 0,
        refunded: 0,
        unapplied: 700,
        applications: [],
      },
    ]);
  });
});
