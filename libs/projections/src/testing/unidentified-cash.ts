import { CollectionEvent, UnidentifiedCashAssigned, UnidentifiedCashReceived, UnidentifiedCashRefunded } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { storedEvent } from './project';

/** Events of unidentified cash for projection tests: PAY-U1, 420.00 EUR booked 2024-02-06, two candidates. */
export const unidentifiedCashReceived = (data: Partial<UnidentifiedCashReceived['data']> = {}): UnidentifiedCashReceived => ({
  type: 'UnidentifiedCashReceived',
  data: {
    paymentId: 'PAY-U1',
    amount: 42_000,
    currency: 'EUR',
    receivedOn: '2024-02-06',
    payer: { name: 'ACME GMBH', account: 'DE89370400440532013000' },
    remittance: 'Rechnung 2024-117',
    bankReference: 'BANK-REF-7',
    candidates: [
      { customerId: 'C-7', reason: 'payer name resembles the customer' },
      { customerId: 'C-9', reason: 'an open invoice of 420.00 EUR' },
    ],
    ...data,
  },
});

export const unidentifiedCashAssigned = (data: Partial<UnidentifiedCashAssigned['data']> = {}): UnidentifiedCashAssigned => ({
  type: 'UnidentifiedCashAssigned',
  data: { paymentId: 'PAY-U1', customerId: 'C-7', assignedOn: '2024-02-08', ...data },
});

export const unidentifiedCashRefunded = (data: Partial<UnidentifiedCashRefunded['data']> = {}): UnidentifiedCashRefunded => ({
  type: 'UnidentifiedCashRefunded',
  data: { paymentId: 'PAY-U1', refundedOn: '2024-02-09', reason: 'Not our customer', ...data },
});

/** As stored: on a stream of its own, so with no customer. */
export const onItsOwnStream = (event: CollectionEvent, position: number): StoredCollectionEvent =>
  storedEvent(event, { customerId: '', position });
