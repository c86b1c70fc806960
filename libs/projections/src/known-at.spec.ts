import { CollectionEvent } from '@collections/domain';
import {
  cashApplied,
  cashUnapplied,
  collectorAssigned,
  disputeRaised,
  disputeResolved,
  invoiceRegistered,
  paymentReceived,
  promiseKept,
  promiseMade,
  unappliedCashReceived,
  unappliedCashRefunded,
} from '@collections/domain/testing/decider-specification';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadStore } from '@collections/read-store';
import { queryAging } from './aging/aging.query';
import { invoiceLedgerProjection } from './aging/invoice-ledger.projection';
import { cashProjection } from './cash/cash.projection';
import { kpiDaysProjection } from './kpis/kpi-days.projection';
import { queryKpis } from './kpis/kpis.query';
import { promiseProjection } from './kpis/promise.projection';
import { readStoreWith } from './kpis/testing/read-store-with';
import { project, storedEvent } from './testing/project';

let position = 0;
/** An event of a customer recorded at an instant: `day` at 09:00 UTC unless an instant is given. */
const recorded = (customerId: string, when: string, event: CollectionEvent): StoredCollectionEvent =>
  storedEvent(event, { customerId, position: ++position, recordedAt: when.length === 10 ? `${when}T09:00:00.000Z` : when });

/**
 * March 2024 in EUR, reported on 1 April at midnight UTC, then restated by what was recorded later:
 *
 * | customer | fact                                        | business date | recorded   |
 * |----------|---------------------------------------------|---------------|------------|
 * | C-1      | invoice A 10,000, due 03-02                 | 02-01         | 02-01      |
 * | C-1      | dispute D-1 on A, 2,000                     | 03-10         | 03-10      |
 * | C-1      | payment P-2 on A, 1,000                     | 03-15         | 03-15      |
 * | C-1      | D-1 resolved                                | 03-25         | 04-04 late |
 * | C-1      | payment P-1 on A, 4,000 (back-dated)        | 03-28         | 04-03 late |
 * | C-1      | promise PR-1 for 03-28, kept                | 03-01 / 03-28 | 03-01 / 04-03 late |
 * | C-1      | invoice B 5,000, due 04-19                  | 03-20         | 04-02 late |
 * | C-1      | payment P-3 on A, 2,000                     | 04-10         | 04-10      |
 * | C-2      | invoice X 6,000, due 03-16                  | 02-15         | 02-15      |
 * | C-2      | cash PAY-B1 3,000 on account                | 03-20         | 03-20      |
 * | C-2      | PAY-B1 applied to X                         | 03-30         | 04-02 late |
 * | C-2      | dispute D-2 on X, 1,000 (back-dated)        | 03-25         | 04-02 late |
 * | C-3      | cash PAY-R 2,000 on account                 | 03-05         | 03-05      |
 * | C-3      | 500 of PAY-R refunded                       | 03-06         | 04-05 late |
 * | C-4      | invoice Y 4,000, due 03-21                  | 02-20         | 02-20      |
 * | C-4      | cash PAY-C 4,000 on account, applied to Y   | 03-22         | 03-22      |
 * | C-4      | that application reversed                   | 03-29         | 04-02 late |
 *
 * C-1 is alice's.
 */
