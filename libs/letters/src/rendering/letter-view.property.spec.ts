import fc from 'fast-check';
import { CollectionEvent, CurrencyCode, addDays } from '@collections/domain';
import { checkCustomerLink } from '@collections/customer-links';
import { finalNoticeSent, fold, invoiceRegistered, paymentReceived, reminderSent } from '@collections/domain/testing/decider-specification';
import { LetterTone } from '../letter';
import { formatBusinessDate, formatMinorUnits } from './formatting';
import { LetterTemplates } from './letter-templates';
import { LetterRequest, NextStep, buildLetterView } from './letter-view';

const templates = new LetterTemplates();
const SENT_ON = '2024-06-15';
const LINK_SECRET = 'a-link-secret-of-at-least-thirty-two-characters';

/**
 * Invoices with ids of 1–40 characters (the characters the api allows), in three currencies,
 * some partly paid, due from 30 days before the letter to 30 days after it.
 */
const ID_CHARACTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
/** Every length from 1 to 40 alike (a plain string arbitrary keeps to short ones). */
const invoiceIdArbitrary = fc
  .integer({ min: 0, max: 39 })
  .chain((length) =>
    fc.tuple(
      fc.constantFrom(...ID_CHARACTERS),
      fc.string({ unit: fc.constantFrom(...ID_CHARACTERS, '.', '_', ':', '-'), minLength: length, maxLength: length }),
    ),
  )
  .map(([first, rest]) => first + rest);
const invoicesArbitrary = fc.uniqueArray(
  fc.record({
    invoiceId: invoiceIdArbitrary,
    currency: fc.constantFrom<CurrencyCode>('EUR', 'USD', 'JPY'),
    amount: fc.integer({ min: 2, max: 999_999_999 }),
    paidPercent: fc.constantFrom(0, 0, 50),
    dueIn: fc.integer({ min: -30, max: 30 }),
  }),
  { minLength: 1, maxLength: 6, selector: (invoice) => invoice.invoiceId },
);
type Invoice = { invoiceId: string; currency: CurrencyCode; amount: number; paidPercent: number; dueIn: number };

