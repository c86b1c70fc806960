import { invoiceRegistered, paymentReceived, unappliedCashReceived } from '@collections/domain/testing/decider-specification';
import { INVOICES, InvoiceDocument, invoiceLedgerProjection } from '../aging/invoice-ledger.projection';
import { UNAPPLIED_CASH, UnappliedCashDocument, cashProjection } from '../cash/cash.projection';
import { documentsOf, project, storedEvent } from '../testing/project';
import {
  agingBucketsOfInvoices,
  averageDaysDelinquent,
  bestPossibleDso,
  collectionEffectivenessIndex,
  countBackDso,
  COUNT_BACK_MONTHS,
  countBackMonths,
  countBackStart,
  daysInPeriod,
  dso,
  promiseKeptRate,
  round2,
  totalOfBuckets,
  unappliedCashAgainstAr,
} from './kpis';

describe('the KPI formulas', () => {
  it('counts both ends of a period', () => {
    expect(daysInPeriod('2024-01-01', '2024-01-31')).toBe(31);
    expect(daysInPeriod('2024-02-01', '2024-02-29')).toBe(29);
    expect(daysInPeriod('2024-03-15', '2024-03-15')).toBe(1);
  });

  it('rounds to 2 decimals and never answers -0', () => {
    expect(round2(10 / 3)).toBe(3.33);
    expect(round2(2 / 3)).toBe(0.67);
    expect(Object.is(round2(-0.001), 0)).toBe(true);
  });

  describe('DSO, best possible DSO and average days delinquent', () => {
    it('DSO = ending AR / credit sales × days', () => {
      expect(dso(45_000, 90_000, 31)).toBe(15.5); // 45,000 / 90,000 × 31
      expect(dso(10_000, 30_000, 31)).toBe(10.33); // 10.333…
      expect(dso(0, 30_000, 31)).toBe(0);
    });

    it('best possible DSO = current AR / credit sales × days; ADD = DSO − best possible DSO', () => {
      expect(bestPossibleDso(27_000, 90_000, 31)).toBe(9.3); // 27,000 / 90,000 × 31
      expect(averageDaysDelinquent(15.5, 9.3)).toBe(6.2); // 15.5 − 9.3
    });

    it('is null without credit sales, and so is ADD', () => {
      expect(dso(45_000, 0, 31)).toBeNull();
      expect(bestPossibleDso(0, 0, 31)).toBeNull();
      expect(averageDaysDelinquent(null, null)).toBeNull();
      expect(averageDaysDelinquent(15.5, null)).toBeNull();
    });
  });

  describe('count-back DSO', () => {
    it('walks back from the month of `to`, counted only up to `to`', () => {
      const months = countBackMonths(
        '2024-03-15',
        new Map([
          ['2024-01', 30_000],
          ['2024-03', 40_000],
          ['2024-02', 50_000],
        ]),
      );
      expect(months).toEqual([
        { month: '2024-03', days: 15, creditSales: 40_000 },
        { month: '2024-02', days: 29, creditSales: 50_000 },
        { month: '2024-01', days: 31, creditSales: 30_000 },
      ]);
      // AR 100,000: March takes 40,000 (15 days, 60,000 left), February 50,000 (29 days, 10,000 left),
      // January adds 10,000 / 30,000 × 31 = 10.33: 15 + 29 + 10.33.
      expect(countBackDso(100_000, months)).toBe(54.33);
      // AR 40,000 is exactly March's sales: 40,000 / 40,000 × 15.
      expect(countBackDso(40_000, months)).toBe(15);
      // AR 30,000 lies inside March: 30,000 / 40,000 × 15 = 11.25.
      expect(countBackDso(30_000, months)).toBe(11.25);
    });

    it('names months of any year with four digits and counts their days by the proleptic calendar (years 0–99 are not 19xx)', () => {
      const months = countBackMonths(
        '0004-03-10',
        new Map([
          ['0004-02', 100],
          ['0003-12', 100],
        ]),
      );
      expect(months.map(({ month, days }) => [month, days])).toEqual([
        ['0004-03', 10],
        ['0004-02', 29],
        ['0004-01', 31],
        ['0003-12', 31],
      ]);
      expect(months[1].creditSales).toBe(100);
    });

    it(`walks back at most ${COUNT_BACK_MONTHS} months however old the oldest sale, and starts its query there`, () => {
      const months = countBackMonths('2024-03-15', new Map([['1900-01', 1]]));
      expect(months).toHaveLength(COUNT_BACK_MONTHS);
      expect(months.at(-1)?.month).toBe('2014-04');
      expect(countBackStart('2024-03-15')).toBe('2014-04-01');
      expect(countBackStart('2024-12-31')).toBe('2015-01-01');
    });

    it('walks through months without sales, across a year end', () => {
      const months = countBackMonths(
        '2024-03-15',
        new Map([
          ['2024-03', 40_000],
          ['2023-12', 80_000],
        ]),
      );
      expect(months.map(({ month, days, creditSales }) => [month, days, creditSales])).toEqual([
        ['2024-03', 15, 40_000],
        ['2024-02', 29, 0],
        ['2024-01', 31, 0],
        ['2023-12', 31, 80_000],
      ]);
      // 100,000 − 40,000 = 60,000 left after 15 days; February and January add 29 + 31 = 60 days;
      // December adds 60,000 / 80,000 × 31 = 23.25: 15 + 60 + 23.25.
      expect(countBackDso(100_000, months)).toBe(98.25);
    });

    it('is 0 without AR and null when the AR outlasts the sales history', () => {
      const months = countBackMonths('2024-03-31', new Map([['2024-03', 40_000]]));
      expect(countBackDso(0, months)).toBe(0);
      expect(countBackDso(50_000, months)).toBeNull();
      expect(countBackMonths('2024-03-31', new Map())).toEqual([{ month: '2024-03', days: 31, creditSales: 0 }]);
    });
  });

  describe('collection effectiveness index', () => {
    it('CEI = (beginning AR + sales − ending AR) / (beginning AR + sales − ending current AR) × 100', () => {
      // (50,000 + 90,000 − 45,000) / (50,000 + 90,000 − 27,000) × 100 = 95,000 / 113,000 × 100 = 84.07…
      expect(collectionEffectivenessIndex({ beginningAr: 50_000, creditSales: 90_000, endingAr: 45_000, endingCurrentAr: 27_000 })).toBe(
        84.07,
      );
      // Everything collected that could be: (10,000 + 0 − 0) / (10,000 + 0 − 0) × 100.
      expect(collectionEffectivenessIndex({ beginningAr: 10_000, creditSales: 0, endingAr: 0, endingCurrentAr: 0 })).toBe(100);
    });

    it('is null when nothing was collectible', () => {
      expect(collectionEffectivenessIndex({ beginningAr: 0, creditSales: 20_000, endingAr: 20_000, endingCurrentAr: 20_000 })).toBeNull();
    });
  });

  describe('promise-kept rate', () => {
    it('= kept / (kept + broken) × 100', () => {
      expect(promiseKeptRate(3, 1)).toBe(75);
      expect(promiseKeptRate(1, 2)).toBe(33.33);
      expect(promiseKeptRate(0, 4)).toBe(0);
    });

    it('is null when no promise came due and was resolved', () => {
      expect(promiseKeptRate(0, 0)).toBeNull();
    });
  });

  it('ages invoice documents as of a date', async () => {
    const collections = await project(invoiceLedgerProjection, [
      invoiceRegistered(), // 10,000 due 2024-02-09
      invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-02-01', dueOn: '2024-03-02' }),
      paymentReceived({ amount: 4_000, receivedOn: '2024-03-01' }),
    ]);
    const invoices = documentsOf(collections, INVOICES) as InvoiceDocument[];
    // 2024-03-10: INV-1 is 30 days past due with 6,000 open; INV-2 is 8 days past due.
    const buckets = agingBucketsOfInvoices(invoices, '2024-03-10');
    expect(buckets).toEqual({ current: 0, '1-30': 12_000, '31-60': 0, '61-90': 0, '90+': 0 });
    expect(totalOfBuckets(buckets)).toBe(12_000);
    // 2024-01-31: only INV-1 was issued, not yet due.
    expect(agingBucketsOfInvoices(invoices, '2024-01-31')).toEqual({ current: 10_000, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 });
  });

  it('counts unapplied cash against what its customer owes, overdue first, then current, and no further', async () => {
    const events = [
      invoiceRegistered(), // C-1: 10,000 due 2024-02-09
      invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-02-01', dueOn: '2024-03-02' }),
      unappliedCashReceived({ amount: 13_000, receivedOn: '2024-02-20' }),
      storedEvent(unappliedCashReceived({ paymentId: 'PAY-9', amount: 700 }), { customerId: 'C-2', position: 9 }),
    ];
    const collections = await project(invoiceLedgerProjection, events);
    await project(cashProjection, events, collections);
    const invoices = documentsOf(collections, INVOICES) as InvoiceDocument[];
    const cash = documentsOf(collections, UNAPPLIED_CASH) as UnappliedCashDocument[];
    // 02-20: INV-1 10,000 overdue takes 10,000, INV-2 6,000 current takes 3,000; C-2 owes nothing, its 700 counts for nothing.
    expect(unappliedCashAgainstAr(invoices, cash, '2024-02-20')).toEqual({ total: 13_000, current: 3_000 });
    // 03-10: both overdue, 16,000 open: all 13,000 against overdue AR.
    expect(unappliedCashAgainstAr(invoices, cash, '2024-03-10')).toEqual({ total: 13_000, current: 0 });
    // Before the cash came: nothing.
    expect(unappliedCashAgainstAr(invoices, cash, '2024-02-19')).toEqual({ total: 0, current: 0 });
  });
});