const events: StoredCollectionEvent[] = [
  recorded('C-1', '2024-02-01', invoiceRegistered({ invoiceId: 'A', amount: 10_000, issuedOn: '2024-02-01', dueOn: '2024-03-02' })),
  recorded('C-1', '2024-02-01', collectorAssigned({ collectorId: 'alice', assignedOn: '2024-02-01' })),
  recorded('C-2', '2024-02-15', invoiceRegistered({ invoiceId: 'X', amount: 6_000, issuedOn: '2024-02-15', dueOn: '2024-03-16' })),
  recorded(
    'C-1',
    '2024-03-01',
    promiseMade({ promiseId: 'PR-1', invoiceIds: ['A'], amount: 4_000, madeOn: '2024-03-01', promisedFor: '2024-03-28' }),
  ),
  recorded('C-3', '2024-03-05', unappliedCashReceived({ paymentId: 'PAY-R', amount: 2_000, receivedOn: '2024-03-05' })),
  recorded('C-1', '2024-03-10', disputeRaised({ invoiceId: 'A', amount: 2_000, raisedOn: '2024-03-10' })),
  recorded('C-1', '2024-03-15', paymentReceived({ paymentId: 'P-2', invoiceId: 'A', amount: 1_000, receivedOn: '2024-03-15' })),
  recorded('C-2', '2024-03-20', unappliedCashReceived({ amount: 3_000, receivedOn: '2024-03-20' })),
  recorded('C-1', '2024-04-02', invoiceRegistered({ invoiceId: 'B', amount: 5_000, issuedOn: '2024-03-20', dueOn: '2024-04-19' })),
  recorded('C-2', '2024-04-02', cashApplied({ allocations: [{ invoiceId: 'X', amount: 3_000 }], appliedOn: '2024-03-30' })),
  recorded('C-2', '2024-04-02', disputeRaised({ disputeId: 'D-2', invoiceId: 'X', amount: 1_000, raisedOn: '2024-03-25' })),
  recorded('C-1', '2024-04-03', paymentReceived({ paymentId: 'P-1', invoiceId: 'A', amount: 4_000, receivedOn: '2024-03-28' })),
  recorded('C-1', '2024-04-03', promiseKept({ promiseId: 'PR-1', keptOn: '2024-03-28', amountPaid: 4_000 })),
  recorded('C-1', '2024-04-04', disputeResolved({ invoiceId: 'A', resolvedOn: '2024-03-25' })),
  recorded('C-3', '2024-04-05', unappliedCashRefunded({ paymentId: 'PAY-R', amount: 500, refundedOn: '2024-03-06' })),
  recorded('C-1', '2024-04-10', paymentReceived({ paymentId: 'P-3', invoiceId: 'A', amount: 2_000, receivedOn: '2024-04-10' })),
  recorded('C-4', '2024-02-20', invoiceRegistered({ invoiceId: 'Y', amount: 4_000, issuedOn: '2024-02-20', dueOn: '2024-03-21' })),
  recorded('C-4', '2024-03-22', unappliedCashReceived({ paymentId: 'PAY-C', amount: 4_000, receivedOn: '2024-03-22' })),
  recorded(
    'C-4',
    '2024-03-22',
    cashApplied({ paymentId: 'PAY-C', allocations: [{ invoiceId: 'Y', amount: 4_000 }], appliedOn: '2024-03-22' }),
  ),
  recorded(
    'C-4',
    '2024-04-02',
    cashUnapplied({ paymentId: 'PAY-C', allocations: [{ invoiceId: 'Y', amount: 4_000 }], unappliedOn: '2024-03-29' }),
  ),
];

const REPORTED = '2024-04-01T00:00:00.000Z';
const LATER = '2024-06-30T12:00:00.000Z';
const monthEnd = { asOf: '2024-03-31', currency: 'EUR' };
const march = { from: '2024-03-01', to: '2024-03-31', currency: 'EUR' };

