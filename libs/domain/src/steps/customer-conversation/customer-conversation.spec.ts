import {
  active,
  customerLinkRevoked,
  customerReplied,
  fold,
  freshLinkRequested,
  given,
  handleReply,
  invoiceRegistered,
  paymentReported,
  recordReply,
  replyHandled,
  reportPayment,
  requestFreshLink,
  revokeCustomerLink,
} from '../../testing/decider-specification';
import { waitingMessagesOf } from './customer-conversation';

// The customer's side. INV-1 is 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();

describe("the customer's side of the conversation", () => {
  describe('ReportPayment', () => {
    it('records what the customer says it paid, for the invoices it names', () => {
      given([invoice]).when(reportPayment()).then([paymentReported()]);
      expect(active(fold([invoice, paymentReported()])).paymentReports.get('PR-1')).toMatchObject({ amount: 10_000, paidOn: '2024-02-14' });
    });

    it('takes a report that names no invoice', () => {
      given([invoice])
        .when(reportPayment({ invoiceIds: [] }))
        .then([paymentReported({ invoiceIds: [] })]);
    });

    it('refuses a report of a payment made after the day it is reported on', () => {
      given([invoice])
        .when(reportPayment({ paidOn: '2024-02-16' }))
        .thenThrows('invalid-date', 'before it was made');
    });

    it('refuses an invoice the account does not have, another currency, nothing paid, or the same report id twice', () => {
      given([invoice])
        .when(reportPayment({ invoiceIds: ['INV-9'] }))
        .thenThrows('invoice-not-found');
      given([invoice])
        .when(reportPayment({ currency: 'USD' }))
        .thenThrows('currency-mismatch');
      given([invoice])
        .when(reportPayment({ amount: 0 }))
        .thenThrows('invalid-amount');
      given([invoice, paymentReported()]).when(reportPayment()).thenThrows('duplicate-id');
    });
  });

  describe('RecordReply and HandleReply', () => {
    it('given a reply recorded, then it waits for a collector until handled', () => {
      given([invoice]).when(recordReply()).then([customerReplied()]);
      expect(waitingMessagesOf(active(fold([invoice, customerReplied()])))).toEqual([
        expect.objectContaining({ messageId: 'M-1', kind: 'reply', letterId: 'L-1', status: 'waiting' }),
      ]);
      given([invoice, customerReplied()]).when(handleReply()).then([replyHandled()]);
      expect(waitingMessagesOf(active(fold([invoice, customerReplied(), replyHandled()])))).toEqual([]);
    });

    it('given an out-of-office or a bounce, then nothing waits and there is nothing to handle', () => {
      for (const kind of ['auto_reply', 'bounce'] as const) {
        const automatic = customerReplied({ kind });
        expect(waitingMessagesOf(active(fold([invoice, automatic])))).toEqual([]);
        given([invoice, automatic]).when(handleReply()).thenThrows('reply-not-waiting', 'automatic');
      }
    });

    it('refuses to handle a reply twice, one never recorded, or before it arrived; and the same reply twice', () => {
      given([invoice, customerReplied(), replyHandled()]).when(handleReply()).thenThrows('reply-not-waiting', 'already handled');
      given([invoice]).when(handleReply()).thenThrows('reply-not-found');
      given([invoice, customerReplied()])
        .when(handleReply({ handledOn: '2024-02-14' }))
        .thenThrows('invalid-date');
      given([invoice, customerReplied()]).when(recordReply()).thenThrows('duplicate-id');
    });
  });

  describe('links', () => {
    it('given a fresh link requested, then it waits for the collector like a reply, and is handled the same way', () => {
      given([invoice]).when(requestFreshLink()).then([freshLinkRequested()]);
      const requested = [invoice, freshLinkRequested()];
      expect(waitingMessagesOf(active(fold(requested)))).toEqual([expect.objectContaining({ messageId: 'FL-1', kind: 'link_request' })]);
      given(requested)
        .when(handleReply({ replyId: 'FL-1', handledOn: '2024-04-21' }))
        .then([replyHandled({ replyId: 'FL-1', handledOn: '2024-04-21' })]);
    });

    it("given a letter's link revoked, then the account knows it, and it cannot be revoked twice", () => {
      given([invoice]).when(revokeCustomerLink()).then([customerLinkRevoked()]);
      expect(active(fold([invoice, customerLinkRevoked()])).revokedLinks.has('L-1')).toBe(true);
      given([invoice, customerLinkRevoked()]).when(revokeCustomerLink()).thenThrows('link-already-revoked');
    });
  });
});
