import { CollectionEvent, FinalNoticeSent, ReminderSent } from '@collections/domain';
import { finalNoticeSent, fold, invoiceRegistered, paymentReceived, reminderSent } from '@collections/domain/testing/decider-specification';
import { LetterRenderError } from '../errors';
import { isLetterEvent, letterIdFor } from '../letter';
import { LetterRequest, LetterSettings } from './letter-view';
import { LetterRenderer } from './render-letter';

const settings: LetterSettings = {
  creditor: {
    name: 'Acme Supplies Ltd',
    bankDetails: 'IBAN GB33 BUKB 2020 1555 5555 55, BIC BUKBGB22',
    paymentUrl: 'https://pay.acme.example',
    contact: 'receivables@acme.example',
  },
};
const renderer = new LetterRenderer(settings);

// INV-1: 1,250.00 EUR due 9 February, 250.00 of it paid; INV-2: 60.00 EUR due 19 February.
const history: CollectionEvent[] = [
  invoiceRegistered({ amount: 125_000 }),
  invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-19' }),
  paymentReceived({ amount: 25_000, receivedOn: '2024-02-12' }),
];

function request(event: ReminderSent | FinalNoticeSent, extra: Partial<LetterRequest> = {}): LetterRequest {
  return { customerId: 'ACME-1', account: fold([...history, event]), event, ...extra };
}

const firstReminder = reminderSent({ invoiceIds: ['INV-1', 'INV-2'], sentOn: '2024-02-20' });

