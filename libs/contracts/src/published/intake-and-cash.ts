import { object } from '../json-schema';
import { contract, businessDate, currency, id, minorUnits } from './contract';

/** Intake and cash: invoices, payments, credit memos, overdue detection, assignment. */
export const intakeAndCash = {
  InvoiceRegistered: contract(
    'InvoiceRegistered',
    1,
    object(
      {
        invoiceId: id('The invoice number'),
        amount: minorUnits('The invoice total'),
        currency,
        issuedOn: businessDate('Issued on'),
        dueOn: businessDate('Due on'),
      },
      { description: 'An invoice was registered for collection.' },
    ),
    ({ invoiceId, amount, currency, issuedOn, dueOn }) => ({ invoiceId, amount, currency, issuedOn, dueOn }),
  ),
  PaymentReceived: contract(
    'PaymentReceived',
    1,
    object(
      {
        paymentId: id('The payment reference'),
        invoiceId: id('The invoice it was applied to'),
        amount: minorUnits('The amount applied'),
        currency,
        receivedOn: businessDate('Received on'),
      },
      { description: 'Cash was posted against an invoice.' },
    ),
    ({ paymentId, invoiceId, amount, currency, receivedOn }) => ({ paymentId, invoiceId, amount, currency, receivedOn }),
  ),
  CreditMemoIssued: contract(
    'CreditMemoIssued',
    1,
    object(
      {
        creditMemoId: id('The credit memo number'),
        invoiceId: id('The invoice it credits'),
        amount: minorUnits('The amount credited'),
        currency,
        issuedOn: businessDate('Issued on'),
        disputeId: id('The dispute or deduction it settles, if any'),
      },
      { optional: ['disputeId'], description: 'A credit memo reduced an invoice. Its free-text reason is not published.' },
    ),
    ({ creditMemoId, invoiceId, amount, currency, issuedOn, disputeId }) => ({
      creditMemoId,
      invoiceId,
      amount,
      currency,
      issuedOn,
      ...(disputeId === undefined ? {} : { disputeId }),
    }),
  ),
  InvoiceOverdue: contract(
    'InvoiceOverdue',
    1,
    object(
      {
        invoiceId: id('The invoice'),
        dueOn: businessDate('It was due on'),
        detectedOn: businessDate('Found overdue on'),
        balance: minorUnits('What was still open'),
        currency,
      },
      { description: 'An invoice passed its due date unpaid.' },
    ),
    ({ invoiceId, dueOn, detectedOn, balance, currency }) => ({ invoiceId, dueOn, detectedOn, balance, currency }),
  ),
  CollectorAssigned: contract(
    'CollectorAssigned',
    1,
    object(
      { collectorId: id("The collector's user id"), assignedOn: businessDate('Assigned on') },
      { description: 'A collector was made responsible for the account.' },
    ),
    ({ collectorId, assignedOn }) => ({ collectorId, assignedOn }),
  ),
};