describe('figures as known at an instant', () => {
  let readStore: ReadStore;

  beforeAll(async () => {
    const collections = await project(invoiceLedgerProjection, events);
    await project(cashProjection, events, collections);
    await project(promiseProjection, events, collections);
    // The fast KPIs (without knownAt) read the per-day sums.
    await project(kpiDaysProjection, events, collections);
    readStore = await readStoreWith(collections);
  });
  afterAll(() => readStore.close());

  describe('aging', () => {
    it('given payments, an application, a resolution and an invoice recorded after month-end, when the month-end aging is asked as known at month-end, then none of them counts', async () => {
      expect(await queryAging(readStore, { ...monthEnd, knownAt: REPORTED })).toEqual({
        ...monthEnd,
        knownAt: REPORTED,
        // A: 10,000 − P-2 1,000 (29 days past due); X: 6,000 (15 days past due); Y paid by PAY-C; B unknown yet.
        buckets: { current: 0, '1-30': 15_000, '31-60': 0, '61-90': 0, '90+': 0 },
        total: 15_000,
        disputed: 2_000, // D-1, its resolution not recorded yet; D-2 not recorded yet
        unappliedCash: 5_000, // C-2's 3,000 not yet applied, C-3's 2,000 not yet refunded; PAY-C still applied
      });
    });

    it('given the same book, when the month-end aging is restated (no knownAt), then the late postings change it', async () => {
      expect(await queryAging(readStore, monthEnd)).toEqual({
        ...monthEnd,
        // A: 10,000 − 1,000 − back-dated P-1 4,000; X: 6,000 − 3,000 applied; Y open again (its cash unapplied); B 5,000 not yet due.
        buckets: { current: 5_000, '1-30': 12_000, '31-60': 0, '61-90': 0, '90+': 0 },
        total: 17_000,
        disputed: 1_000, // D-2
        unappliedCash: 5_500, // C-3's 1,500 and PAY-C's 4,000
      });
    });

    it('given P-3 recorded on 10 April for 10 April, when the month-end aging is asked as known at 12 April, then P-3 does not count (its business date is after asOf) while P-1 does', async () => {
      const { customers } = await queryAging(readStore, { ...monthEnd, knownAt: '2024-04-12T00:00:00.000Z', groupBy: 'customer' });
      expect(customers?.find(({ customerId }) => customerId === 'C-1')).toEqual({
        customerId: 'C-1',
        buckets: { current: 5_000, '1-30': 5_000, '31-60': 0, '61-90': 0, '90+': 0 },
        total: 10_000,
        disputed: 0,
        unappliedCash: 0,
      });
    });

    it('given a payment recorded a second after the instant, then it does not count; recorded at the instant, it does', async () => {
      const justBefore = await queryAging(readStore, { asOf: '2024-04-30', currency: 'EUR', knownAt: '2024-04-10T08:59:59.999Z' });
      const atIt = await queryAging(readStore, { asOf: '2024-04-30', currency: 'EUR', knownAt: '2024-04-10T09:00:00.000Z' });
      expect(justBefore.total - atIt.total).toBe(2_000);
    });

    it('given an instant with an offset, then it is the same instant in UTC (not compared as written)', async () => {
      // 10:30 in Paris is 08:30 UTC: before P-1 was recorded at 09:00 UTC, though "10:30" > "09:00" as text.
      const inParis = await queryAging(readStore, { ...monthEnd, knownAt: '2024-04-03T10:30:00+02:00' });
      expect(inParis).toMatchObject({ knownAt: '2024-04-03T08:30:00.000Z', total: 21_000 }); // A 9,000 + X 3,000 + Y 4,000 + B 5,000
    });

    it('given an instant after every fact, then the figures are the restated ones, per customer too', async () => {
      for (const asOf of ['2024-02-29', '2024-03-15', '2024-03-31', '2024-04-30']) {
        const { knownAt, ...asKnownNow } = await queryAging(readStore, { asOf, currency: 'EUR', knownAt: LATER, groupBy: 'customer' });
        expect(knownAt).toBe(LATER);
        expect(asKnownNow).toEqual(await queryAging(readStore, { asOf, currency: 'EUR', groupBy: 'customer' }));
      }
    });
  });

  describe('KPIs', () => {
    it('given the month reported on 1 April, then collections, sales, AR, promises and unapplied cash recorded later do not count', async () => {
      expect(await queryKpis(readStore, { ...march, knownAt: REPORTED })).toMatchObject({
        ...march,
        knownAt: REPORTED,
        collected: 10_000, // P-2 1,000 + PAY-B1 3,000 + PAY-R 2,000 (its refund unknown yet) + PAY-C 4,000
        creditSales: 0, // B was registered on 2 April
        dso: null,
        beginningAr: 20_000, // A 10,000 + X 6,000 + Y 4,000
        endingAr: 15_000,
        endingCurrentAr: 0,
        promiseKeptRate: null, // PR-1's outcome recorded on 3 April
        unappliedCash: { beginning: 0, ending: 3_000, endingCurrent: 0 }, // C-2's 3,000 against X, overdue
      });
    });

    it('given the same month restated, then the late postings count', async () => {
      const restated = await queryKpis(readStore, march);
      expect(restated).toMatchObject({
        collected: 13_500, // 1,000 + P-1 4,000 + 3,000 + 2,000 − 500 refunded + 4,000
        creditSales: 5_000,
        beginningAr: 20_000,
        endingAr: 17_000,
        endingCurrentAr: 5_000,
        promiseKeptRate: 100,
        unappliedCash: { beginning: 0, ending: 4_000, endingCurrent: 0 }, // PAY-C against Y, overdue
      });
      expect(restated).not.toHaveProperty('knownAt');
    });

    it("given a collector's customers, then their AR is as known at the instant too", async () => {
      const alice = { ...march, collectorId: 'alice' };
      expect(await queryKpis(readStore, { ...alice, knownAt: REPORTED })).toMatchObject({
        endingAr: 9_000,
        collected: 1_000,
        creditSales: 0,
      });
      expect(await queryKpis(readStore, alice)).toMatchObject({ endingAr: 10_000, collected: 5_000, creditSales: 5_000 });
    });

    it('given an instant after every fact, then every KPI is the restated one, for everyone and for a collector', async () => {
      for (const query of [march, { ...march, from: '2024-02-01', to: '2024-04-30' }, { ...march, collectorId: 'alice' }]) {
        const { knownAt, ...asKnownNow } = await queryKpis(readStore, { ...query, knownAt: LATER });
        expect(knownAt).toBe(LATER);
        expect(asKnownNow).toEqual(await queryKpis(readStore, query));
      }
    });
  });
});
