import { CollectionEvent } from '@collections/domain';
import {
  disputeAssigned,
  disputeOwnerReminded,
  disputeRaised,
  fold,
  invoiceRegistered,
} from '@collections/domain/testing/decider-specification';
import { LetterRenderError } from '../errors';
import { isCustomerLetter } from '../letter';
import { DisputeReminderRequest, disputeReminderIdFor } from './dispute-reminder';
import { LetterRenderer } from './render-letter';

const renderer = new LetterRenderer({
  creditor: { name: 'Acme Supplies Ltd' },
  customerLinks: {
    publicUrl: 'https://collect.acme.example',
    secret: 'k8Vd3pQm1xZr7sTn0bYw5uLc2hJf9gAe4oKi6vNq',
    replyDomain: 'acme.example',
  },
});
// D-1: 20.00 EUR of INV-1 disputed as damaged goods on 12 February, logistics to resolve it by 26 February.
const history: CollectionEvent[] = [invoiceRegistered(), disputeRaised(), disputeAssigned()];
const request = (event = disputeOwnerReminded({ remindedOn: '2024-03-01' }), extra: Partial<DisputeReminderRequest> = {}) => ({
  customerId: 'ACME-1',
  account: fold([...history, event]),
  event,
  ...extra,
});

describe("the reminder to a late dispute's owner", () => {
  it('given a dispute four days past its target, when rendered for its team, then the e-mail names the case and how late it is', () => {
    const mail = renderer.renderDisputeReminder(request(undefined, { customerName: 'Buyer GmbH', to: 'logistics@acme.example' }));

    expect(mail).toEqual({
      letterId: disputeReminderIdFor('ACME-1', 'D-1', '2024-02-26'),
      customerId: 'ACME-1',
      kind: 'dispute_reminder',
      level: 0,
      channel: 'email',
      tone: 'internal',
      sentOn: '2024-03-01',
      invoiceIds: ['INV-1'],
      to: 'logistics@acme.example',
      subject: 'Dispute D-1 of Buyer GmbH is 4 days past its target date',
      text: `To the logistics team,

the dispute below was to be resolved by 26 February 2024. On 1 March 2024 it is still open,
4 days past that date.

  Customer:   Buyer GmbH (customer number ACME-1)
  Dispute:    D-1
  Invoice:    INV-1
  Category:   damaged goods
  Amount:     €20.00
  Raised on:  12 February 2024
  Target:     26 February 2024

While it is open the invoice's dunning waits, and the customer waits for an answer.
Please resolve it, or tell the collections team when it will be.

Acme Supplies Ltd collections`,
      html: expect.stringContaining('<p>To the logistics team,</p>'),
    });
    // Staff mail: no link to the customer's page, no customer reply address, not one of the customer's letters.
    expect(`${mail.text}${mail.html}`).not.toContain('/pay/');
    expect(mail).not.toHaveProperty('replyTo');
    expect(isCustomerLetter(mail)).toBe(false);
  });

  it('given a dispute assigned to a person and a customer without a name, then it is addressed to the person and names the customer by number', () => {
    const event = disputeOwnerReminded({ ownerId: 'lina', remindedOn: '2024-02-27' });
    const mail = renderer.renderDisputeReminder(request(event));

    expect(mail.subject).toBe('Dispute D-1 of customer ACME-1 is 1 day past its target date');
    expect(mail.text).toMatch(/^To lina \(logistics\),\n/);
    expect(mail).not.toHaveProperty('to');
  });

  it('given the same event twice, then the same mail; given a new target date, then another mail', () => {
    const later = disputeOwnerReminded({ targetOn: '2024-03-10', remindedOn: '2024-03-11' });
    expect(renderer.renderDisputeReminder(request())).toEqual(renderer.renderDisputeReminder(request()));
    expect(renderer.renderDisputeReminder(request(later)).letterId).not.toBe(renderer.renderDisputeReminder(request()).letterId);
  });

  it('given a reminder of a dispute the account does not hold, then it is refused', () => {
    const event = disputeOwnerReminded({ disputeId: 'D-9' });
    expect(() => renderer.renderDisputeReminder({ customerId: 'ACME-1', account: fold([invoiceRegistered(), event]), event })).toThrow(
      LetterRenderError,
    );
  });
});
