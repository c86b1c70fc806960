import fc from 'fast-check';
import { CollectionEvent, addDays } from '@collections/domain';
import { finalNoticeSent, fold, invoiceRegistered, reminderSent } from '@collections/domain/testing/decider-specification';
import { LetterTone } from '../letter';
import { formatMinorUnits } from './formatting';
import { LetterTemplates } from './letter-templates';
import { buildLetterView } from './letter-view';

const templates = new LetterTemplates();
const SENT_ON = '2024-06-15';
const settings = { creditor: { name: 'Acme Supplies Ltd', contact: 'ar@acme.example' } };

/** Invoices with ids of 1–40 characters, due from 20 days before the letter to 20 days after it. */
const invoicesArbitrary = fc.uniqueArray(
  fc.record({
    invoiceId: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,39}$/),
    amount: fc.integer({ min: 1, max: 99_999_999 }),
    dueIn: fc.integer({ min: -20, max: 20 }),
  }),
  { minLength: 1, maxLength: 6, selector: (invoice) => invoice.invoiceId },
);

describe('a letter view and its rendering, for any invoices around the letter date (property)', () => {
  it('demands the overdue part only, lists every invoice once, and keeps the table aligned', () => {
    fc.assert(
      fc.property(invoicesArbitrary, fc.constantFrom<LetterTone>('friendly', 'firm', 'final'), fc.boolean(), (invoices, tone, notice) => {
        const ids = invoices.map((invoice) => invoice.invoiceId);
        const history: CollectionEvent[] = invoices.map(({ invoiceId, amount, dueIn }) =>
          invoiceRegistered({ invoiceId, amount, issuedOn: '2024-01-01', dueOn: addDays(SENT_ON, dueIn) }),
        );
        const event = notice
          ? finalNoticeSent({ invoiceIds: ids, sentOn: SENT_ON, referralOn: addDays(SENT_ON, 14) })
          : reminderSent({ invoiceIds: ids, sentOn: SENT_ON });
        const view = buildLetterView(
          { customerId: 'ACME-1', account: fold([...history, event]), event, ...(notice ? {} : { tone }) },
          settings,
        );
        const overdue = invoices.filter((invoice) => invoice.dueIn < 0);

        // the view splits by the letter's date
        expect(view.overdue.invoices.map((line) => line.invoiceId)).toEqual(overdue.map((invoice) => invoice.invoiceId));
        expect(view.upcoming.count).toBe(invoices.length - overdue.length);
        const demanded = overdue.reduce((sum, invoice) => sum + invoice.amount, 0);
        expect(view.overdue.totals).toEqual(overdue.length === 0 ? [] : [{ currency: 'EUR', openBalance: formatMinorUnits(demanded, 'EUR', 'en-GB') }]);

        // the text lists each invoice once, in rows as wide as the header
        const { text, html } = templates.render(view);
        const header = text.split('\n').filter((line) => line.startsWith('  Invoice '));
        const rows = text.split('\n').filter((line) => ids.some((id) => line.startsWith(`  ${id} `)));
        expect(rows).toHaveLength(ids.length);
        for (const row of rows) expect(row.lastIndexOf('  ')).toBe(header[0].indexOf('  Days overdue'));
        if (overdue.length > 0) expect(text).toContain(`open amount of ${formatMinorUnits(demanded, 'EUR', 'en-GB')}`);
        else expect(text).not.toContain('after the due date');
        for (const id of ids) expect(html.split(`<td>${id}</td>`)).toHaveLength(2);
      }),
      { numRuns: 200 },
    );
  });
});
