import { addDays } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadStore } from '@collections/read-store';
import { SimulatedBook } from '@collections/simulation';
import { runInMemory } from '@collections/simulation/testing/in-memory-run';
import { queryAging } from './aging/aging.query';
import { invoiceLedgerProjection } from './aging/invoice-ledger.projection';
import { cashProjection } from './cash/cash.projection';
import { kpiDaysProjection } from './kpis/kpi-days.projection';
import { queryKpis } from './kpis/kpis.query';
import { promiseProjection } from './kpis/promise.projection';
import { readStoreWith } from './kpis/testing/read-store-with';
import { project, storedEvent } from './testing/project';

/**
 * What "as known at" means, checked on a generated book: the figures as known at an instant over
 * every event are the figures of a store that only ever received the events recorded by then.
 *
 * A simulated book of 60 customers over 120 days, each event recorded on its day or, for cash,
 * promise outcomes and dispute resolutions, up to a week later (late postings, back-dated); a
 * customer's events are recorded in their stream's order.
 */
const book = new SimulatedBook({ customers: 60, days: 120, seed: 11 });
const LATE_KINDS = new Set(['PaymentReceived', 'CashApplied', 'UnappliedCashReceived', 'PromiseKept', 'PromiseBroken', 'DisputeResolved']);

function recordedBook(): StoredCollectionEvent[] {
  const run = runInMemory(book);
  const recorded: StoredCollectionEvent[] = [];
  let position = 0;
  for (const [customerId, events] of run.events) {
    let last = '';
    events.forEach(({ on, event }, index) => {
      // A deterministic delay of 0–7 days for some kinds: about one in three is posted late.
      const delay = LATE_KINDS.has(event.type) && (index * 7 + customerId.length) % 3 === 0 ? index % 8 : 0;
      const instant = `${addDays(on, delay)}T09:00:${String(index % 60).padStart(2, '0')}.000Z`;
      last = instant > last ? instant : last; // in stream order: never before the event before it
      recorded.push(storedEvent(event, { customerId, position: ++position, revision: index, recordedAt: last }));
    });
  }
  return recorded;
}

async function storeOf(events: StoredCollectionEvent[]): Promise<ReadStore> {
  const collections = await project(invoiceLedgerProjection, events);
  await project(cashProjection, events, collections);
  await project(promiseProjection, events, collections);
  // The fast KPIs (without knownAt) read the per-day sums.
  await project(kpiDaysProjection, events, collections);
  return readStoreWith(collections);
}

describe('as known at an instant, on a generated book', () => {
  const events = recordedBook();
  const start = book.dates()[0];
  const instants = [30, 61, 92].map((days) => `${addDays(start, days)}T00:00:00.000Z`);
  let everything: ReadStore;

  beforeAll(async () => {
    everything = await storeOf(events);
  });
  afterAll(() => everything.close());

  it('given late postings, then some events are recorded after the day they happened, and month-end figures as known then differ from restated ones', async () => {
    const late = events.filter(({ metadata }) => metadata.recordedAt.slice(0, 10) > metadata.occurredAt);
    expect(late.length).toBeGreaterThan(50);
    const restatements = [];
    for (const knownAt of instants) {
      const asOf = addDays(knownAt.slice(0, 10), -1);
      const { knownAt: said, ...asKnown } = await queryAging(everything, { asOf, currency: 'EUR', knownAt });
      restatements.push(JSON.stringify(asKnown) !== JSON.stringify(await queryAging(everything, { asOf, currency: 'EUR' })) && said);
    }
    expect(restatements.filter(Boolean)).not.toEqual([]);
  });

  it.each(instants)(
    'given the instant %s, then aging and KPIs as known then equal those of a store holding only what was recorded by then',
    async (knownAt) => {
      const then = await storeOf(events.filter(({ metadata }) => metadata.recordedAt <= knownAt));
      try {
        const day = knownAt.slice(0, 10);
        for (const asOf of [addDays(day, -45), addDays(day, -10), addDays(day, -1), day]) {
          const { knownAt: said, ...asKnown } = await queryAging(everything, { asOf, currency: 'EUR', knownAt });
          expect(said).toBe(knownAt);
          expect(asKnown).toEqual(await queryAging(then, { asOf, currency: 'EUR' }));
        }
        for (const [from, to] of [
          [addDays(day, -30), addDays(day, -1)],
          [addDays(day, -60), day],
        ]) {
          const { knownAt: said, ...asKnown } = await queryKpis(everything, { from, to, currency: 'EUR', knownAt });
          expect(said).toBe(knownAt);
          expect(asKnown).toEqual(await queryKpis(then, { from, to, currency: 'EUR' }));
        }
      } finally {
        await then.close();
      }
    },
  );

  it('given an instant after every event, then aging and KPIs as known then are the restated ones', async () => {
    const end = book.dates().at(-1)!;
    const after = `${addDays(end, 30)}T00:00:00.000Z`;
    for (const asOf of [addDays(end, -60), end]) {
      const { knownAt, ...asKnown } = await queryAging(everything, { asOf, currency: 'EUR', knownAt: after });
      expect(knownAt).toBe(after);
      expect(asKnown).toEqual(await queryAging(everything, { asOf, currency: 'EUR' }));
    }
    const { knownAt, ...asKnown } = await queryKpis(everything, { from: addDays(end, -89), to: end, currency: 'EUR', knownAt: after });
    expect(knownAt).toBe(after);
    expect(asKnown).toEqual(await queryKpis(everything, { from: addDays(end, -89), to: end, currency: 'EUR' }));
  });
});
