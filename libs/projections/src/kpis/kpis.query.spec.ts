import { CollectionEvent } from '@collections/domain';
import {
  cashApplied,
  collectorAssigned,
  invoiceRegistered,
  paymentReceived,
  paymentReported,
  promiseBroken,
  promiseKept,
  promiseMade,
  recoveryReceived,
  unappliedCashReceived,
  unappliedCashRefunded,
  writtenOff,
} from '@collections/domain/testing/decider-specification';
import { ReadStore } from '@collections/read-store';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ALL_PROJECTIONS } from '../all-projections';
import { ProjectedCollections, project, storedEvent } from '../testing/project';
import { KpiQuery, KpiReport } from './kpi-report';
import { queryKpis } from './kpis.query';
import { recomputeKpis } from './kpis.recompute';
import { readStoreWith } from './testing/read-store-with';

/** Every read model, as the projector keeps them. */
async function projectAll(stored: StoredCollectionEvent[]): Promise<ProjectedCollections> {
  const collections: ProjectedCollections = new Map();
  for (const projection of ALL_PROJECTIONS) await project(projection, stored, collections);
  return collections;
}

/** The KPIs as `GET /kpis` answers them, checked on the way against the full recomputation. */
async function kpisOf(readStore: ReadStore, query: KpiQuery): Promise<KpiReport> {
  const report = await queryKpis(readStore, query);
  expect(report).toEqual(await recomputeKpis(readStore, query));
  return report;
}

const of = (customerId: string, ...events: CollectionEvent[]): StoredCollectionEvent[] =>
  events.map((event) => storedEvent(event, { customerId }));

/**
 * March 2024 in EUR (31 days), three customers:
 *
 * | invoice | customer | amount | issued     | due        | afterwards                                     |
 * |---------|----------|--------|------------|------------|------------------------------------------------|
 * | A1      | C-1      | 10,000 | 2024-01-10 | 2024-02-09 | 4,000 paid 03-05                               |
 * | A2      | C-1      | 20,000 | 2024-03-10 | 2024-04-09 |                                                |
 * | B2      | C-2      |  8,000 | 2023-12-01 | 2023-12-31 | written off 03-25, 1,000 recovered 03-28       |
 * | B1      | C-2      | 30,000 | 2024-02-15 | 2024-03-16 | paid in full 03-20                             |
 * | C1      | C-3      |  5,000 | 2024-03-01 | 2024-03-31 |                                                |
 * | C2      | C-3      |  7,000 | 2024-04-01 | 2024-05-01 | after the period                               |
 * | CU      | C-3      | 99,999 | 2024-03-05 | 2024-04-04 | in USD                                         |
 *
 * C-1 is alice's. C-2 was alice's until 03-17, bob's since. C-3 has no collector.
 */
