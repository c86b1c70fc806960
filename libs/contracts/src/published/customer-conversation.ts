import { REPLY_KINDS } from '@collections/domain';
import { arrayOf, integer, object, oneOf } from '../json-schema';
import { businessDate, contract, currency, id, minorUnits } from './contract';

/**
 * The customer's side: payments it reports, replies to letters, its links. What the customer
 * wrote (a reply's sender, subject and text, a payment's reference) is kept for staff and never
 * published.
 */
export const customerConversation = {
  PaymentReported: contract(
    'PaymentReported',
    1,
    object(
      {
        reportId: id('The report'),
        invoiceIds: arrayOf(id('An invoice id'), { description: 'The invoices the customer says it paid (may be empty)' }),
        amount: minorUnits('The amount the customer says it paid'),
        currency,
        paidOn: businessDate('Paid on, as the customer says'),
        reportedOn: businessDate('Reported on'),
      },
      {
        description:
          'The customer reported a payment it made (dunning pauses while the money is looked for). Its reference is not published.',
      },
    ),
    ({ reportId, invoiceIds, amount, currency, paidOn, reportedOn }) => ({
      reportId,
      invoiceIds: [...invoiceIds],
      amount,
      currency,
      paidOn,
      reportedOn,
    }),
  ),
  CustomerReplied: contract(
    'CustomerReplied',
    1,
    object(
      {
        replyId: id('The reply'),
        kind: oneOf(REPLY_KINDS, {
          description: "reply: a person's answer (waits for a collector); auto_reply: out of office; bounce: the letter was not delivered",
        }),
        letterId: id('The letter it answers'),
        attachments: integer({ minimum: 0, description: 'How many files were attached' }),
        receivedOn: businessDate('Received on'),
      },
      { optional: ['letterId'], description: 'A message came back to a letter. Its sender, subject, text and files are not published.' },
    ),
    ({ replyId, kind, letterId, attachments, receivedOn }) => ({
      replyId,
      kind,
      ...(letterId === undefined ? {} : { letterId }),
      attachments: attachments.length,
      receivedOn,
    }),
  ),
  ReplyHandled: contract(
    'ReplyHandled',
    1,
    object(
      { replyId: id('The reply or fresh-link request'), handledOn: businessDate('Handled on') },
      { description: "A collector handled a customer's reply or request. The note is not published." },
    ),
    ({ replyId, handledOn }) => ({ replyId, handledOn }),
  ),
  FreshLinkRequested: contract(
    'FreshLinkRequested',
    1,
    object(
      { requestId: id('The request'), letterId: id('The letter whose link no longer works'), requestedOn: businessDate('Requested on') },
      { description: 'The customer opened an expired or revoked link and asked for a fresh one.' },
    ),
    ({ requestId, letterId, requestedOn }) => ({ requestId, letterId, requestedOn }),
  ),
  CustomerLinkRevoked: contract(
    'CustomerLinkRevoked',
    1,
    object(
      { letterId: id('The letter whose link was revoked'), revokedOn: businessDate('Revoked on') },
      { description: "A manager revoked a letter's link to the customer's page. The reason is not published." },
    ),
    ({ letterId, revokedOn }) => ({ letterId, revokedOn }),
  ),
};
