import { addDays, FinalNoticeSent, ReminderSent } from '@collections/domain';
import { checkCustomerLink } from '@collections/customer-links';
import { finalNoticeSent, fold, invoiceRegistered, reminderSent } from '@collections/domain/testing/decider-specification';
import { LetterRenderError } from '../errors';
import { LetterTone, letterIdFor } from '../letter';
import { LetterRequest, LetterSettings } from './letter-view';
import { LetterRenderer } from './render-letter';

const SECRET = 'k8Vd3pQm1xZr7sTn0bYw5uLc2hJf9gAe4oKi6vNq';
const settings: LetterSettings = {
  creditor: { name: 'Acme Supplies Ltd' },
  customerLinks: { publicUrl: 'https://collect.acme.example/', secret: SECRET, replyDomain: 'replies.acme.example' },
};
const renderer = new LetterRenderer(settings);
const reminder = reminderSent({ sentOn: '2024-02-20' });
const notice = finalNoticeSent({ sentOn: '2024-03-30', referralOn: '2024-04-13' });
const request = (event: ReminderSent | FinalNoticeSent, extra: Partial<LetterRequest> = {}): LetterRequest => ({
  customerId: 'ACME-1',
  account: fold([invoiceRegistered(), event]),
  event,
  ...extra,
});
const LINK = /\n {2}(https:\/\/collect\.acme\.example\/pay\/(\S+))\n/;

describe("the customer's link and reply address in every letter", () => {
  const letters: [string, LetterRequest][] = [
    ...(['friendly', 'firm', 'final'] as LetterTone[]).map((tone): [string, LetterRequest] => [
      `a ${tone} reminder`,
      request(reminder, { tone }),
    ]),
    ['a courtesy reminder', request(reminderSent({ sentOn: '2024-02-05' }))],
    ['a final notice', request(notice)],
  ];

  it.each(letters)(
    "given %s, when rendered, then its text and HTML link to the customer's page for that customer and letter",
    (_, given) => {
      const letter = renderer.render(given);

      expect(letter.text).toContain(
        'Promise a payment date, dispute an invoice or tell us you have paid:\n  https://collect.acme.example/pay/',
      );
      const [, url, token] = LINK.exec(letter.text) ?? [];
      const expiresOn = addDays(letter.sentOn, 30);
      expect(checkCustomerLink(token, SECRET, letter.sentOn)).toEqual({
        valid: true,
        claims: { customerId: 'ACME-1', letterId: letter.letterId, expiresOn },
      });
      expect(letter.html).toContain(`<a href="${url}">${url}</a>`);
      expect(letter.replyTo).toBe(`reply+${letter.letterId}@replies.acme.example`);
    },
  );

  it('given the policy gives links 14 days, when a letter of 20 February is rendered, then its link works through 5 March and not on 6 March', () => {
    const letter = renderer.render(request(reminder, { linkValidDays: 14 }));

    const [, , token] = LINK.exec(letter.text) ?? [];
    expect(letter.text).toContain('(this link works until 5 March 2024).');
    expect(checkCustomerLink(token, SECRET, '2024-03-05')).toMatchObject({ valid: true, claims: { expiresOn: '2024-03-05' } });
    expect(checkCustomerLink(token, SECRET, '2024-03-06')).toMatchObject({ valid: false, reason: 'expired' });
  });

  it('given the same event twice, then the link is the same; given another letter or customer, then it is another', () => {
    const [first, again] = [renderer.render(request(reminder)), new LetterRenderer(settings).render(request(reminder))];
    const other = renderer.render(request(reminderSent({ reminderId: 'R-2', sentOn: '2024-02-20' })));
    const otherCustomer = renderer.render({ ...request(reminder), customerId: 'ACME-2' });

    expect(again).toEqual(first);
    const tokens = [first, other, otherCustomer].map((letter) => LINK.exec(letter.text)?.[2]);
    expect(new Set(tokens).size).toBe(3);
    expect(otherCustomer.letterId).toBe(letterIdFor('ACME-2', 'reminder', 'R-1'));
    expect(checkCustomerLink(tokens[2] ?? '', SECRET, '2024-02-20')).toMatchObject({ claims: { customerId: 'ACME-2' } });
  });

  it('given a link that would not work a single day, when rendered, then the letter is refused', () => {
    expect(() => renderer.render(request(reminder, { linkValidDays: 0 }))).toThrow(LetterRenderError);
  });

  it('given no link settings (a tool rendering letters no service answers), then a letter has neither link nor reply address', () => {
    const letter = new LetterRenderer({ creditor: settings.creditor }).render(request(reminder));

    expect(letter.text).not.toContain('/pay/');
    expect(letter).not.toHaveProperty('replyTo');
  });
});
