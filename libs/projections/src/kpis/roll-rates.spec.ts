import fc from 'fast-check';
import { BusinessDate, CollectionEvent, addDays } from '@collections/domain';
import {
  cashApplied,
  cashUnapplied,
  invoiceRegistered,
  paymentReceived,
  unappliedCashReceived,
} from '@collections/domain/testing/decider-specification';
import { ReadStore } from '@collections/read-store';
import { InvoiceDocument, InvoiceMovement } from '../aging/invoice-ledger.projection';
import { ALL_PROJECTIONS } from '../all-projections';
import { ProjectedCollections, project } from '../testing/project';
import { rollRatesOfInvoices } from './kpis';
import { queryKpis } from './kpis.query';
import { recomputeKpis } from './kpis.recompute';
import { readStoreWith } from './testing/read-store-with';

/**
 * The quarter April–June 2024 in EUR: the roll window is 2024-05-31 (start) to 2024-06-30 (end).
 *
 * | invoice | amount | issued     | due        | at the start (05-31)      | in the window                                 | at the end (06-30)       |
 * |---------|--------|------------|------------|---------------------------|-----------------------------------------------|--------------------------|
 * | A       | 10,000 | 2024-04-01 | 2024-05-01 | 10,000 in 1-30 (30 days)  | 4,000 paid 06-10                              | 6,000 in 31-60           |
 * | B       |  8,000 | 2024-03-01 | 2024-03-31 | 3,000 in 61-90 (61 days)  | 1,000 paid 06-05; the 5,000 applied 05-20 reversed 06-15 | 7,000 in 90+ |
 * | C       |  7,000 | 2024-06-05 | 2024-06-20 | not issued yet            | new                                           | 7,000 in 1-30            |
 * | D       |  5,000 | 2024-05-10 | 2024-06-09 | 5,000 current             | 1,000 paid 06-12                              | 4,000 in 1-30            |
 * | E       |  2,000 | 2024-01-01 | 2024-01-31 | 2,000 in 90+              |                                               | 2,000 in 90+             |
 */
const book: CollectionEvent[] = [
  invoiceRegistered({ invoiceId: 'A', amount: 10_000, issuedOn: '2024-04-01', dueOn: '2024-05-01' }),
  invoiceRegistered({ invoiceId: 'B', amount: 8_000, issuedOn: '2024-03-01', dueOn: '2024-03-31' }),
  invoiceRegistered({ invoiceId: 'D', amount: 5_000, issuedOn: '2024-05-10', dueOn: '2024-06-09' }),
  invoiceRegistered({ invoiceId: 'E', amount: 2_000, issuedOn: '2024-01-01', dueOn: '2024-01-31' }),
  unappliedCashReceived({ paymentId: 'PAY-1', amount: 5_000, receivedOn: '2024-05-20' }),
  cashApplied({ paymentId: 'PAY-1', applicationId: 'APP-1', allocations: [{ invoiceId: 'B', amount: 5_000 }], appliedOn: '2024-05-20' }),
  invoiceRegistered({ invoiceId: 'C', amount: 7_000, issuedOn: '2024-06-05', dueOn: '2024-06-20' }),
  paymentReceived({ paymentId: 'P-B', invoiceId: 'B', amount: 1_000, receivedOn: '2024-06-05' }),
  paymentReceived({ paymentId: 'P-A', invoiceId: 'A', amount: 4_000, receivedOn: '2024-06-10' }),
  paymentReceived({ paymentId: 'P-D', invoiceId: 'D', amount: 1_000, receivedOn: '2024-06-12' }),
  cashUnapplied({
    paymentId: 'PAY-1',
    applicationId: 'APP-1',
    allocations: [{ invoiceId: 'B', amount: 5_000 }],
    unappliedOn: '2024-06-15',
  }),
];