const events: StoredCollectionEvent[] = [
  ...of(
    'C-1',
    invoiceRegistered({ invoiceId: 'A1', amount: 10_000, issuedOn: '2024-01-10', dueOn: '2024-02-09' }),
    collectorAssigned({ collectorId: 'alice', assignedOn: '2024-02-10' }),
    promiseMade({ promiseId: 'PR-1', invoiceIds: ['A1'], amount: 4_000, madeOn: '2024-03-01', promisedFor: '2024-03-10' }),
    paymentReceived({ paymentId: 'P-1', invoiceId: 'A1', amount: 4_000, receivedOn: '2024-03-05' }),
    promiseKept({ promiseId: 'PR-1', keptOn: '2024-03-05', amountPaid: 4_000 }),
    invoiceRegistered({ invoiceId: 'A2', amount: 20_000, issuedOn: '2024-03-10', dueOn: '2024-04-09' }),
    // Falls due after the period.
    promiseMade({ promiseId: 'PR-5', invoiceIds: ['A2'], amount: 20_000, madeOn: '2024-03-31', promisedFor: '2024-04-05' }),
    promiseKept({ promiseId: 'PR-5', keptOn: '2024-04-05', amountPaid: 20_000 }),
  ),
  ...of(
    'C-2',
    invoiceRegistered({ invoiceId: 'B2', amount: 8_000, issuedOn: '2023-12-01', dueOn: '2023-12-31' }),
    invoiceRegistered({ invoiceId: 'B1', amount: 30_000, issuedOn: '2024-02-15', dueOn: '2024-03-16' }),
    collectorAssigned({ collectorId: 'alice', assignedOn: '2024-02-16' }),
    promiseMade({ promiseId: 'PR-2', invoiceIds: ['B1'], amount: 30_000, madeOn: '2024-03-01', promisedFor: '2024-03-15' }),
    promiseBroken({ promiseId: 'PR-2', brokenOn: '2024-03-16', amountPaid: 0, shortfall: 30_000 }),
    collectorAssigned({ collectorId: 'bob', assignedOn: '2024-03-17' }),
    promiseMade({ promiseId: 'PR-3', invoiceIds: ['B1'], amount: 30_000, madeOn: '2024-03-17', promisedFor: '2024-03-20' }),
    paymentReceived({ paymentId: 'P-2', invoiceId: 'B1', amount: 30_000, receivedOn: '2024-03-20' }),
    promiseKept({ promiseId: 'PR-3', keptOn: '2024-03-20', amountPaid: 30_000 }),
    writtenOff({ invoices: [{ invoiceId: 'B2', amount: 8_000, currency: 'EUR' }], writtenOffOn: '2024-03-25' }),
    recoveryReceived({ invoiceId: 'B2', amount: 1_000, receivedOn: '2024-03-28' }),
  ),
  ...of(
    'C-3',
    invoiceRegistered({ invoiceId: 'C1', amount: 5_000, issuedOn: '2024-03-01', dueOn: '2024-03-31' }),
    invoiceRegistered({ invoiceId: 'C2', amount: 7_000, issuedOn: '2024-04-01', dueOn: '2024-05-01' }),
    invoiceRegistered({ invoiceId: 'CU', amount: 99_999, currency: 'USD', issuedOn: '2024-03-05', dueOn: '2024-04-04' }),
    // Still open: not resolved, so not counted.
    promiseMade({ promiseId: 'PR-4', invoiceIds: ['C1'], amount: 5_000, madeOn: '2024-03-20', promisedFor: '2024-03-25' }),
    promiseMade({
      promiseId: 'PR-6',
      invoiceIds: ['CU'],
      amount: 99_999,
      currency: 'USD',
      madeOn: '2024-03-06',
      promisedFor: '2024-03-20',
    }),
    promiseBroken({ promiseId: 'PR-6', brokenOn: '2024-03-21', amountPaid: 0, shortfall: 99_999, currency: 'USD' }),
  ),
];

