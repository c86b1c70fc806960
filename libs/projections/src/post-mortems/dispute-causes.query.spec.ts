import fc from 'fast-check';
import { DisputeCategory, addDays } from '@collections/domain';
import {
  deductionClaimed,
  disputeAssigned,
  disputeRaised,
  disputeResolved,
  invoiceRegistered,
} from '@collections/domain/testing/decider-specification';
import { ReadStore } from '@collections/read-store';
import { INVOICES, invoiceLedgerProjection } from '../aging/invoice-ledger.projection';
import { disputeBoardProjection } from '../disputes/disputes.projection';
import { TimeToResolve } from '../disputes/time-to-resolve';
import { readStoreWith } from '../kpis/testing/read-store-with';
import { project, storedEvent } from '../testing/project';
import { DisputedAmount, DisputedByCategory, periodOf, periodsBetween, queryDisputeCauses } from './dispute-causes.query';

const disputed = (amounts: Partial<Record<DisputeCategory, DisputedAmount>> = {}): DisputedByCategory => ({
  failed_product: { amount: 0, count: 0 },
  poor_service: { amount: 0, count: 0 },
  damaged_goods: { amount: 0, count: 0 },
  wrong_item: { amount: 0, count: 0 },
  pricing: { amount: 0, count: 0 },
  deduction: { amount: 0, count: 0 },
  ...amounts,
});

const notResolved: TimeToResolve = { resolved: 0, medianDays: null, meanDays: null, openPastTarget: 0 };
const resolvedIn = (resolved: number, medianDays: number, meanDays: number, openPastTarget = 0): TimeToResolve => ({
  resolved,
  medianDays,
  meanDays,
  openPastTarget,
});

