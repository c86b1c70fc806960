import {
  active,
  cashApplied,
  unappliedCashReceived,
  assignCollector,
  collectorAssigned,
  creditMemoIssued,
  fold,
  given,
  invoiceOverdue,
  invoiceRegistered,
  issueCreditMemo,
  markInvoiceOverdue,
  paymentReceived,
  receivePayment,
  recoveryReceived,
  registerInvoice,
  writtenOff,
} from '../../testing/decider-specification';

// Intake and cash posting, overdue detection and assignment.

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();
const secondInvoice = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-19' });

describe('decide', () => {
  describe('intake and cash posting', () => {
    describe('RegisterInvoice', () => {
      it('opens the account with the first invoice', () => {
        given([]).when(registerInvoice()).then([invoice]);
      });

      it('adds further invoices to the account', () => {
        given([invoice])
          .when(registerInvoice({ invoiceId: 'INV-2', amount: 6_000 }))
          .then([invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000 })]);
      });

      it('accepts an invoice due on the day it is issued', () => {
        given([])
          .when(registerInvoice({ dueOn: '2024-01-10' }))
          .then([invoiceRegistered({ dueOn: '2024-01-10' })]);
      });

      it('refuses an invoice id that is already registered', () => {
        given([invoice])
          .when(registerInvoice({ amount: 5_000 }))
          .thenThrows('invoice-already-registered', 'INV-1');
      });

      it('refuses a due date before the issue date', () => {
        given([])
          .when(registerInvoice({ dueOn: '2024-01-09' }))
          .thenThrows('invalid-date', /before it is issued/);
      });

      it.each([0, -100, 10.5, Number.NaN])('refuses an amount of %p', (amount) => {
        given([]).when(registerInvoice({ amount })).thenThrows('invalid-amount');
      });
    });

    describe('ReceivePayment', () => {
      it('posts a partial payment', () => {
        given([invoice])
          .when(receivePayment({ amount: 4_000 }))
          .then([paymentReceived({ amount: 4_000 })]);
      });

      it('posts a payment of exactly the open balance', () => {
        given([invoice, paymentReceived({ amount: 4_000 })])
          .when(receivePayment({ paymentId: 'PAY-2', amount: 6_000 }))
          .then([paymentReceived({ paymentId: 'PAY-2', amount: 6_000 })]);
      });

      it('accepts a payment received on the issue date', () => {
        given([invoice])
          .when(receivePayment({ receivedOn: '2024-01-10' }))
          .then([paymentReceived({ receivedOn: '2024-01-10' })]);
      });

      it('keeps an overpayment as unapplied cash: the invoice is paid, the rest stays on the account', () => {
        given([invoice])
          .when(receivePayment({ amount: 10_001 }))
          .then([
            unappliedCashReceived({ paymentId: 'PAY-1', amount: 10_001, receivedOn: '2024-02-01' }),
            cashApplied({ paymentId: 'PAY-1', applicationId: 'PAY-1', appliedOn: '2024-02-01', rule: 'named-invoice' }),
          ]);
      });

      it('applies only what is left after earlier payments and credits, and keeps the rest', () => {
        given([invoice, paymentReceived({ amount: 4_000 }), creditMemoIssued({ amount: 1_000 })])
          .when(receivePayment({ paymentId: 'PAY-2', amount: 5_001 }))
          .then([
            unappliedCashReceived({ paymentId: 'PAY-2', amount: 5_001, receivedOn: '2024-02-01' }),
            cashApplied({
              paymentId: 'PAY-2',
              applicationId: 'PAY-2',
              allocations: [{ invoiceId: 'INV-1', amount: 5_000 }],
              appliedOn: '2024-02-01',
              rule: 'named-invoice',
            }),
          ]);
      });

      it('refuses a payment on an unknown invoice', () => {
        given([invoice])
          .when(receivePayment({ invoiceId: 'INV-9' }))
          .thenThrows('invoice-not-found', 'INV-9');
      });

      it('refuses a payment dated before the invoice was issued', () => {
        given([invoice])
          .when(receivePayment({ receivedOn: '2024-01-09' }))
          .thenThrows('invalid-date', /before invoice INV-1 was issued/);
      });

      it('refuses a payment in another currency', () => {
        given([invoice])
          .when(receivePayment({ currency: 'USD' }))
          .thenThrows('currency-mismatch', /EUR, not USD/);
      });

      it('refuses a payment id used before, even on another invoice', () => {
        given([invoice, secondInvoice, paymentReceived({ amount: 1_000 })])
          .when(receivePayment({ invoiceId: 'INV-2', amount: 1_000 }))
          .thenThrows('duplicate-id', 'PAY-1');
      });

      it('refuses a payment on a written-off invoice', () => {
        given([invoice, writtenOff()])
          .when(receivePayment({ amount: 1_000 }))
          .thenThrows('invoice-settled', /written off/);
      });

      it('refuses a payment on an invoice paid in full', () => {
        given([invoice, paymentReceived()])
          .when(receivePayment({ paymentId: 'PAY-2', amount: 1 }))
          .thenThrows('invoice-settled', /settled in full/);
      });

      it.each([0, -1, 0.5])('refuses a payment of %p', (amount) => {
        given([invoice]).when(receivePayment({ amount })).thenThrows('invalid-amount');
      });
    });

    describe('IssueCreditMemo', () => {
      it('credits part of an invoice', () => {
        given([invoice])
          .when(issueCreditMemo({ amount: 2_500 }))
          .then([creditMemoIssued({ amount: 2_500 })]);
      });

      it('credits exactly the open balance', () => {
        given([invoice, paymentReceived({ amount: 7_000 })])
          .when(issueCreditMemo({ amount: 3_000 }))
          .then([creditMemoIssued({ amount: 3_000 })]);
      });

      it('refuses a credit on an unknown invoice', () => {
        given([invoice])
          .when(issueCreditMemo({ invoiceId: 'INV-9' }))
          .thenThrows('invoice-not-found', 'INV-9');
      });

      it('refuses a credit above the open balance', () => {
        given([invoice, paymentReceived({ amount: 9_500 })])
          .when(issueCreditMemo({ amount: 501 }))
          .thenThrows('amount-exceeds-balance');
      });

      it('refuses a credit in another currency', () => {
        given([invoice])
          .when(issueCreditMemo({ currency: 'USD' }))
          .thenThrows('currency-mismatch');
      });

      it('refuses a credit dated before the invoice was issued', () => {
        given([invoice])
          .when(issueCreditMemo({ issuedOn: '2024-01-01' }))
          .thenThrows('invalid-date');
      });

      it('refuses a credit memo id used before, also by a dispute settlement', () => {
        given([invoice, creditMemoIssued({ creditMemoId: 'CM-7', disputeId: 'D-1' })])
          .when(issueCreditMemo({ creditMemoId: 'CM-7' }))
          .thenThrows('duplicate-id', 'CM-7');
      });

      it('refuses a credit on a written-off invoice', () => {
        given([invoice, writtenOff()]).when(issueCreditMemo()).thenThrows('invoice-settled');
      });

      it('refuses a credit of nothing', () => {
        given([invoice])
          .when(issueCreditMemo({ amount: 0 }))
          .thenThrows('invalid-amount');
      });
    });
  });

  describe('overdue detection', () => {
    it('marks an unpaid invoice overdue the day after its due date, with the balance then open', () => {
      given([invoice, paymentReceived({ amount: 3_000 })])
        .when(markInvoiceOverdue({ detectedOn: '2024-02-10' }))
        .then([invoiceOverdue({ detectedOn: '2024-02-10', balance: 7_000 })]);
    });

    it('refuses on the due date itself', () => {
      given([invoice])
        .when(markInvoiceOverdue({ detectedOn: '2024-02-09' }))
        .thenThrows('not-overdue', /due on 2024-02-09/);
    });

    it('refuses before the due date', () => {
      given([invoice])
        .when(markInvoiceOverdue({ detectedOn: '2024-01-15' }))
        .thenThrows('not-overdue');
    });

    it('marks an invoice overdue only once', () => {
      given([invoice, invoiceOverdue()])
        .when(markInvoiceOverdue({ detectedOn: '2024-03-01' }))
        .thenThrows('already-overdue', /2024-02-10/);
    });

    it('refuses an invoice paid in full', () => {
      given([invoice, paymentReceived()]).when(markInvoiceOverdue()).thenThrows('invoice-settled');
    });

    it('refuses an unknown invoice', () => {
      given([invoice])
        .when(markInvoiceOverdue({ invoiceId: 'INV-9' }))
        .thenThrows('invoice-not-found');
    });
  });

  describe('assignment', () => {
    it('assigns a collector', () => {
      given([invoice]).when(assignCollector()).then([collectorAssigned()]);
    });

    it('reassigns the account to another collector', () => {
      given([invoice, collectorAssigned()])
        .when(assignCollector({ collectorId: 'bob', assignedOn: '2024-03-01' }))
        .then([collectorAssigned({ collectorId: 'bob', assignedOn: '2024-03-01' })]);
    });

    it('refuses to assign the collector who already has the account', () => {
      given([invoice, collectorAssigned()])
        .when(assignCollector({ assignedOn: '2024-03-01' }))
        .thenThrows('already-assigned', 'alice');
    });
  });
});