describe('queryKpis', () => {
  const march = { from: '2024-03-01', to: '2024-03-31', currency: 'EUR' };
  let readStore: ReadStore;

  beforeAll(async () => {
    readStore = await readStoreWith(await projectAll(events));
  });

  afterAll(() => readStore.close());

  it('gives every KPI of a period for all collectors, from the aging ledger and the invoices', async () => {
    // AR at the close of 02-29 (beginning): A1 10,000 + B1 30,000 + B2 8,000 = 48,000.
    // AR at the close of 03-01 (30 days before 03-31): current B1 30,000 + C1 5,000 = 35,000;
    //   1-30 A1 10,000 (21 days past due); 61-90 B2 8,000 (61 days past due).
    // AR at the close of 03-31 (ending): current A2 20,000 + C1 5,000 (due that day) = 25,000;
    //   31-60 A1 6,000 (51 days past due); 31,000 in all.
    // Credit sales issued in March: A2 20,000 + C1 5,000 = 25,000.
    expect(await kpisOf(readStore, march)).toEqual({
      ...march,
      dso: 38.44, // 31,000 / 25,000 × 31 = 38.44
      // 31,000 − March's 25,000 leaves 6,000 after 31 days; February adds 6,000 / 30,000 × 29 = 5.8.
      countBackDso: 36.8,
      bestPossibleDso: 31, // 25,000 / 25,000 × 31
      averageDaysDelinquent: 7.44, // 38.44 − 31
      cei: 87.5, // (48,000 + 25,000 − 31,000) / (48,000 + 25,000 − 25,000) × 100 = 42,000 / 48,000 × 100
      promiseKeptRate: 66.67, // PR-1 and PR-3 kept, PR-2 broken: 2 / 3
      rollRates: [
        { from: 'current', to: '1-30', percent: 0 }, // 0 / 35,000
        { from: '1-30', to: '31-60', percent: 60 }, // 6,000 / 10,000
        { from: '31-60', to: '61-90', percent: null }, // 0 / 0
        { from: '61-90', to: '90+', percent: 0 }, // 0 / 8,000
      ],
      collected: 34_000, // 4,000 + 30,000
      recovered: 1_000,
      creditSales: 25_000,
      endingAr: 31_000,
      endingCurrentAr: 25_000,
      beginningAr: 48_000,
      unappliedCash: { beginning: 0, ending: 0, endingCurrent: 0 },
    });
  });

  it("gives a collector's KPIs over their customers' invoices and the promises they took", async () => {
    // alice has C-1 now. Beginning AR: A1 10,000. 03-01: A1 10,000 in 1-30.
    // Ending: A2 20,000 current + A1 6,000 in 31-60 = 26,000. Sales: A2 20,000.
    expect(await kpisOf(readStore, { ...march, collectorId: 'alice' })).toEqual({
      ...march,
      collectorId: 'alice',
      dso: 40.3, // 26,000 / 20,000 × 31
      // March takes 20,000 (31 days, 6,000 left), February has no sales (29 days),
      // January adds 6,000 / 10,000 × 31 = 18.6: 31 + 29 + 18.6.
      countBackDso: 78.6,
      bestPossibleDso: 31, // 20,000 / 20,000 × 31
      averageDaysDelinquent: 9.3, // 40.3 − 31
      cei: 40, // (10,000 + 20,000 − 26,000) / (10,000 + 20,000 − 20,000) × 100 = 4,000 / 10,000 × 100
      // PR-1 kept and PR-2 broken, both made while alice had the account: 1 / 2.
      promiseKeptRate: 50,
      rollRates: [
        { from: 'current', to: '1-30', percent: null }, // 0 / 0
        { from: '1-30', to: '31-60', percent: 60 }, // 6,000 / 10,000
        { from: '31-60', to: '61-90', percent: null },
        { from: '61-90', to: '90+', percent: null },
      ],
      collected: 4_000,
      recovered: 0,
      creditSales: 20_000,
      endingAr: 26_000,
      endingCurrentAr: 20_000,
      beginningAr: 10_000,
      unappliedCash: { beginning: 0, ending: 0, endingCurrent: 0 },
    });
  });

  it('gives null where a collector had no credit sales, and 0 days when nothing is outstanding', async () => {
    // bob has C-2 now: beginning AR B1 30,000 + B2 8,000 = 38,000; all paid or written off by 03-31.
    expect(await kpisOf(readStore, { ...march, collectorId: 'bob' })).toEqual({
      ...march,
      collectorId: 'bob',
      dso: null, // 0 / 0 sales
      countBackDso: 0,
      bestPossibleDso: null,
      averageDaysDelinquent: null,
      cei: 100, // (38,000 + 0 − 0) / (38,000 + 0 − 0) × 100
      promiseKeptRate: 100, // PR-3 kept
      rollRates: [
        { from: 'current', to: '1-30', percent: 0 }, // 0 / B1 30,000
        { from: '1-30', to: '31-60', percent: null },
        { from: '31-60', to: '61-90', percent: null },
        { from: '61-90', to: '90+', percent: 0 }, // 0 / B2 8,000
      ],
      collected: 30_000,
      recovered: 1_000,
      creditSales: 0,
      endingAr: 0,
      endingCurrentAr: 0,
      beginningAr: 38_000,
      unappliedCash: { beginning: 0, ending: 0, endingCurrent: 0 },
    });
  });

  it('gives zeros and nulls for a collector without customers', async () => {
    expect(await kpisOf(readStore, { ...march, collectorId: 'carol' })).toMatchObject({
      dso: null,
      countBackDso: 0,
      cei: null,
      promiseKeptRate: null,
      collected: 0,
      creditSales: 0,
      endingAr: 0,
      beginningAr: 0,
    });
  });

  it('keeps currencies apart', async () => {
    // USD: CU 99,999 issued 03-05, due 04-04, all of it current at 03-31; PR-6 broken.
    expect(await kpisOf(readStore, { ...march, currency: 'USD' })).toMatchObject({
      dso: 31, // 99,999 / 99,999 × 31
      creditSales: 99_999,
      endingAr: 99_999,
      promiseKeptRate: 0,
    });
  });

  it('refuses a period that ends before it starts', async () => {
    await expect(queryKpis(readStore, { from: '2024-04-01', to: '2024-03-31', currency: 'EUR' })).rejects.toThrow(RangeError);
    await expect(recomputeKpis(readStore, { from: '2024-04-01', to: '2024-03-31', currency: 'EUR' })).rejects.toThrow(RangeError);
  });
});