describe('queryDisputeCauses', () => {
  let readStore: ReadStore;

  beforeAll(async () => {
    const events = [
      invoiceRegistered({ issuedOn: '2023-12-01' }),
      disputeRaised({ disputeId: 'D-0', category: 'wrong_item', amount: 700, raisedOn: '2024-01-14' }), // before the range
      disputeRaised({ disputeId: 'D-1', category: 'damaged_goods', amount: 2_000, raisedOn: '2024-02-12' }),
      disputeResolved({ disputeId: 'D-1', resolvedOn: '2024-02-20' }), // resolved disputes still count
      disputeRaised({ disputeId: 'D-2', category: 'pricing', amount: 500, raisedOn: '2024-03-31' }),
      invoiceRegistered({ invoiceId: 'INV-2' }),
      disputeRaised({ disputeId: 'D-3', invoiceId: 'INV-2', category: 'damaged_goods', amount: 1_000, raisedOn: '2024-02-28' }),
      deductionClaimed({ deductionId: 'D-4', invoiceId: 'INV-2', amount: 300, claimedOn: '2024-04-01' }),
      disputeRaised({ disputeId: 'D-5', invoiceId: 'INV-2', category: 'poor_service', amount: 900, raisedOn: '2024-07-01' }), // after it
      invoiceRegistered({ invoiceId: 'INV-3', currency: 'USD' }),
      disputeRaised({
        disputeId: 'D-6',
        invoiceId: 'INV-3',
        category: 'failed_product',
        amount: 9_999,
        currency: 'USD',
        raisedOn: '2024-02-15',
      }),
      storedEvent(invoiceRegistered(), { customerId: 'C-2' }),
      storedEvent(disputeRaised({ disputeId: 'D-1', category: 'failed_product', amount: 4_000, raisedOn: '2024-05-02' }), {
        customerId: 'C-2',
      }),
    ];
    const collections = await project(invoiceLedgerProjection, events);
    readStore = await readStoreWith(await project(disputeBoardProjection, events, collections));
  });

  afterAll(() => readStore.close());

  it('adds up disputed amounts and counts by month and complaint category, every month of the range listed', async () => {
    expect(await queryDisputeCauses(readStore, { from: '2024-01-15', to: '2024-06-30', currency: 'EUR', period: 'month' })).toEqual({
      from: '2024-01-15',
      to: '2024-06-30',
      currency: 'EUR',
      period: 'month',
      periods: [
        { period: '2024-01', categories: disputed() },
        { period: '2024-02', categories: disputed({ damaged_goods: { amount: 3_000, count: 2 } }) }, // 2,000 + 1,000
        { period: '2024-03', categories: disputed({ pricing: { amount: 500, count: 1 } }) },
        { period: '2024-04', categories: disputed({ deduction: { amount: 300, count: 1 } }) },
        { period: '2024-05', categories: disputed({ failed_product: { amount: 4_000, count: 1 } }) },
        { period: '2024-06', categories: disputed() },
      ],
      totals: disputed({
        damaged_goods: { amount: 3_000, count: 2 },
        pricing: { amount: 500, count: 1 },
        deduction: { amount: 300, count: 1 },
        failed_product: { amount: 4_000, count: 1 },
      }),
      asOf: '2024-06-30',
      timeToResolve: {
        byCategory: {
          failed_product: notResolved,
          poor_service: notResolved,
          damaged_goods: resolvedIn(1, 8, 8), // D-1: 02-12 to 02-20
          wrong_item: notResolved,
          pricing: notResolved,
          deduction: notResolved,
        },
        byOwnerTeam: [{ ownerTeam: null, ...resolvedIn(1, 8, 8) }],
      },
    });
  });

  describe('time to resolve', () => {
    // Damaged goods to logistics: resolved in 4, 9 and 10 days; one open with its target 03-01.
    // Pricing to billing: resolved in 7 days; one open with its target 03-20. Another currency's is not counted.
    const events = [
      invoiceRegistered({ issuedOn: '2023-12-01' }),
      ...[
        ['D-1', 'damaged_goods', 'logistics', '2024-02-01', '2024-02-05'],
        ['D-2', 'damaged_goods', 'logistics', '2024-02-01', '2024-02-10'],
        ['D-3', 'damaged_goods', 'logistics', '2024-02-02', '2024-02-12'],
        ['D-4', 'damaged_goods', 'logistics', '2024-02-20', undefined],
        ['D-5', 'pricing', 'billing', '2024-02-03', '2024-02-10'],
        ['D-6', 'pricing', 'billing', '2024-03-13', undefined],
      ].flatMap(([disputeId, category, ownerTeam, raisedOn, resolvedOn]) => [
        disputeRaised({ disputeId, category: category as DisputeCategory, raisedOn }),
        disputeAssigned({ disputeId, ownerTeam, targetOn: addDays(raisedOn as string, 10), assignedOn: raisedOn }),
        ...(resolvedOn === undefined ? [] : [disputeResolved({ disputeId, resolvedOn })]),
      ]),
      invoiceRegistered({ invoiceId: 'INV-U', currency: 'USD' }),
      disputeRaised({ disputeId: 'D-U', invoiceId: 'INV-U', currency: 'USD', raisedOn: '2024-02-01' }),
      disputeResolved({ disputeId: 'D-U', resolvedOn: '2024-04-01' }),
    ];
    const query = { from: '2024-01-01', to: '2024-03-31', currency: 'EUR', period: 'quarter' } as const;

    it('gives, per category and owner team, how many were resolved, the median and mean days, and how many are open past target', async () => {
      const store = await readStoreWith(await project(disputeBoardProjection, events));
      const { timeToResolve } = await queryDisputeCauses(store, { ...query, asOf: '2024-03-15' });
      // 4, 9, 10 days: median 9, mean 7.7. D-4's target (03-01) is past on 03-15, D-6's (03-23) is not.
      expect(timeToResolve.byCategory.damaged_goods).toEqual(resolvedIn(3, 9, 7.7, 1));
      expect(timeToResolve.byCategory.pricing).toEqual(resolvedIn(1, 7, 7));
      expect(timeToResolve.byOwnerTeam).toEqual([
        { ownerTeam: 'billing', ...resolvedIn(1, 7, 7) },
        { ownerTeam: 'logistics', ...resolvedIn(3, 9, 7.7, 1) },
      ]);
      const later = await queryDisputeCauses(store, { ...query, asOf: '2024-03-31' });
      expect(later.timeToResolve.byCategory.pricing.openPastTarget).toBe(1);
      const fewer = await queryDisputeCauses(store, { ...query, from: '2024-02-02' }); // D-1 and D-2 raised before
      expect(fewer.timeToResolve.byCategory.damaged_goods).toEqual(resolvedIn(1, 10, 10, 1));
      await store.close();
    });

    it('takes the middle two for an even count', async () => {
      const store = await readStoreWith(await project(disputeBoardProjection, events.slice(0, 7)));
      // D-1 and D-2: 4 and 9 days.
      expect((await queryDisputeCauses(store, query)).timeToResolve.byCategory.damaged_goods).toEqual(resolvedIn(2, 6.5, 6.5));
      await store.close();
    });
  });

  it('adds them up by quarter', async () => {
    const report = await queryDisputeCauses(readStore, { from: '2024-01-15', to: '2024-06-30', currency: 'EUR', period: 'quarter' });
    expect(report.periods).toEqual([
      { period: '2024-Q1', categories: disputed({ damaged_goods: { amount: 3_000, count: 2 }, pricing: { amount: 500, count: 1 } }) },
      { period: '2024-Q2', categories: disputed({ deduction: { amount: 300, count: 1 }, failed_product: { amount: 4_000, count: 1 } }) },
    ]);
  });

  it('puts each month in its quarter inside the pipeline as periodOf does', async () => {
    const months = Array.from({ length: 12 }, (_, index) => `2024-${String(index + 1).padStart(2, '0')}-15`);
    const collections = await project(invoiceLedgerProjection, [
      invoiceRegistered(),
      ...months.map((raisedOn, index) => disputeRaised({ disputeId: `D-${index}`, category: 'pricing', amount: 1, raisedOn })),
    ]);
    const twelveMonths = await readStoreWith(collections);
    const report = await queryDisputeCauses(twelveMonths, { from: '2024-01-01', to: '2024-12-31', currency: 'EUR', period: 'quarter' });
    await twelveMonths.close();
    expect(report.periods.map(({ period, categories }) => [period, categories.pricing.count])).toEqual([
      ['2024-Q1', 3],
      ['2024-Q2', 3],
      ['2024-Q3', 3],
      ['2024-Q4', 3],
    ]);
  });

  it('refuses a range that ends before it starts', async () => {
    await expect(queryDisputeCauses(readStore, { from: '2024-02-01', to: '2024-01-31', currency: 'EUR', period: 'month' })).rejects.toThrow(
      RangeError,
    );
  });

  it.each([
    ['2024-01-31', 'month', '2024-01'],
    ['2024-03-31', 'quarter', '2024-Q1'],
    ['2024-04-01', 'quarter', '2024-Q2'],
    ['2024-12-31', 'quarter', '2024-Q4'],
  ] as const)('puts %s in the %s %s', (date, period, expected) => {
    expect(periodOf(date, period)).toBe(expected);
  });

  it('lists the periods a range overlaps, across a year end', () => {
    expect(periodsBetween('2023-11-15', '2024-02-01', 'month')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(periodsBetween('2023-11-15', '2024-02-01', 'quarter')).toEqual(['2023-Q4', '2024-Q1']);
    expect(periodsBetween('2024-05-02', '2024-05-03', 'quarter')).toEqual(['2024-Q2']);
  });

  it('writes every year with four digits, so years before 1000 name their periods as periodOf does', () => {
    expect(periodsBetween('0999-12-01', '1000-01-31', 'month')).toEqual(['0999-12', '1000-01']);
  });

  it('ends its walk at the last month whatever the years look like as text (9999 → 10000 once looped for ever)', () => {
    expect(periodsBetween('9999-06-01', '9999-12-31', 'month')).toHaveLength(7);
    expect(periodsBetween('9999-06-01', '9999-12-31', 'quarter')).toEqual(['9999-Q2', '9999-Q3', '9999-Q4']);
  });

  it('given a stored dispute whose date names no period of the range, then it counts in the totals and indexes no period (once: 500)', async () => {
    const collections = await project(invoiceLedgerProjection, [invoiceRegistered({ issuedOn: '2023-12-01' })]);
    const store = await readStoreWith(collections);
    const [invoice] = await store.collection(INVOICES).find({});
    const odd = { disputeId: 'D-ODD', amount: 400, category: 'pricing', raisedOn: '2024-1/-01', resolvedOn: null };
    const unknownCategory = { disputeId: 'D-NEW', amount: 50, category: 'a-later-category', raisedOn: '2024-02-01', resolvedOn: null };
    await store
      .collection(INVOICES)
      .bulkWrite([{ replaceOne: { filter: { _id: invoice._id }, replacement: { ...invoice, disputes: [odd, unknownCategory] } } }]);

    const report = await queryDisputeCauses(store, { from: '2024-01-01', to: '2024-12-31', currency: 'EUR', period: 'month' });

    expect(report.periods).toHaveLength(12);
    expect(report.periods.every(({ categories }) => categories.pricing.count === 0)).toBe(true);
    expect(report.totals.pricing).toEqual({ amount: 400, count: 1 });
    expect(Object.keys(report.totals)).not.toContain('a-later-category');
    await store.close();
  });

  it('lists, for any range, exactly the periods of its days, once each and in order (property)', () => {
    const day = fc.integer({ min: 0, max: 2_932_000 }).map((offset) => addDays('0000-01-01', offset));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), fc.constantFrom('month' as const, 'quarter' as const), (from, span, period) => {
        const to = addDays(from, span);
        const listed = periodsBetween(from, to, period);
        const expected = [...new Set(Array.from({ length: span + 1 }, (_, index) => periodOf(addDays(from, index), period)))];
        expect(listed).toEqual(expected);
      }),
    );
  });
});
