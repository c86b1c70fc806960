import { CollectionEvent, TotalTooLargeError } from '@collections/domain';
import {
  cashApplied,
  invoiceRegistered,
  unappliedCashReceived,
  unappliedCashRefunded,
} from '@collections/domain/testing/decider-specification';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadStore } from '@collections/read-store';
import { UnappliedCashDocument, cashProjection } from '../cash/cash.projection';
import { readStoreWith } from '../kpis/testing/read-store-with';
import { project, storedEvent } from '../testing/project';
import { unappliedCashOn } from './aging';
import { queryAging } from './aging.query';
import { invoiceLedgerProjection } from './invoice-ledger.projection';

let position = 0;
const of = (customerId: string, ...events: CollectionEvent[]): StoredCollectionEvent[] =>
  events.map((event) => storedEvent(event, { customerId, position: ++position }));

/**
 * C-1 owes INV-1 10,000 EUR (due 02-09) and paid 15,000 on 02-05: 10,000 applied to INV-1 that
 * day, 5,000 left, of which 2,000 refunded on 02-20. C-2 owes INV-9 8,000 (due 02-09) and sent
 * 3,000 on 02-12, not yet applied; and 900 USD.
 */
const events = [
  ...of(
    'C-1',
    invoiceRegistered(),
    unappliedCashReceived(),
    cashApplied(),
    unappliedCashRefunded({ amount: 2_000, refundedOn: '2024-02-20' }),
  ),
  ...of(
    'C-2',
    invoiceRegistered({ invoiceId: 'INV-9', amount: 8_000 }),
    unappliedCashReceived({ paymentId: 'PAY-C2', amount: 3_000, receivedOn: '2024-02-12' }),
    unappliedCashReceived({ paymentId: 'PAY-USD', amount: 900, currency: 'USD', receivedOn: '2024-02-12' }),
  ),
];

describe('aging with unapplied cash', () => {
  let readStore: ReadStore;

  beforeAll(async () => {
    const collections = await project(invoiceLedgerProjection, events);
    await project(cashProjection, events, collections);
    readStore = await readStoreWith(collections);
  });
  afterAll(() => readStore.close());

  it('given cash received, applied and refunded, then the aging reports what was unapplied on the day, beside the buckets', async () => {
    expect(await queryAging(readStore, { asOf: '2024-02-04', currency: 'EUR' })).toMatchObject({ total: 18_000, unappliedCash: 0 });
    expect(await queryAging(readStore, { asOf: '2024-02-05', currency: 'EUR' })).toMatchObject({ total: 8_000, unappliedCash: 5_000 });
    expect(await queryAging(readStore, { asOf: '2024-02-15', currency: 'EUR' })).toEqual({
      asOf: '2024-02-15',
      currency: 'EUR',
      buckets: { current: 0, '1-30': 8_000, '31-60': 0, '61-90': 0, '90+': 0 },
      total: 8_000,
      disputed: 0,
      unappliedCash: 8_000, // C-1's 5,000 and C-2's 3,000: not in the buckets until applied
    });
    expect(await queryAging(readStore, { asOf: '2024-02-20', currency: 'EUR' })).toMatchObject({ unappliedCash: 6_000 });
    expect(await queryAging(readStore, { asOf: '2024-02-20', currency: 'USD' })).toMatchObject({ total: 0, unappliedCash: 900 });
  });

  it("given customers, then each one's unapplied cash is beside their buckets, and a customer with only cash is listed", async () => {
    const report = await queryAging(readStore, { asOf: '2024-02-15', currency: 'EUR', groupBy: 'customer' });
    expect(report.customers).toEqual([
      {
        customerId: 'C-2',
        buckets: { current: 0, '1-30': 8_000, '31-60': 0, '61-90': 0, '90+': 0 },
        total: 8_000,
        disputed: 0,
        unappliedCash: 3_000,
      },
      {
        customerId: 'C-1',
        buckets: { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 },
        total: 0,
        disputed: 0,
        unappliedCash: 5_000,
      },
    ]);
    expect(report.customerCount).toBe(2);
  });

  it('given unapplied cash adding up to 2^53 − 1, then the total is exact, and past it refused', () => {
    const cash = (paymentId: string, amount: number) =>
      ({ paymentId, amount, receivedOn: '2024-01-01', applications: [], refunds: [] }) as unknown as UnappliedCashDocument;
    expect(unappliedCashOn([cash('A', 2 ** 52), cash('B', 2 ** 52 - 1)], '2024-01-01')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => unappliedCashOn([cash('A', 2 ** 52), cash('B', 2 ** 52)], '2024-01-01')).toThrow(TotalTooLargeError);
  });
});
