import {
  creditMemoIssued,
  declareInstallmentMissed,
  fold,
  given,
  invoiceRegistered,
  paymentPlanAgreed,
  paymentReceived,
  postMortemRecorded,
  receiveRecovery,
  recordPostMortem,
  recoveryReceived,
  writeOff,
  writtenOff,
} from '../../testing/decider-specification';

// Closing: write-off and recovery (step 10), post-mortem (step 11).

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();
const secondInvoice = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-19' });

describe('decide', () => {
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
        given([invoice, paymentReceived()])
          .when(writeOff())
          .thenThrows('invoice-settled', /settled in full/);
      });

      it('refuses an invoice already written off', () => {
        given([invoice, writtenOff()])
          .when(writeOff({ writeOffId: 'WO-2' }))
          .thenThrows('invoice-settled', /written off/);
      });

      it('refuses an unknown invoice', () => {
        given([invoice])
          .when(writeOff({ invoiceIds: ['INV-9'] }))
          .thenThrows('invoice-not-found');
      });

      it('refuses a write-off id used before', () => {
        given([invoice, secondInvoice, writtenOff()])
          .when(writeOff({ invoiceIds: ['INV-2'] }))
          .thenThrows('duplicate-id', 'WO-1');
      });

      it('refuses a write-off dated before the invoice was issued', () => {
        given([invoice])
          .when(writeOff({ writtenOffOn: '2024-01-01' }))
          .thenThrows('invalid-date');
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
        given([invoice])
          .when(receiveRecovery())
          .thenThrows('invoice-not-written-off', /record a payment instead/);
      });

      it('refuses an unknown invoice', () => {
        given([invoice, writtenOff()])
          .when(receiveRecovery({ invoiceId: 'INV-9' }))
          .thenThrows('invoice-not-found');
      });

      it('refuses a recovery in another currency', () => {
        given([invoice, writtenOff()])
          .when(receiveRecovery({ currency: 'USD' }))
          .thenThrows('currency-mismatch');
      });

      it('refuses a recovery dated before the write-off', () => {
        given([invoice, writtenOff()])
          .when(receiveRecovery({ receivedOn: '2024-05-31' }))
          .thenThrows('invalid-date');
      });

      it('refuses a recovery id used before', () => {
        given([invoice, writtenOff(), recoveryReceived()])
          .when(receiveRecovery({ amount: 100 }))
          .thenThrows('duplicate-id', 'RC-1');
      });

      it('refuses a recovery of nothing', () => {
        given([invoice, writtenOff()])
          .when(receiveRecovery({ amount: 0 }))
          .thenThrows('invalid-amount');
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
      given([invoice, writtenOff()])
        .when(recordPostMortem({ actionItems }))
        .thenThrows('invalid-date', /Tighten terms/);
    });
  });
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
});
