/**
 * The query half of `npm run bench:read`, in a process of its own: it opens the read store the
 * catch-up left (every document loaded, as the api does on start) and measures p50/p95 latencies
 * of the worklist, aging-as-of and KPI queries. Figures are printed, never asserted.
 * Usage: node -r @swc-node/register bench/read-queries.ts <read-models.sqlite> <collectors>
 */
import { isDeepStrictEqual } from 'node:util';
import { queryAging, queryKpis, queryWorklist, recomputeKpis } from '@collections/projections';
import { EmbeddedReadStore, ReadStore } from '@collections/read-store';

const SAMPLES = 200;

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/**
 * p50 and p95 of `samples` runs, after one run of each distinct input (`distinct`): a server that
 * has been answering, not one on its first request for each collector.
 */
async function latencies(
  run: (i: number) => Promise<unknown>,
  { samples = SAMPLES, distinct = 1 }: { samples?: number; distinct?: number } = {},
): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < distinct; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = process.hrtime.bigint();
    await run(i);
    times.push(seconds(started) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(samples * 0.5)], p95: times[Math.floor(samples * 0.95)] };
}

async function openInvoices(readStore: ReadStore): Promise<number> {
  return readStore.collection('invoices').countDocuments({ balance: { $gt: 0 } });
}

async function measureQueries(file: string, collectors: number): Promise<void> {
  const started = process.hrtime.bigint();
  const reopened = new EmbeddedReadStore(file);
  console.log(`read store reopened (documents loaded) in ${seconds(started).toFixed(2)} s`);

  console.log(`queries with ${format(await openInvoices(reopened))} open invoices, ${collectors} collectors, ${SAMPLES} runs each:`);
  const worklist = await latencies((i) => queryWorklist(reopened, { collectorId: `collector-${i % collectors}`, today: '2024-10-15' }), {
    distinct: collectors,
  });
  console.log(`  worklist     p50 ${worklist.p50.toFixed(1)} ms  p95 ${worklist.p95.toFixed(1)} ms (target p95 <= 20 ms)`);
  const asOfDates = ['2024-01-31', '2024-03-15', '2024-05-31', '2024-07-15', '2024-09-30', '2024-12-31'];
  const aging = await latencies((i) => queryAging(reopened, { asOf: asOfDates[i % asOfDates.length], currency: 'EUR' }));
  console.log(`  aging as of  p50 ${aging.p50.toFixed(1)} ms  p95 ${aging.p95.toFixed(1)} ms (target p95 <= 200 ms)`);
  const quarter = { from: '2024-04-01', to: '2024-06-30', currency: 'EUR' };
  const kpis = await latencies(() => queryKpis(reopened, quarter));
  console.log(
    `  KPIs         p50 ${kpis.p50.toFixed(1)} ms  p95 ${kpis.p95.toFixed(1)} ms (a quarter, from the per-day sums; target p95 <= 100 ms)`,
  );
  // A collector's are recomputed from their own customers' documents (a per-day sum cannot follow a reassignment).
  const ofCollector = await latencies((i) => queryKpis(reopened, { ...quarter, collectorId: `collector-${i % collectors}` }), {
    samples: 50,
    distinct: collectors,
  });
  console.log(
    `  KPIs of one collector  p50 ${ofCollector.p50.toFixed(1)} ms  p95 ${ofCollector.p95.toFixed(1)} ms (a quarter of ~2,000 customers, 50 runs; target p95 <= 100 ms)`,
  );
  // The full recomputation scans the period's invoices: fewer runs.
  const full = await latencies(() => recomputeKpis(reopened, quarter), { samples: 10 });
  const same = isDeepStrictEqual(await queryKpis(reopened, quarter), await recomputeKpis(reopened, quarter));
  console.log(
    `  KPIs (full)  p50 ${full.p50.toFixed(1)} ms  p95 ${full.p95.toFixed(1)} ms (the same quarter recomputed from the invoices, 10 runs; same report: ${same ? 'yes' : 'NO'})`,
  );
  await reopened.close();
}

const [file, collectors] = process.argv.slice(2);
if (!file || !collectors) throw new Error('usage: read-queries.ts <read-models.sqlite> <collectors>');
measureQueries(file, Number(collectors)).catch((error) => {
  console.error(error);
  process.exit(1);
});
