import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { AccountState, CollectionEvent, decide, evolve, initialState } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ALL_PROJECTIONS, queryKpis, recomputeKpis } from '@collections/projections';
import { ProjectedCollections, project, storedEvent } from '../../libs/projections/src/testing/project';
import { ReadStore } from '@collections/read-store';
import { planIbmArImport, readIbmAr } from '../../apps/cli/src/import/ibm-ar';
import { readStoreWith } from '../../libs/projections/src/kpis/testing/read-store-with';

/** CI clones the repository next to `shared/`. */
const IBM_FILE = join(__dirname, '../../../shared/data/ibm-accounts-receivable.csv');

/**
 * The IBM accounts-receivable sample (2012–2013, one currency), read and planned by the CLI
 * importer's own functions, each customer's commands through the decider, every read model
 * projected: the fast KPIs equal the full recomputation for every quarter and a few months.
 */
describe('the fast KPIs equal the full recomputation on the IBM file', () => {
  let readStore: ReadStore;

  beforeAll(async () => {
    const file = await readIbmAr(createReadStream(IBM_FILE), 'USD');
    expect(file.invoices.length).toBeGreaterThan(2_000);
    const states = new Map<string, AccountState>();
    const stored: StoredCollectionEvent[] = [];
    for (const { customerId, command } of planIbmArImport(file.invoices, 'USD')) {
      const events: CollectionEvent[] = decide(command, states.get(customerId) ?? initialState());
      states.set(customerId, events.reduce(evolve, states.get(customerId) ?? initialState()));
      for (const event of events) stored.push(storedEvent(event, { customerId, position: stored.length + 1 }));
    }
    const collections: ProjectedCollections = new Map();
    for (const projection of ALL_PROJECTIONS) await project(projection, stored, collections);
    readStore = await readStoreWith(collections);
  }, 60_000);
  afterAll(() => readStore.close());

  const quarters = ['2012-01', '2012-04', '2012-07', '2012-10', '2013-01', '2013-04', '2013-07', '2013-10'].map((start) => {
    const [year, month] = start.split('-').map(Number);
    const end = new Date(Date.UTC(year, month + 2, 0)).toISOString().slice(0, 10);
    return { from: `${start}-01`, to: end };
  });
  const months = [
    { from: '2012-06-01', to: '2012-06-30' },
    { from: '2013-02-01', to: '2013-02-28' },
    { from: '2013-12-01', to: '2013-12-31' },
  ];

  it.each([...quarters, ...months])('given $from to $to, then both give the same report, with money in it', async (period) => {
    const query = { ...period, currency: 'USD' };
    const fast = await queryKpis(readStore, query);
    expect(fast).toEqual(await recomputeKpis(readStore, query));
    expect(fast.creditSales).toBeGreaterThan(0);
    for (const { percent } of fast.rollRates) if (percent !== null) expect(percent).toBeLessThanOrEqual(100);
  });
});
