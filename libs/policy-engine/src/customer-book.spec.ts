import { CollectionEvent } from '@collections/domain';
import { CollectionEventMetadata, StoredCollectionEvent } from '@collections/event-processor';
import { invoiceRegistered } from '@collections/domain/testing/decider-specification';
import { CustomerBook } from './customer-book';

let position = 0;
/** A stored event as the processor hands it over: customerId '' for a stream that is not an account's. */
const stored = (customerId: string, event: CollectionEvent, revision = 0): StoredCollectionEvent => ({
  event,
  customerId,
  id: `E-${++position}`,
  revision,
  position,
  metadata: { occurredAt: '2024-02-14' } as CollectionEventMetadata,
});
const received = (paymentId: string, customerIds: string[], receivedOn = '2024-02-14'): CollectionEvent => ({
  type: 'UnidentifiedCashReceived',
  data: {
    paymentId,
    amount: 10_000,
    currency: 'EUR',
    receivedOn,
    candidates: customerIds.map((customerId) => ({ customerId, reason: 'name on the transfer' })),
  },
});

describe("the engine's customer book", () => {
  it('given unidentified cash naming customers, then it opens no account for it, and keeps it by each candidate', async () => {
    const book = new CustomerBook();
    await book.handle([
      stored('C-1', invoiceRegistered()),
      stored('', received('PAY-U1', ['C-1', 'C-2', 'C-1'])),
      stored('', received('PAY-U2', ['C-2'], '2024-02-15')),
    ]);

    expect(book.customerIds()).toEqual(['C-1']);
    expect(book.candidateCash('C-1')).toEqual([{ paymentId: 'PAY-U1', amount: 10_000, currency: 'EUR', receivedOn: '2024-02-14' }]);
    expect(book.candidateCash('C-2').map((cash) => cash.paymentId)).toEqual(['PAY-U1', 'PAY-U2']);
    expect(book.candidateCash('C-3')).toEqual([]);
  });

  it('given the cash assigned or refunded, then it is kept with the day it was settled (a run for an earlier date still sees it wait)', async () => {
    const book = new CustomerBook();
    await book.handle([
      stored('', received('PAY-U1', ['C-1'])),
      stored('', received('PAY-U2', ['C-1'])),
      stored('', { type: 'UnidentifiedCashAssigned', data: { paymentId: 'PAY-U1', customerId: 'C-9', assignedOn: '2024-02-16' } }, 1),
      stored('', { type: 'UnidentifiedCashRefunded', data: { paymentId: 'PAY-U2', refundedOn: '2024-02-17', reason: 'Unknown payer' } }, 1),
    ]);

    expect(book.candidateCash('C-1').map(({ paymentId, settledOn }) => ({ paymentId, settledOn }))).toEqual([
      { paymentId: 'PAY-U1', settledOn: '2024-02-16' },
      { paymentId: 'PAY-U2', settledOn: '2024-02-17' },
    ]);
    expect(book.customerIds()).toEqual([]);
  });
});