/**
 * Cash received on account, in EUR:
 *
 * | customer | invoice | amount | issued     | due        | cash                                                             |
 * |----------|---------|--------|------------|------------|------------------------------------------------------------------|
 * | C-1      | A       | 10,000 | 2024-02-01 | 2024-03-02 | 10,000 received 03-30, applied to A 04-02                        |
 * | C-2      | B       |  5,000 | 2024-03-01 | 2024-03-31 | 8,000 received 03-20, 5,000 applied to B that day; 1,000 refunded 04-10 |
 * | C-3      | C       |  4,000 | 2024-03-05 | 2024-04-04 | 4,000 received 03-31, not applied                                |
 *
 * C-1 is alice's.
 */
const cashEvents: StoredCollectionEvent[] = [
  ...of(
    'C-1',
    invoiceRegistered({ invoiceId: 'A', amount: 10_000, issuedOn: '2024-02-01', dueOn: '2024-03-02' }),
    collectorAssigned({ collectorId: 'alice', assignedOn: '2024-02-01' }),
    unappliedCashReceived({ paymentId: 'PAY-A', amount: 10_000, receivedOn: '2024-03-30' }),
    cashApplied({ paymentId: 'PAY-A', allocations: [{ invoiceId: 'A', amount: 10_000 }], appliedOn: '2024-04-02' }),
  ),
  ...of(
    'C-2',
    invoiceRegistered({ invoiceId: 'B', amount: 5_000, issuedOn: '2024-03-01', dueOn: '2024-03-31' }),
    unappliedCashReceived({ paymentId: 'PAY-B', amount: 8_000, receivedOn: '2024-03-20' }),
    cashApplied({ paymentId: 'PAY-B', allocations: [{ invoiceId: 'B', amount: 5_000 }], appliedOn: '2024-03-20', rule: 'named-invoice' }),
    unappliedCashRefunded({ paymentId: 'PAY-B', amount: 1_000, refundedOn: '2024-04-10' }),
  ),
  ...of(
    'C-3',
    invoiceRegistered({ invoiceId: 'C', amount: 4_000, issuedOn: '2024-03-05', dueOn: '2024-04-04' }),
    unappliedCashReceived({ paymentId: 'PAY-C', amount: 4_000, receivedOn: '2024-03-31' }),
  ),
];