describe('roll rates: of the money in a bucket at the start of the window, the share found in the next one at its end', () => {
  const quarter = { from: '2024-04-01', to: '2024-06-30', currency: 'EUR' };
  let readStore: ReadStore;

  beforeAll(async () => {
    const collections: ProjectedCollections = new Map();
    for (const projection of ALL_PROJECTIONS) await project(projection, book, collections);
    readStore = await readStoreWith(collections);
  });
  afterAll(() => readStore.close());

  it('given a payment, a reopening, a new invoice and money already past 90, when the KPIs are asked, then each roll follows the same money', async () => {
    const expected = [
      // D: 5,000 current at the start, 4,000 of it in 1-30 at the end. C was not issued at the start: it rolled from nowhere.
      { from: 'current', to: '1-30', percent: 80 },
      // A: 10,000 in 1-30 at the start, 6,000 of it in 31-60 at the end.
      { from: '1-30', to: '31-60', percent: 60 },
      { from: '31-60', to: '61-90', percent: null }, // nothing was in 31-60 at the start
      // B: 3,000 in 61-90 at the start; 7,000 in 90+ at the end, but only min(3,000, 7,000) is money that rolled.
      // E was in 90+ already. The bucket totals would have said (7,000 + 2,000) / 3,000 = 300%.
      { from: '61-90', to: '90+', percent: 100 },
    ];
    expect((await queryKpis(readStore, quarter)).rollRates).toEqual(expected);
    expect((await recomputeKpis(readStore, quarter)).rollRates).toEqual(expected);
  });

  it('given the same book, then the fast KPIs are the full recomputation', async () => {
    for (const to of ['2024-04-30', '2024-05-31', '2024-06-15', '2024-06-30', '2024-07-31']) {
      const query = { ...quarter, to };
      expect(await queryKpis(readStore, query)).toEqual(await recomputeKpis(readStore, query));
    }
  });
});

describe('roll rates are bounded', () => {
  const END: BusinessDate = '2024-06-30';
  const day = (offset: number): BusinessDate => addDays('2024-01-01', offset);

  /** An invoice whose balance never goes below zero nor above its amount: payments, and reopenings of what was paid. */
  const invoice = fc
    .record({
      issued: fc.integer({ min: 0, max: 240 }),
      terms: fc.integer({ min: 0, max: 90 }),
      amount: fc.integer({ min: 1, max: 1_000_000 }),
      changes: fc.array(fc.record({ after: fc.integer({ min: 0, max: 200 }), share: fc.double({ min: 0, max: 1, noNaN: true }) }), {
        maxLength: 6,
      }),
    })
    .map(({ issued, terms, amount, changes }): InvoiceDocument => {
      let open = amount;
      const movements: InvoiceMovement[] = [...changes]
        .sort((a, b) => a.after - b.after)
        .map(({ after, share }, n) => {
          // Alternately pays part of what is open and reopens part of what was paid.
          const reopens = n % 2 === 1;
          const room = reopens ? amount - open : open;
          const moved = Math.floor(room * share);
          open += reopens ? moved : -moved;
          const recordedAt = `${day(issued + after)}T09:00:00.000Z`;
          return { on: day(issued + after), kind: reopens ? 'cash_unapplied' : 'payment', amount: moved, reference: `M-${n}`, recordedAt };
        });
      return {
        _id: 'C-1/INV-1',
        customerId: 'C-1',
        invoiceId: 'INV-1',
        currency: 'EUR',
        amount,
        issuedOn: day(issued),
        dueOn: day(issued + terms),
        movements,
        disputes: [],
        balance: open,
        settledOn: null,
        recordedAt: `${day(issued)}T09:00:00.000Z`,
        lastRecordedAt: movements.reduce(
          (latest, { recordedAt }) => (recordedAt > latest ? recordedAt : latest),
          `${day(issued)}T09:00:00.000Z`,
        ),
      };
    });

  it('given any invoices paid and reopened in any order, then every roll rate is between 0 and 100', () => {
    fc.assert(
      fc.property(fc.array(invoice, { maxLength: 30 }), (invoices) => {
        for (const { percent } of rollRatesOfInvoices(invoices, END)) {
          if (percent === null) continue;
          expect(percent).toBeGreaterThanOrEqual(0);
          expect(percent).toBeLessThanOrEqual(100);
        }
      }),
    );
  });
});
