/**
 * npm run bench:read — the read side on the embedded stores:
 *  1. projection catch-up events/s over 1,000,000 events (100,000 customers × 10 events, every
 *     projection, batches and checkpoints in one transaction each);
 *  2. a full rebuild's wall time (drop everything, apply all events again);
 *  3. p50/p95 latency of the worklist, aging-as-of and KPI queries with 100,000+ open invoices: a
 *     quarter's KPIs from the per-day sums (200 runs) beside the full recomputation from the
 *     invoices (10 runs), which must give the same report.
 * The history is written by a process of its own first: the measured one starts on an existing
 * store, as a projector (or the api hosting it) does. The queries are measured by a third
 * (bench/read-queries.ts) that opens the read store, as the api does on start. Figures are
 * printed, never asserted.
 * Smaller runs: BENCH_CUSTOMERS=10000 npm run bench:read
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import { ALL_PROJECTIONS, Projector } from '@collections/projections';
import { EmbeddedReadStore } from '@collections/read-store';
import { withHistory } from './history-file';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
/** About 2,000 accounts a collector, as a collections team would split a book. */
const COLLECTORS = Math.max(1, Math.round(CUSTOMERS / 2_000));

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

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
  console.log(`Read side on the embedded stores, Node ${process.version}`);
  await withHistory(CUSTOMERS, COLLECTORS, async ({ events, dir, appended }) => {
    await projectAndRebuild(events, join(dir, 'read-models.sqlite'), appended);
    // Queries are answered by a process of its own that opens the store, as the api does on start:
    // not by this one, whose heap still holds the history it projected.
    execFileSync(
      process.execPath,
      [
        '--max-old-space-size=16384',
        '--max-semi-space-size=32',
        '-r',
        '@swc-node/register',
        join(__dirname, 'read-queries.ts'),
        join(dir, 'read-models.sqlite'),
        String(COLLECTORS),
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
