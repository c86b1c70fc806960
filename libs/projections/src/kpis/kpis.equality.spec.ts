import { CurrencyCode } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadStore } from '@collections/read-store';
import { SimulatedBook } from '@collections/simulation';
import { runInMemory } from '@collections/simulation/testing/in-memory-run';
import { CUSTOMER_COLLECTORS } from './promise.projection';
import { ALL_PROJECTIONS } from '../all-projections';
import { ProjectedCollections, project, storedEvent } from '../testing/project';
import { queryKpis } from './kpis.query';
import { recomputeKpis } from './kpis.recompute';
import { readStoreWith } from './testing/read-store-with';

/**
 * The fast KPIs against the full recomputation on a simulated book: two books of customers driven
 * through nine months of collection by the default policy (one in EUR, one in USD, their customers
 * kept apart by a prefix), every read model projected as the projector would. Every report, for
 * every period asked, must be the same, field by field.
 */
const DAYS = 270;

function simulatedEvents(currency: CurrencyCode, seed: number, prefix: string, firstPosition: number): StoredCollectionEvent[] {
  const run = runInMemory(new SimulatedBook({ customers: 150, days: DAYS, seed, currency, startOn: '2025-01-01' }));
  const stored: StoredCollectionEvent[] = [];
  for (const [customerId, events] of run.events) {
    for (const { event } of events) {
      stored.push(storedEvent(event, { customerId: `${prefix}${customerId}`, position: firstPosition + stored.length }));
    }
  }
  return stored;
}

describe('the fast KPIs equal the full recomputation on a simulated book', () => {
  let readStore: ReadStore;
  let collectors: string[];
  let eventTypes: Set<string>;

  beforeAll(async () => {
    const eur = simulatedEvents('EUR', 11, 'E-', 1);
    const events = [...eur, ...simulatedEvents('USD', 12, 'U-', eur.length + 1)];
    eventTypes = new Set(events.map(({ event }) => event.type));
    const collections: ProjectedCollections = new Map();
    for (const projection of ALL_PROJECTIONS) await project(projection, events, collections);
    readStore = await readStoreWith(collections);
    const assigned = await readStore.collection<{ _id: string; collectorId: string }>(CUSTOMER_COLLECTORS).find({});
    collectors = [...new Set(assigned.map(({ collectorId }) => collectorId))].sort();
  }, 120_000);
  afterAll(() => readStore.close());

  it('given a book that pays, promises, disputes and is written off, then it holds what the KPIs count', () => {
    for (const type of ['InvoiceRegistered', 'PaymentReceived', 'PromiseKept', 'PromiseBroken', 'WrittenOff', 'CollectorAssigned']) {
      expect(eventTypes).toContain(type);
    }
  });

  const periods = [
    { from: '2025-01-01', to: '2025-01-31' },
    { from: '2025-01-01', to: '2025-03-31' },
    { from: '2025-02-15', to: '2025-05-14' },
    { from: '2025-04-01', to: '2025-06-30' },
    { from: '2025-07-01', to: '2025-09-30' },
    { from: '2025-09-01', to: '2025-12-31' },
    { from: '2024-12-01', to: '2024-12-31' },
  ];

  it.each(['EUR', 'USD', 'GBP'])('given the whole book in %s, then every period gives the same report both ways', async (currency) => {
    for (const period of periods) {
      const query = { ...period, currency };
      expect(await queryKpis(readStore, query)).toEqual(await recomputeKpis(readStore, query));
    }
  });

  it('given a collector, then the report is the full recomputation over their customers', async () => {
    expect(collectors.length).toBeGreaterThan(0);
    const query = { from: '2025-04-01', to: '2025-06-30', currency: 'EUR', collectorId: collectors[0] };
    const report = await queryKpis(readStore, query);
    expect(report).toEqual(await recomputeKpis(readStore, query));
    // Their customers are part of the book, not all of it.
    const whole = await queryKpis(readStore, { from: query.from, to: query.to, currency: 'EUR' });
    expect(report.creditSales).toBeGreaterThan(0);
    expect(report.creditSales).toBeLessThan(whole.creditSales);
  });

  it('given a quarter with money in every bucket, then its roll rates are real shares of it', async () => {
    const { rollRates } = await queryKpis(readStore, { from: '2025-04-01', to: '2025-06-30', currency: 'EUR' });
    expect(rollRates.filter(({ percent }) => percent !== null && percent > 0 && percent < 100).length).toBeGreaterThan(1);
  });
});