describe('evolve', () => {
  it('opens the account with the first invoice at its full balance', () => {
    const account = active(fold([invoice]));
    expect(account.invoices.get('INV-1')).toEqual({
      invoiceId: 'INV-1',
      amount: 10_000,
      currency: 'EUR',
      issuedOn: '2024-01-10',
      dueOn: '2024-02-09',
      paid: 0,
      credited: 0,
      writtenOff: 0,
      recovered: 0,
      balance: 10_000,
    });
  });

  it('reduces the balance by payments, credits and the write-off, and keeps recoveries apart', () => {
    const account = active(
      fold([
        invoice,
        paymentReceived({ amount: 2_000 }),
        paymentReceived({ paymentId: 'PAY-2', amount: 1_000 }),
        creditMemoIssued({ amount: 500 }),
        writtenOff({ invoices: [{ invoiceId: 'INV-1', amount: 6_500, currency: 'EUR' }] }),
        recoveryReceived({ amount: 1_200 }),
      ]),
    );
    expect(account.invoices.get('INV-1')).toMatchObject({ paid: 3_000, credited: 500, writtenOff: 6_500, recovered: 1_200, balance: 0 });
    expect(account.writeOffs.get('WO-1')).toEqual({ writeOffId: 'WO-1', invoiceIds: ['INV-1'], writtenOffOn: '2024-06-01' });
  });
});
