/**
 * npm run bench:read — the read side on the embedded stores:
 *  1. projection catch-up events/s over 1,000,000 events (100,000 customers × 10 events, every
 *     projection, batches and checkpoints in one transaction each);
 *  2. a full rebuild's wall time (drop everything, apply all events again);
 *  3. p50/p95 latency of the worklist, aging-as-of and KPI queries with 100,000+ open invoices: a
 *     quarter's KPIs from the per-day sums (200 runs) beside the full recomputation from the
 *     invoices (10 runs), which must give the same report.
 * The history is written by a process of its own first: the measured one starts on an existing
 * store, as a projector (or the api hosting it) does. Figures are printed, never asserted.
 * Smaller runs: BENCH_CUSTOMERS=10000 npm run bench:read
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import { isDeepStrictEqual } from 'node:util';
import { ALL_PROJECTIONS, Projector, queryAging, queryKpis, queryWorklist, recomputeKpis } from '@collections/projections';
import { EmbeddedReadStore, ReadStore } from '@collections/read-store';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
/** About 2,000 accounts a collector, as a collections team would split a book. */
const COLLECTORS = Math.max(1, Math.round(CUSTOMERS / 2_000));
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

/** Catch-up, then a rebuild; the store is closed (and its memory free) when this returns. */
async function projectAndRebuild(events: SqliteEventStore, file: string, appended: number): Promise<void> {
  const readStore = new EmbeddedReadStore(file);
  const projector = new Projector(events, readStore, [...ALL_PROJECTIONS]);
  await projector.prepare();
  let started = process.hrtime.bigint();
  await projector.catchUp();
  const catchUp = seconds(started);
  console.log(
    `catch-up: ${format(appended)} events in ${catchUp.toFixed(1)} s = ${format(appended / catchUp)} events/s (target >= 30,000)`,
  );

  started = process.hrtime.bigint();
  await projector.rebuild();
  console.log(`rebuild from zero: ${seconds(started).toFixed(1)} s`);
  await readStore.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'read-bench-'));
  const file = join(dir, 'events.sqlite');
  console.log(`Read side on the embedded stores, Node ${process.version}`);
  let started = process.hrtime.bigint();
  const written = execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'write-history.ts'), file, String(CUSTOMERS), String(COLLECTORS)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const appended = Number(written.trim());
  console.log(`history: ${format(appended)} events for ${format(CUSTOMERS)} customers appended in ${seconds(started).toFixed(1)} s`);
  const events = new SqliteEventStore(file);
  try {
    await projectAndRebuild(events, join(dir, 'read-models.sqlite'), appended);

    started = process.hrtime.bigint();
    const reopened = new EmbeddedReadStore(join(dir, 'read-models.sqlite'));
    console.log(`read store reopened (documents loaded) in ${seconds(started).toFixed(2)} s`);

    console.log(`queries with ${format(await openInvoices(reopened))} open invoices, ${COLLECTORS} collectors, ${SAMPLES} runs each:`);
    const worklist = await latencies((i) => queryWorklist(reopened, { collectorId: `collector-${i % COLLECTORS}`, today: '2024-10-15' }), {
      distinct: COLLECTORS,
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
    const ofCollector = await latencies((i) => queryKpis(reopened, { ...quarter, collectorId: `collector-${i % COLLECTORS}` }), {
      samples: 50,
      distinct: COLLECTORS,
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
  } finally {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
