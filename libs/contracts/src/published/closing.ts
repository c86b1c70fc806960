import { ROOT_CAUSES } from '@collections/domain';
import { arrayOf, integer, object, oneOf } from '../json-schema';
import { contract, businessDate, currency, id, minorUnits } from './contract';

/** Closing: write-off, recovery, post-mortem. */
export const closing = {
  WrittenOff: contract(
    'WrittenOff',
    1,
    object(
      {
        writeOffId: id('The write-off'),
        invoices: arrayOf(object({ invoiceId: id('The invoice'), amount: minorUnits('The balance written off'), currency }), {
          minItems: 1,
        }),
        writtenOffOn: businessDate('Written off on'),
      },
      { description: 'The open balance of invoices was written off. The reason is not published.' },
    ),
    ({ writeOffId, invoices, writtenOffOn }) => ({
      writeOffId,
      invoices: invoices.map(({ invoiceId, amount, currency }) => ({ invoiceId, amount, currency })),
      writtenOffOn,
    }),
  ),
  RecoveryReceived: contract(
    'RecoveryReceived',
    1,
    object(
      {
        recoveryId: id('The recovery'),
        invoiceId: id('The written-off invoice'),
        amount: minorUnits('The amount recovered'),
        currency,
        receivedOn: businessDate('Received on'),
      },
      { description: 'Money came in on a written-off invoice.' },
    ),
    ({ recoveryId, invoiceId, amount, currency, receivedOn }) => ({ recoveryId, invoiceId, amount, currency, receivedOn }),
  ),
  PostMortemRecorded: contract(
    'PostMortemRecorded',
    1,
    object(
      {
        postMortemId: id('The post-mortem'),
        rootCause: oneOf(ROOT_CAUSES),
        actionItemCount: integer({ minimum: 0, description: 'How many action items were assigned' }),
        recordedOn: businessDate('Recorded on'),
      },
      { description: 'A bad debt was analysed. The summary and the action items (text, owners) are not published.' },
    ),
    ({ postMortemId, rootCause, actionItems, recordedOn }) => ({
      postMortemId,
      rootCause,
      actionItemCount: actionItems.length,
      recordedOn,
    }),
  ),
};