describe('rendering letters', () => {
  describe('the friendly first reminder', () => {
    it('given two overdue invoices and a recipient, when rendered, then the letter reads exactly so', () => {
      const letter = renderer.render(
        request(firstReminder, {
          recipient: { name: 'Buyer GmbH', email: 'payables@buyer.example', postalAddress: ['Hauptstr. 1', '10115 Berlin'] },
          next: { step: 'reminder', level: 2, on: '2024-03-05' },
        }),
      );

      expect(letter).toEqual({
        // The HTML part is the same letter; 'the letter as HTML' below reads it.
        html: expect.stringMatching(/^<!DOCTYPE html>/),
        letterId: letterIdFor('ACME-1', 'reminder', 'R-1'),
        customerId: 'ACME-1',
        kind: 'reminder',
        level: 1,
        channel: 'email',
        tone: 'friendly',
        sentOn: '2024-02-20',
        invoiceIds: ['INV-1', 'INV-2'],
        to: 'payables@buyer.example',
        subject: 'Payment reminder from Acme Supplies Ltd: 2 overdue invoices',
        text: `Acme Supplies Ltd

Buyer GmbH
Hauptstr. 1
10115 Berlin

20 February 2024
Customer number: ACME-1

Dear Buyer GmbH,

Our records show that the following invoices are still unpaid after the due date.
Perhaps this has simply been overlooked.

  Invoice        Due on                      Amount            Open  Days overdue
  INV-1          9 February 2024          €1,250.00       €1,000.00  11
  INV-2          19 February 2024            €60.00          €60.00  1

We would be grateful if you could pay the open amount of €1,060.00 soon.
If we have not received it by 5 March 2024, we will send you a further reminder.

How to pay
  By bank transfer to Acme Supplies Ltd: IBAN GB33 BUKB 2020 1555 5555 55, BIC BUKBGB22
  Online: https://pay.acme.example
  Please quote your customer number ACME-1 as the payment reference.

If you have already paid, thank you, and please disregard this letter.
If anything about these invoices is wrong, please tell us: receivables@acme.example.

Yours sincerely,
Acme Supplies Ltd
`,
      });
    });

    it('given no recipient and creditor details without bank or contact, when rendered, then those lines are left out', () => {
      const bare = new LetterRenderer({ creditor: { name: 'Acme Supplies Ltd' } });
      const { text } = bare.render(request(firstReminder));

      expect(text).toMatch(/^Acme Supplies Ltd\n\n20 February 2024\nCustomer number: ACME-1\n\nDear customer,\n/);
      expect(text).not.toMatch(/bank transfer|Online:|tell us/);
      expect(text).toContain('Please quote your customer number ACME-1 as the payment reference.');
    });
  });

  describe('tones', () => {
    it('given a level-2 reminder whose template names no tone, when rendered, then it is firm and names the next step', () => {
      const event = reminderSent({ reminderId: 'R-2', level: 2, template: 'dunning-2', invoiceIds: ['INV-1'], sentOn: '2024-03-05' });
      const letter = renderer.render(request(event, { next: { step: 'final_notice', on: '2024-03-19' } }));

      expect(letter.tone).toBe('firm');
      expect(letter.subject).toBe('Reminder 2: overdue payment of €1,000.00 to Acme Supplies Ltd');
      expect(letter.text).toContain('the following invoice remains unpaid');
      expect(letter.text).toContain('It is now 25 days overdue.');
      expect(letter.text).toContain(
        'If we have not received it by 19 March 2024, we will send you a final notice,\nafter which your account will be referred to a collection agency.',
      );
    });

    it.each([
      ['friendly', 3, 'friendly'],
      ['firm', 1, 'firm'],
      ['custom', 1, 'friendly'],
      ['custom', 4, 'firm'],
      ['final', 5, 'final'],
    ] as const)('given template %s at level %d, when rendered, then the tone is %s', (template, level, tone) => {
      expect(renderer.render(request(reminderSent({ template, level, invoiceIds: ['INV-1'] }))).tone).toBe(tone);
    });

    it('given the policy names the tone, when rendered, then its tone wins over the template name', () => {
      expect(renderer.render(request(firstReminder, { tone: 'firm' })).tone).toBe('firm');
    });

    it('given the policy gives a reminder the final tone, when rendered, then it is the sternest letter but names no agency date', () => {
      const event = reminderSent({ reminderId: 'R-5', level: 5, template: 'third-reminder', invoiceIds: ['INV-1'], sentOn: '2024-03-25' });
      const letter = renderer.render(request(event, { tone: 'final', next: { step: 'final_notice', on: '2024-04-08' } }));

      expect(letter).toMatchObject({ kind: 'reminder', tone: 'final', level: 5 });
      expect(letter.subject).toBe('Final reminder: overdue payment of €1,000.00 to Acme Supplies Ltd');
      expect(letter.text).toContain('\nFINAL REMINDER\n');
      expect(letter.text).toContain(
        'Unless the open amount of €1,000.00 has reached us in full by 8 April 2024,\nwe will send you a final notice and then refer your account to a collection agency.',
      );
      expect(letter.text).not.toMatch(/without further notice|last letter before the referral/);
    });

    it('given a final notice, when rendered, then it states the date the account goes to an agency', () => {
      const reminded = [...history, reminderSent({ level: 1 }), reminderSent({ reminderId: 'R-2', level: 2 })];
      const notice = finalNoticeSent({ invoiceIds: ['INV-1', 'INV-2'], sentOn: '2024-03-15', referralOn: '2024-03-29' });
      const letter = renderer.render({ customerId: 'ACME-1', account: fold([...reminded, notice]), event: notice });

      expect(letter).toMatchObject({
        letterId: letterIdFor('ACME-1', 'final_notice', 'FN-1'),
        kind: 'final_notice',
        tone: 'final',
        level: 3,
        channel: 'letter',
        subject: 'FINAL NOTICE: referral to a collection agency on 29 March 2024',
      });
      expect(letter.text).toContain(
        'Unless the open amount of €1,060.00 has reached us in full before 29 March 2024,\n' +
          'your account will be referred to a collection agency on 29 March 2024 without further notice.',
      );
      expect(letter.text).toContain('\nFINAL NOTICE\n');
      expect(letter.text).toContain('The oldest is now 35 days overdue.');
      expect(letter.text).toContain('This is our last letter before the referral.');
      // A postal letter has no e-mail address on it, even when the customer has one.
      expect(
        renderer.render({ customerId: 'ACME-1', account: fold([...reminded, notice]), event: notice, recipient: { email: 'x@y.example' } })
          .to,
      ).toBeUndefined();
    });
  });

  describe('amounts and days', () => {
    it('given an invoice in yen, when rendered, then its amount has no decimals', () => {
      const yen = [invoiceRegistered({ invoiceId: 'JP-7', amount: 1_250_000, currency: 'JPY', dueOn: '2024-02-01' })];
      const event = reminderSent({ invoiceIds: ['JP-7'], sentOn: '2024-02-20' });
      const { text, subject } = renderer.render({ customerId: 'JP-1', account: fold([...yen, event]), event });

      expect(text).toMatch(/ {2}JP-7 +1 February 2024 +JP¥1,250,000 +JP¥1,250,000 {2}19\n/);
      expect(text).toContain('pay the open amount of JP¥1,250,000 soon');
      expect(subject).toBe('Payment reminder from Acme Supplies Ltd: 1 overdue invoice');
    });

    it('given invoices in two currencies, when rendered, then each currency has its own total', () => {
      const mixed = [...history, invoiceRegistered({ invoiceId: 'US-1', amount: 2_000, currency: 'USD', dueOn: '2024-02-15' })];
      const event = reminderSent({ invoiceIds: ['INV-2', 'US-1', 'INV-1'], sentOn: '2024-02-20' });
      const { text } = renderer.render({ customerId: 'ACME-1', account: fold([...mixed, event]), event });

      expect(text).toContain('the open amount of €1,060.00 and US$20.00 soon');
    });

    it('given an invoice not yet due on the letter date, when rendered, then it shows 0 days overdue', () => {
      const event = reminderSent({ invoiceIds: ['INV-2'], sentOn: '2024-02-15' });
      expect(renderer.render(request(event)).text).toMatch(/ {2}INV-2 .* {2}0\n/);
    });
  });

  describe('what is overdue and what falls due soon', () => {
    // INV-1 is 25 days overdue on 5 March; INV-3 falls due on 8 March.
    const withUpcoming = [
      ...history,
      invoiceRegistered({ invoiceId: 'INV-3', amount: 235_865, issuedOn: '2024-02-07', dueOn: '2024-03-08' }),
    ];
    const combined = reminderSent({ reminderId: 'R-3', level: 3, invoiceIds: ['INV-1', 'INV-3'], sentOn: '2024-03-05' });

    it('given a reminder for an overdue invoice and one not yet due, when rendered, then it demands the overdue one only and names the other as falling due soon', () => {
      const bare = new LetterRenderer({ creditor: { name: 'Acme Supplies Ltd' } });
      const letter = bare.render({
        customerId: 'ACME-1',
        account: fold([...withUpcoming, combined]),
        event: combined,
        tone: 'firm',
        next: { step: 'final_notice', on: '2024-03-20' },
      });

      expect(letter.subject).toBe('Reminder 3: overdue payment of €1,000.00 to Acme Supplies Ltd');
      expect(letter.text).toBe(`Acme Supplies Ltd

5 March 2024
Customer number: ACME-1

Dear customer,

We have reminded you before, yet the following invoice remains unpaid after the due date.
It is now 25 days overdue.

  Invoice        Due on                      Amount            Open  Days overdue
  INV-1          9 February 2024          €1,250.00       €1,000.00  25

Please pay the open amount of €1,000.00 immediately.
If we have not received it by 20 March 2024, we will send you a final notice,
after which your account will be referred to a collection agency.

This invoice falls due soon and is not part of the amount above.
Please pay it by its due date:

  Invoice        Due on                      Amount            Open  Days overdue
  INV-3          8 March 2024             €2,358.65       €2,358.65  0

How to pay
  Please quote your customer number ACME-1 as the payment reference.

If you cannot pay the full amount now, contact us at once to agree a payment plan.

Yours sincerely,
Acme Supplies Ltd
`);
    });

    it('given a final notice over an overdue invoice and one not yet due, when rendered, then the referral is over the overdue amount only', () => {
      const notice = finalNoticeSent({ invoiceIds: ['INV-3', 'INV-1'], sentOn: '2024-03-05', referralOn: '2024-03-19' });
      const { text } = renderer.render({ customerId: 'ACME-1', account: fold([...withUpcoming, notice]), event: notice });

      expect(text).toContain('Unless the open amount of €1,000.00 has reached us in full before 19 March 2024,');
      expect(text.indexOf('INV-3')).toBeGreaterThan(text.indexOf('referred to a collection agency'));
      expect(text).not.toContain('3,358.65');
    });

    it.each(['friendly', 'firm', 'final'] as const)(
      'given a %s reminder before any due date, when rendered, then it is a courtesy about the due date, demanding nothing and naming no next step',
      (tone) => {
        // (before the payment of 12 February: the account as of the letter)
        const early = reminderSent({ invoiceIds: ['INV-1', 'INV-2'], sentOn: '2024-02-06' });
        const account = fold([...history.filter((event) => event.type === 'InvoiceRegistered'), early]);
        const letter = renderer.render({
          customerId: 'ACME-1',
          account,
          event: early,
          tone,
          next: { step: 'final_notice', on: '2024-02-20' },
        });

        expect(letter.subject).toBe(
          tone === 'friendly' ? 'Payment due soon to Acme Supplies Ltd: 2 invoices' : 'Payment due soon to Acme Supplies Ltd: €1,310.00',
        );
        expect(letter.text).toContain(
          'This is a courtesy reminder: invoices fall due soon.\n' +
            'Invoice INV-1 (€1,250.00) is due on 9 February 2024.\n' +
            'Invoice INV-2 (€60.00) is due on 19 February 2024.\n',
        );
        expect(letter.text).toContain('Please arrange for payment of €1,310.00 by the due dates.\n');
        expect(letter.text).not.toMatch(
          /overdue payment|after the due date|overlooked|immediately|open amount|final notice|agency|FINAL|urgent|not received/i,
        );
      },
    );

    it('given a final notice with nothing yet overdue, when rendered, then it threatens no referral', () => {
      const notice = finalNoticeSent({ invoiceIds: ['INV-2'], sentOn: '2024-02-15', referralOn: '2024-03-01' });
      const letter = renderer.render(request(notice));

      expect(letter.subject).toBe('Payment due soon to Acme Supplies Ltd: €60.00');
      expect(letter.text).toContain('Invoice INV-2 (€60.00) is due on 19 February 2024.');
      expect(letter.text).not.toMatch(/agency|referr|FINAL NOTICE|open amount of/i);
    });

    it('given an invoice id longer than the column, when rendered, then the columns widen and every row stays in line with the header', () => {
      const long = [
        invoiceRegistered({ invoiceId: 'INV-2025-000000017', amount: 50_139 }),
        invoiceRegistered({ invoiceId: 'I-1', amount: 99 }),
      ];
      const event = reminderSent({ invoiceIds: ['INV-2025-000000017', 'I-1'], sentOn: '2024-02-20' });
      const { text } = renderer.render({ customerId: 'ACME-1', account: fold([...long, event]), event });

      const table = text.split('\n').filter((line) => /^ {2}(Invoice|INV-|I-1)/.test(line));
      expect(table).toEqual([
        '  Invoice            Due on                      Amount            Open  Days overdue',
        '  INV-2025-000000017 9 February 2024            €501.39         €501.39  11',
        '  I-1                9 February 2024              €0.99           €0.99  11',
      ]);
    });
  });

  describe('the letter as HTML', () => {
    it('given a letter, when rendered, then the HTML says the same with every value escaped and the invoices in a table', () => {
      const odd = new LetterRenderer({ creditor: { name: 'Smith & Sons <Ltd>', contact: '"AR" <ar@smith.example>' } });
      const letter = odd.render(request(firstReminder, { recipient: { name: "O'Brien & Co <script>" } }));

      expect(letter.html).toMatch(
        /^<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Payment reminder from Smith &amp; Sons &lt;Ltd&gt;: 2 overdue invoices<\/title>/,
      );
      expect(letter.html).toContain('<p>Dear O&#x27;Brien &amp; Co &lt;script&gt;,</p>');
      expect(letter.html).not.toContain('<script>');
      expect(letter.html).toContain(
        '<tr><td>INV-1</td><td>9 February 2024</td><td align="right">€1,250.00</td><td align="right">€1,000.00</td><td align="right">11</td></tr>',
      );
      expect(letter.html).toContain('<p>We would be grateful if you could pay the open amount of €1,060.00 soon.<br>');
      expect(letter.html).toContain('&quot;AR&quot; &lt;ar@smith.example&gt;');
      // the text of the same letter is not escaped
      expect(letter.text).toContain("Dear O'Brien & Co <script>,");
    });
  });

  describe('determinism and refusals', () => {
    it('given the same event and account, when rendered twice, then the letters are identical', () => {
      const twice = [renderer.render(request(firstReminder)), new LetterRenderer(settings).render(request(firstReminder))];
      expect(twice[1]).toEqual(twice[0]);
    });

    it('given the same reminder id for two customers, when rendered, then the letter ids differ', () => {
      const a = renderer.render(request(firstReminder));
      const b = renderer.render({ ...request(firstReminder), customerId: 'ACME-2' });
      expect(a.letterId).not.toBe(b.letterId);
      expect(a.letterId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('given a reminder for an invoice the account does not hold, when rendered, then it is refused', () => {
      const event = reminderSent({ invoiceIds: ['INV-9'] });
      expect(() => renderer.render(request(event))).toThrow(LetterRenderError);
      expect(() => renderer.render(request(event))).toThrow(/no invoice INV-9/);
    });

    it('given an account with no history, when rendered, then it is refused', () => {
      expect(() => renderer.render({ customerId: 'NOBODY', account: fold([]), event: firstReminder })).toThrow(/has no account/);
    });

    it('given events of every kind, when picked for letters, then only reminders and final notices are', () => {
      const events = [...history, firstReminder, finalNoticeSent()];
      expect(events.filter(isLetterEvent).map((event) => event.type)).toEqual(['ReminderSent', 'FinalNoticeSent']);
    });

    it('given a creditor name with "&", when rendered, then the plain text is not HTML-escaped', () => {
      const ampersand = new LetterRenderer({ creditor: { name: 'Smith & Sons <Ltd>' } });
      expect(ampersand.render(request(firstReminder)).text).toMatch(/^Smith & Sons <Ltd>\n/);
    });
  });
});
