import { CollectionEvent } from '@collections/domain';
import {
  cashApplied,
  cashUnapplied,
  unappliedCashReceived,
  unappliedCashRefunded,
} from '@collections/domain/testing/decider-specification';
import { StoredCollectionEvent } from '@collections/event-processor';
import { documentsOf, project, storedEvent } from '../testing/project';
import { onItsOwnStream, unidentifiedCashAssigned, unidentifiedCashReceived, unidentifiedCashRefunded } from '../testing/unidentified-cash';
import { UNAPPLIED_CASH, UNIDENTIFIED_CASH, UnappliedCashDocument, cashProjection, unappliedOn } from './cash.projection';

let position = 0;
const unidentified = (event: CollectionEvent): StoredCollectionEvent => onItsOwnStream(event, ++position);

describe('the cash read model', () => {
  const received = unappliedCashReceived({
    valueOn: '2024-02-06',
    payer: { name: 'Customer One', account: 'LT121000011101001000' },
    remittance: 'INV-1 and more',
    bankReference: 'B-1',
  }); // PAY-B1, 15,000 EUR on 2024-02-05

  it('given cash received on account, then it waits whole, with its payer and remittance', async () => {
    const collections = await project(cashProjection, [received]);
    expect(documentsOf(collections, UNAPPLIED_CASH)).toEqual([
      {
        _id: 'C-1/PAY-B1',
        customerId: 'C-1',
        paymentId: 'PAY-B1',
        amount: 15_000,
        currency: 'EUR',
        receivedOn: '2024-02-05',
        valueOn: '2024-02-06',
        payer: { name: 'Customer One', account: 'LT121000011101001000' },
        remittance: 'INV-1 and more',
        bankReference: 'B-1',
        applied: 0,
        refunded: 0,
        unapplied: 15_000,
        applications: [],
        refunds: [],
        settledOn: null,
        recordedAt: '2024-06-30T12:00:00.000Z',
        lastRecordedAt: '2024-06-30T12:00:00.000Z',
      },
    ]);
  });

  it('given cash applied, then refunded, then the application reversed, then each figure, the dated history and when each was recorded follow', async () => {
    const recordedAt = (day: string, position: number) => ({ recordedAt: `${day}T09:00:00.000Z`, position });
    const events = [
      storedEvent(received, recordedAt('2024-02-05', 1)),
      storedEvent(cashApplied({ appliedOn: '2024-02-05', rule: 'remittance-reference' }), recordedAt('2024-02-06', 2)), // 10,000 to INV-1
      storedEvent(unappliedCashRefunded({ refundedOn: '2024-02-10' }), recordedAt('2024-02-11', 3)), // 5,000
    ];
    const settled = documentsOf(await project(cashProjection, events), UNAPPLIED_CASH)[0] as UnappliedCashDocument;
    expect(settled).toMatchObject({
      applied: 10_000,
      refunded: 5_000,
      unapplied: 0,
      settledOn: '2024-02-10',
      applications: [
        {
          applicationId: 'APP-1',
          allocations: [{ invoiceId: 'INV-1', amount: 10_000 }],
          rule: 'remittance-reference',
          appliedOn: '2024-02-05',
          status: 'applied',
          reversedOn: null,
          recordedAt: '2024-02-06T09:00:00.000Z',
          reversalRecordedAt: null,
        },
      ],
      refunds: [{ refundId: 'RF-1', amount: 5_000, refundedOn: '2024-02-10', reason: 'Overpaid', recordedAt: '2024-02-11T09:00:00.000Z' }],
      recordedAt: '2024-02-05T09:00:00.000Z',
      lastRecordedAt: '2024-02-11T09:00:00.000Z',
    });

    const reversed = documentsOf(
      await project(cashProjection, [...events, storedEvent(cashUnapplied({ unappliedOn: '2024-02-12' }), recordedAt('2024-02-14', 4))]),
      UNAPPLIED_CASH,
    )[0];
    expect(reversed).toMatchObject({
      applied: 0,
      refunded: 5_000,
      unapplied: 10_000,
      settledOn: null,
      applications: [
        { applicationId: 'APP-1', status: 'reversed', reversedOn: '2024-02-12', reversalRecordedAt: '2024-02-14T09:00:00.000Z' },
      ],
      lastRecordedAt: '2024-02-14T09:00:00.000Z',
    });
    // As of each day: received 15,000 on 02-05, 10,000 applied that day, 5,000 refunded 02-10, the application reversed 02-12.
    const cash = reversed as UnappliedCashDocument;
    expect(unappliedOn(cash, '2024-02-04')).toBe(0);
    expect(unappliedOn(cash, '2024-02-05')).toBe(5_000);
    expect(unappliedOn(cash, '2024-02-10')).toBe(0);
    expect(unappliedOn(cash, '2024-02-12')).toBe(10_000);
  });

  it('given an application reversed twice or cash of another customer, then nothing changes', async () => {
    const collections = await project(cashProjection, [
      received,
      cashApplied(),
      cashUnapplied(),
      cashUnapplied({ unappliedOn: '2024-02-20' }),
      storedEvent(cashApplied({ applicationId: 'APP-9' }), { customerId: 'C-2', position: 10 }),
    ]);
    expect(documentsOf(collections, UNAPPLIED_CASH)).toEqual([
      expect.objectContaining({
        _id: 'C-1/PAY-B1',
        unapplied: 15_000,
        applications: [expect.objectContaining({ reversedOn: '2024-02-07' })],
      }),
    ]);
  });

  it('given unidentified cash, then it waits with its candidates until assigned or refunded', async () => {
    const waiting = await project(cashProjection, [unidentified(unidentifiedCashReceived())]);
    expect(documentsOf(waiting, UNIDENTIFIED_CASH)).toEqual([
      {
        _id: 'PAY-U1',
        paymentId: 'PAY-U1',
        amount: 42_000,
        currency: 'EUR',
        receivedOn: '2024-02-06',
        valueOn: null,
        payer: { name: 'ACME GMBH', account: 'DE89370400440532013000' },
        remittance: 'Rechnung 2024-117',
        bankReference: 'BANK-REF-7',
        candidates: [
          { customerId: 'C-7', reason: 'payer name resembles the customer' },
          { customerId: 'C-9', reason: 'an open invoice of 420.00 EUR' },
        ],
        status: 'waiting',
        assignedTo: null,
        assignedOn: null,
        refundedOn: null,
        refundReason: null,
      },
    ]);

    const done = await project(cashProjection, [
      unidentified(unidentifiedCashReceived()),
      unidentified(unidentifiedCashReceived({ paymentId: 'PAY-U2', payer: undefined, remittance: undefined, bankReference: undefined })),
      unidentified(unidentifiedCashAssigned()),
      unidentified(unidentifiedCashRefunded({ paymentId: 'PAY-U2' })),
      // Its money then arrives on the customer's account under the same payment id.
      storedEvent(unappliedCashReceived({ paymentId: 'PAY-U1', amount: 42_000, receivedOn: '2024-02-06' }), {
        customerId: 'C-7',
        position: 99,
      }),
    ]);
    expect(documentsOf(done, UNIDENTIFIED_CASH)).toMatchObject([
      { paymentId: 'PAY-U1', status: 'assigned', assignedTo: 'C-7', assignedOn: '2024-02-08' },
      {
        paymentId: 'PAY-U2',
        status: 'refunded',
        payer: null,
        remittance: null,
        refundedOn: '2024-02-09',
        refundReason: 'Not our customer',
      },
    ]);
    expect(documentsOf(done, UNAPPLIED_CASH)).toMatchObject([{ _id: 'C-7/PAY-U1', unapplied: 42_000 }]);
  });
});
