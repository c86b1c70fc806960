import { CASH_APPLICATION_RULES, PayerAccountRecorded } from '@collections/domain';
import { arrayOf, object, oneOf } from '../json-schema';
import { contract, businessDate, currency, id, minorUnits } from './contract';

/** Where a payer account was learned from; a source the domain adds fails `publish`'s type until it is listed here. */
const PAYER_ACCOUNT_SOURCES = ['payment', 'person'] as const satisfies readonly PayerAccountRecorded['data']['source'][];

const allocations = arrayOf(
  object({ invoiceId: id('The invoice'), amount: minorUnits('The amount put on it') }, { description: 'Cash on one invoice' }),
  { minItems: 1, description: 'The invoices and how much of the cash each got' },
);

/**
 * Cash application: cash received on a customer's account, applied to invoices, unapplied,
 * refunded; the payer accounts it comes from. Withheld: the payer (a name, and a bank account
 * that for a sole trader is a person's), the remittance text the payer wrote, and the reasons
 * staff give. Unidentified cash (its own streams, no customer) is not published at all.
 */
export const cashApplication = {
  UnappliedCashReceived: contract(
    'UnappliedCashReceived',
    1,
    object(
      {
        paymentId: id('The payment'),
        amount: minorUnits('The amount received'),
        currency,
        receivedOn: businessDate('Booked by the bank on; from then on it is on account'),
        valueOn: businessDate("The bank's value date"),
        bankReference: id("The bank's reference for the statement entry it came in"),
      },
      {
        optional: ['valueOn', 'bankReference'],
        description:
          "Cash arrived on the customer's account, not yet applied to any invoice (CashApplied follows when it is). " +
          "The payer's name and bank account and the remittance text are not published.",
      },
    ),
    ({ paymentId, amount, currency, receivedOn, valueOn, bankReference }) => ({
      paymentId,
      amount,
      currency,
      receivedOn,
      ...(valueOn === undefined ? {} : { valueOn }),
      ...(bankReference === undefined ? {} : { bankReference }),
    }),
  ),
  CashApplied: contract(
    'CashApplied',
    1,
    object(
      {
        paymentId: id('The payment the cash came with'),
        applicationId: id('The application: what CashUnapplied names to reverse it'),
        allocations,
        currency,
        appliedOn: businessDate('Applied on'),
        rule: oneOf(CASH_APPLICATION_RULES, {
          description:
            'Why these invoices: remittance-reference (the remittance named them), exact-amount, exact-set, oldest-first, ' +
            'named-invoice (a payment posted on an invoice exceeded its balance: the rest stays on account), manual',
        }),
      },
      { description: 'Unapplied cash was applied to invoices, reducing their balances.' },
    ),
    ({ paymentId, applicationId, allocations, currency, appliedOn, rule }) => ({
      paymentId,
      applicationId,
      allocations: allocations.map(({ invoiceId, amount }) => ({ invoiceId, amount })),
      currency,
      appliedOn,
      rule,
    }),
  ),
  CashUnapplied: contract(
    'CashUnapplied',
    1,
    object(
      {
        paymentId: id('The payment'),
        applicationId: id('The application reversed, whole'),
        allocations,
        currency,
        unappliedOn: businessDate('Reversed on'),
      },
      {
        description:
          'An application was reversed: its allocations are open on the invoices again and the cash is unapplied. The reason is not published.',
      },
    ),
    ({ paymentId, applicationId, allocations, currency, unappliedOn }) => ({
      paymentId,
      applicationId,
      allocations: allocations.map(({ invoiceId, amount }) => ({ invoiceId, amount })),
      currency,
      unappliedOn,
    }),
  ),
  UnappliedCashRefunded: contract(
    'UnappliedCashRefunded',
    1,
    object(
      {
        paymentId: id('The payment'),
        refundId: id('The refund'),
        amount: minorUnits('The amount paid back'),
        currency,
        refundedOn: businessDate('Refunded on'),
      },
      { description: 'Unapplied cash was paid back to the customer. The reason is not published.' },
    ),
    ({ paymentId, refundId, amount, currency, refundedOn }) => ({ paymentId, refundId, amount, currency, refundedOn }),
  ),
  PayerAccountRecorded: contract(
    'PayerAccountRecorded',
    1,
    object(
      {
        recordedOn: businessDate('Recorded on'),
        source: oneOf(PAYER_ACCOUNT_SOURCES, {
          description: 'payment: learned from a payment identified by other means; person: entered by staff',
        }),
      },
      {
        description:
          'A bank account was recorded as one the customer pays from, so that its payments are recognised. ' +
          "The account (an IBAN: a person's, for a sole trader) is not published.",
      },
    ),
    ({ recordedOn, source }) => ({ recordedOn, source }),
  ),
};