describe('queryKpis with cash received on account', () => {
  let readStore: ReadStore;

  beforeAll(async () => {
    readStore = await readStoreWith(await projectAll(cashEvents));
  });
  afterAll(() => readStore.close());

  it('given cash received but not yet applied, then it is collected the day it came, and CEI counts it against what it will pay', async () => {
    // Beginning AR (02-29): A 10,000. Sales: B 5,000 + C 4,000. Ending AR (03-31): A 10,000 overdue, C 4,000 current.
    // Unapplied at the end: C-1 10,000 against A (overdue), C-2 3,000 against nothing (an overpayment),
    // C-3 4,000 against C (current). CEI = (10,000 + 9,000 − (14,000 − 14,000)) / (10,000 + 9,000 − (4,000 − 4,000)).
    expect(await kpisOf(readStore, { from: '2024-03-01', to: '2024-03-31', currency: 'EUR' })).toMatchObject({
      cei: 100, // not (19,000 − 14,000) / (19,000 − 4,000) = 33.33: the cash came in March
      collected: 21_000, // 10,000 + 8,000 + 4,000 received, less the 1,000 of it refunded
      beginningAr: 10_000,
      endingAr: 14_000, // AR itself is what the invoices still owe
      endingCurrentAr: 4_000,
      dso: 48.22, // 14,000 / 9,000 × 31, as before
      unappliedCash: { beginning: 0, ending: 14_000, endingCurrent: 4_000 },
    });
  });

  it('given the cash applied in the next period, then it is not collected again', async () => {
    // Beginning AR 14,000, all of it against unapplied cash; no sales; ending AR: C 4,000, now overdue, still against C-3's cash.
    expect(await kpisOf(readStore, { from: '2024-04-01', to: '2024-04-30', currency: 'EUR' })).toMatchObject({
      cei: null, // (14,000 − 14,000 + 0 − 0) / 0: nothing was left to collect
      collected: 0, // the application on 04-02 and the refund on 04-10 are not cash received
      beginningAr: 14_000,
      endingAr: 4_000,
      unappliedCash: { beginning: 14_000, ending: 4_000, endingCurrent: 0 },
    });
  });

  it("given a collector, then only their customers' cash", async () => {
    expect(await kpisOf(readStore, { from: '2024-03-01', to: '2024-03-31', currency: 'EUR', collectorId: 'alice' })).toMatchObject({
      cei: 100, // (10,000 + 0 − (10,000 − 10,000)) / (10,000 + 0 − 0)
      collected: 10_000,
      unappliedCash: { beginning: 0, ending: 10_000, endingCurrent: 0 },
    });
  });
});

describe('queryKpis with a payment the customer reported', () => {
  it('given a reported payment and no money, then nothing is collected and AR is as before: a report is not cash', async () => {
    const owed = of('C-1', invoiceRegistered({ invoiceId: 'A', amount: 10_000, issuedOn: '2024-02-01', dueOn: '2024-03-02' }));
    const reported = of('C-1', paymentReported({ invoiceIds: ['A'], amount: 10_000, paidOn: '2024-03-10', reportedOn: '2024-03-11' }));
    const kpisAfter = async (stored: StoredCollectionEvent[]) => {
      const readStore = await readStoreWith(await projectAll(stored));
      const kpis = await kpisOf(readStore, { from: '2024-03-01', to: '2024-03-31', currency: 'EUR' });
      await readStore.close();
      return kpis;
    };
    const withReport = await kpisAfter([...owed, ...reported]);
    expect(withReport).toMatchObject({ collected: 0, endingAr: 10_000, unappliedCash: { beginning: 0, ending: 0, endingCurrent: 0 } });
    expect(withReport).toEqual(await kpisAfter(owed));
  });
});

describe('queryKpis over a period longer than the count-back walks', () => {
  it('given sales before the ten years a count-back reads, then they are still the period’s credit sales', async () => {
    const readStore = await readStoreWith(
      await projectAll(
        of(
          'C-1',
          invoiceRegistered({ invoiceId: 'OLD', amount: 3_000, issuedOn: '2014-03-01', dueOn: '2014-03-31' }),
          paymentReceived({ paymentId: 'P-OLD', invoiceId: 'OLD', amount: 3_000, receivedOn: '2014-04-15' }),
          invoiceRegistered({ invoiceId: 'NEW', amount: 5_000, issuedOn: '2024-06-01', dueOn: '2024-07-01' }),
        ),
      ),
    );
    // The count-back walks from 2014-07 (120 months before 2024-06); the period starts earlier.
    const report = await kpisOf(readStore, { from: '2014-01-01', to: '2024-06-30', currency: 'EUR' });
    expect(report).toMatchObject({ creditSales: 8_000, collected: 3_000, endingAr: 5_000 });
    await readStore.close();
  });
});
