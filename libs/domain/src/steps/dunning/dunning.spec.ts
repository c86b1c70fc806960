import {
  active,
  callTaskScheduled,
  finalNoticeSent,
  fold,
  given,
  invoiceRegistered,
  paymentReceived,
  reminderSent,
  sendFinalNotice,
  sendReminder,
  writtenOff,
} from '../../testing/decider-specification';

// Dunning (step 3): reminders by level and the final notice, kept per invoice.

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();
const secondInvoice = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-19' });

describe('decide', () => {
  describe('reminders and final notice', () => {
    describe('SendReminder', () => {
      it('sends a reminder listing overdue invoices', () => {
        given([invoice, secondInvoice])
          .when(sendReminder({ invoiceIds: ['INV-1', 'INV-2'], level: 2, channel: 'letter', template: 'firm' }))
          .then([reminderSent({ invoiceIds: ['INV-1', 'INV-2'], level: 2, channel: 'letter', template: 'firm' })]);
      });

      it.each([0, -1, 1.5])('refuses reminder level %p (levels start at 1)', (level) => {
        given([invoice]).when(sendReminder({ level })).thenThrows('invalid-level', /level/);
      });

      it('refuses a reminder for an invoice paid in full', () => {
        given([invoice, paymentReceived()])
          .when(sendReminder())
          .thenThrows('invoice-settled', /settled in full/);
      });

      it('refuses a reminder for a written-off invoice', () => {
        given([invoice, writtenOff()])
          .when(sendReminder())
          .thenThrows('invoice-settled', /written off/);
      });

      it('refuses a reminder for an unknown invoice', () => {
        given([invoice])
          .when(sendReminder({ invoiceIds: ['INV-1', 'INV-9'] }))
          .thenThrows('invoice-not-found', 'INV-9');
      });

      it('refuses a reminder that lists no invoice', () => {
        given([invoice])
          .when(sendReminder({ invoiceIds: [] }))
          .thenThrows('invoice-not-found');
      });

      it('refuses a reminder that lists an invoice twice', () => {
        given([invoice])
          .when(sendReminder({ invoiceIds: ['INV-1', 'INV-1'] }))
          .thenThrows('invoice-not-found', /twice/);
      });

      it('refuses a reminder sent before the invoice was issued', () => {
        given([invoice])
          .when(sendReminder({ sentOn: '2024-01-09' }))
          .thenThrows('invalid-date');
      });

      it('refuses a reminder id used before', () => {
        given([invoice, reminderSent()])
          .when(sendReminder({ level: 2 }))
          .thenThrows('duplicate-id', 'R-1');
      });
    });

    describe('SendFinalNotice', () => {
      it('sends a final notice with a referral date', () => {
        given([invoice, reminderSent()]).when(sendFinalNotice()).then([finalNoticeSent()]);
      });

      it('refuses a referral date on the day the notice is sent', () => {
        given([invoice])
          .when(sendFinalNotice({ referralOn: '2024-03-15' }))
          .thenThrows('invalid-date', /not after 2024-03-15/);
      });

      it('refuses a referral date before the notice is sent', () => {
        given([invoice])
          .when(sendFinalNotice({ referralOn: '2024-03-01' }))
          .thenThrows('invalid-date');
      });

      it('refuses a final notice for an invoice paid in full', () => {
        given([invoice, paymentReceived()]).when(sendFinalNotice()).thenThrows('invoice-settled');
      });

      it('refuses a notice id used before', () => {
        given([invoice, finalNoticeSent()]).when(sendFinalNotice()).thenThrows('duplicate-id');
      });
    });
  });
});

describe('evolve', () => {
  it('keeps dunning per invoice: reminder levels, dunning calls and final notices', () => {
    const account = active(
      fold([
        invoice,
        secondInvoice,
        reminderSent({ invoiceIds: ['INV-1', 'INV-2'], level: 1 }),
        callTaskScheduled({ invoiceIds: ['INV-1'], level: 2 }),
        reminderSent({ reminderId: 'R-2', invoiceIds: ['INV-1'], level: 1, sentOn: '2024-03-01' }),
        finalNoticeSent({ invoiceIds: ['INV-2'] }),
      ]),
    );
    expect(account.dunning.get('INV-1')).toEqual({ level: 2, lastReminderOn: '2024-03-01' });
    expect(account.dunning.get('INV-2')).toEqual({
      level: 1,
      lastReminderOn: '2024-02-15',
      finalNoticeOn: '2024-03-15',
      referralOn: '2024-03-29',
    });
  });
});