const nextArbitrary = fc.option(
  fc.oneof(
    fc.record({ step: fc.constant('reminder' as const), level: fc.integer({ min: 2, max: 6 }), on: fc.constant(addDays(SENT_ON, 14)) }),
    fc.record({ step: fc.constant('final_notice' as const) }),
  ),
  { nil: undefined },
) as fc.Arbitrary<NextStep | undefined>;
/** Names with what HTML must escape. */
const nameArbitrary = fc.stringMatching(/^[A-Za-z][A-Za-z &<>"'.]{0,20}[A-Za-z]$/);

const open = ({ amount, paidPercent }: Invoice) => amount - Math.floor((amount * paidPercent) / 100);
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

/** What the letter must demand: the open balance of the overdue invoices, per currency in order of appearance. */
function demandOf(overdue: readonly Invoice[]): string {
  const byCurrency = new Map<CurrencyCode, number>();
  for (const invoice of overdue) byCurrency.set(invoice.currency, (byCurrency.get(invoice.currency) ?? 0) + open(invoice));
  return [...byCurrency].map(([currency, total]) => formatMinorUnits(total, currency, 'en-GB')).join(' and ');
}

/**
 * The invoice table's rows, read against the header's columns: every cell must sit in its
 * column (left-aligned id and due date, right-aligned amounts, days after two spaces).
 */
function tableCells(text: string): { invoiceId: string; dueOn: string; amount: string; open: string; days: string }[] {
  const lines = text.split('\n');
  const cells = [];
  for (let index = 0; index < lines.length; index++) {
    const header = lines[index];
    if (!header.startsWith('  Invoice ')) continue;
    const dueAt = header.indexOf('Due on');
    const amountEnd = header.indexOf('Amount') + 'Amount'.length;
    const openEnd = header.indexOf('Open') + 'Open'.length;
    const daysAt = header.indexOf('Days overdue');
    for (index++; index < lines.length && lines[index].startsWith('  '); index++) {
      const row = lines[index];
      const [invoiceId, dueAndAmount, openCell] = [row.slice(2, dueAt), row.slice(dueAt, amountEnd), row.slice(amountEnd, openEnd)];
      // Each cell ends in a space before the next column starts (nothing pushed along).
      expect({ row, fits: [invoiceId.endsWith(' '), openCell.startsWith(' '), row.slice(openEnd, daysAt) === '  '] }).toEqual({
        row,
        fits: [true, true, true],
      });
      const dueOn = /^(.+?) {2,}|^(.+?) (?=\S+$)/.exec(dueAndAmount);
      cells.push({
        invoiceId: invoiceId.trim(),
        dueOn: (dueOn?.[1] ?? dueOn?.[2] ?? '').trim(),
        amount: dueAndAmount.slice((dueOn?.[0] ?? '').length).trim(),
        open: openCell.trim(),
        days: row.slice(daysAt),
      });
    }
  }
  return cells;
}

describe('a letter view and its rendering, for any invoices around the letter date (property)', () => {
  it("demands the overdue part only, names what is not yet due only as falling due soon, lists every invoice once in aligned columns, escapes the HTML, and links to the customer's page until its last day", () => {
    fc.assert(
      fc.property(
        invoicesArbitrary,
        fc.constantFrom<LetterTone>('friendly', 'firm', 'final'),
        fc.boolean(),
        nextArbitrary,
        nameArbitrary,
        invoiceIdArbitrary,
        fc.integer({ min: 1, max: 400 }),
        (invoices, tone, notice, next, creditorName, customerId, linkValidDays) => {
          // given
          const ids = invoices.map((invoice) => invoice.invoiceId);
          const history: CollectionEvent[] = invoices.flatMap((invoice, index) => [
            invoiceRegistered({
              invoiceId: invoice.invoiceId,
              amount: invoice.amount,
              currency: invoice.currency,
              issuedOn: '2024-01-01',
              dueOn: addDays(SENT_ON, invoice.dueIn),
            }),
            ...(invoice.paidPercent === 0
              ? []
              : [
                  paymentReceived({
                    paymentId: `P-${index}`,
                    invoiceId: invoice.invoiceId,
                    amount: invoice.amount - open(invoice),
                    currency: invoice.currency,
                    receivedOn: '2024-01-02',
                  }),
                ]),
          ]);
          const event = notice
            ? finalNoticeSent({ invoiceIds: ids, sentOn: SENT_ON, referralOn: addDays(SENT_ON, 14) })
            : reminderSent({ invoiceIds: ids, sentOn: SENT_ON });
          const request: LetterRequest = {
            customerId,
            account: fold([...history, event]),
            event,
            linkValidDays,
            ...(notice ? {} : { tone, ...(next && { next }) }),
          };
          const overdue = invoices.filter((invoice) => invoice.dueIn < 0);
          const upcoming = invoices.filter((invoice) => invoice.dueIn >= 0);
          const demanded = demandOf(overdue);

          // when
          const customerLinks = { publicUrl: 'https://collect.example.com', secret: LINK_SECRET, replyDomain: 'replies.example.com' };
          const view = buildLetterView(request, { creditor: { name: creditorName }, customerLinks });
          const { subject, text, html } = templates.render(view);

          // then the view splits by the letter's date, with totals per currency
          expect(view.overdue.invoices.map((line) => line.invoiceId)).toEqual(overdue.map((invoice) => invoice.invoiceId));
          expect(view.upcoming.invoices.map((line) => line.invoiceId)).toEqual(upcoming.map((invoice) => invoice.invoiceId));
          expect(view.overdue.totals.map((total) => total.openBalance).join(' and ')).toBe(demanded);
          expect(view.isCourtesy).toBe(overdue.length === 0);

          // each invoice is one row, every cell in its column, whatever the length of its id
          const cells = tableCells(text);
          expect(cells.map((cell) => cell.invoiceId).sort()).toEqual([...ids].sort());
          for (const invoice of invoices) {
            expect(cells.find((cell) => cell.invoiceId === invoice.invoiceId)).toEqual({
              invoiceId: invoice.invoiceId,
              dueOn: formatBusinessDate(addDays(SENT_ON, invoice.dueIn), 'en-GB'),
              amount: formatMinorUnits(invoice.amount, invoice.currency, 'en-GB'),
              open: formatMinorUnits(open(invoice), invoice.currency, 'en-GB'),
              days: String(Math.max(0, -invoice.dueIn)),
            });
          }

          // what the letter demands (and its next step) is the overdue part; the rest comes after it
          const demands = [...text.matchAll(/open amount of (.+?)(?= immediately| soon| has reached)/g)].map((match) => match[1]);
          if (overdue.length > 0) {
            expect(demands.length).toBeGreaterThan(0);
            expect(new Set(demands)).toEqual(new Set([demanded]));
            const lines = text.split('\n');
            const rowOf = (invoice: Invoice) => lines.findIndex((line) => line.startsWith(`  ${invoice.invoiceId} `));
            const demandLines = lines.flatMap((line, index) => (line.includes('open amount of') ? [index] : []));
            for (const invoice of overdue) expect(rowOf(invoice)).toBeLessThan(demandLines[0]);
            for (const invoice of upcoming) expect(rowOf(invoice)).toBeGreaterThan(demandLines[demandLines.length - 1]);
            if (tone !== 'friendly' && !notice) expect(subject).toContain(demanded);
          } else {
            // a courtesy: due dates ahead, nothing demanded, no step threatened
            expect(demands).toEqual([]);
            expect(`${subject}\n${text}`).not.toMatch(
              /after the due date|overdue payment|agency|final notice|further reminder|immediately/i,
            );
            for (const invoice of upcoming) {
              expect(text).toContain(
                `Invoice ${invoice.invoiceId} (${formatMinorUnits(open(invoice), invoice.currency, 'en-GB')}) is due on ${formatBusinessDate(addDays(SENT_ON, invoice.dueIn), 'en-GB')}.`,
              );
            }
          }

          // the letter links to this customer's page, for this letter, until its date plus the policy's days, and no longer
          const [, url, token] = /(https:\/\/collect\.example\.com\/pay\/(\S+))\n\(this link works until (?:.+)\)\.\n/.exec(text) ?? [];
          const expiresOn = addDays(SENT_ON, linkValidDays);
          expect(checkCustomerLink(token, LINK_SECRET, expiresOn)).toEqual({
            valid: true,
            claims: { customerId, letterId: view.letterId, expiresOn },
          });
          expect(checkCustomerLink(token, LINK_SECRET, addDays(expiresOn, 1)).valid).toBe(false);
          expect(text).toContain(`(this link works until ${formatBusinessDate(expiresOn, 'en-GB')}).`);
          expect(html).toContain(`<a href="${url}">${url}</a>`);

          // the HTML is the same letter, each invoice in one row, every value escaped
          for (const id of ids) expect(html.split(`<tr><td>${id}</td>`)).toHaveLength(2);
          expect(html).toContain(`<p>${escapeHtml(creditorName)}</p>`);
          expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#x27;)/); // no "&" but an entity's
          if (/[<>"]/.test(creditorName)) expect(html.split(escapeHtml(creditorName)).join('')).not.toContain(creditorName);
        },
      ),
      { numRuns: 300 },
    );
  });
});
