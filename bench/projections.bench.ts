/**
 * npm run bench:projections — what each read model costs the catch-up of bench:read: the same
 * history (100,000 customers × 10 events), projected on the embedded stores by each projection
 * alone, then by all of them together, each time into a read store of its own. The first line is
 * a projection that does nothing with every event: reading and decoding the history, the part
 * every projection pays for the events it follows. Figures are printed, never asserted.
 *
 * Smaller runs: BENCH_CUSTOMERS=20000. Only some projections, alone and together:
 * BENCH_PROJECTIONS=audit-trail,kpi-days.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_EVENT_TYPES } from '@collections/domain';
import { SqliteEventStore } from '@collections/event-store';
import { ALL_PROJECTIONS, Projection, Projector } from '@collections/projections';
import { EmbeddedReadStore } from '@collections/read-store';
import { withHistory } from './history-file';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const COLLECTORS = Math.max(1, Math.round(CUSTOMERS / 2_000));
const ONLY = process.env.BENCH_PROJECTIONS?.split(',').map((name) => name.trim());

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/** Follows every event of an account and writes nothing. */
const readingOnly: Projection = {
  name: 'reading only',
  version: 1,
  collections: [],
  eventTypes: ACCOUNT_EVENT_TYPES,
  apply: async () => undefined,
};

/** One catch-up of `projections` from zero into a fresh read store; its seconds. */
async function catchUp(events: SqliteEventStore, dir: string, projections: Projection[]): Promise<number> {
  const file = join(dir, `read-models-${Date.now()}.sqlite`);
  const readStore = new EmbeddedReadStore(file);
  try {
    const projector = new Projector(events, readStore, projections);
    await projector.prepare();
    const started = process.hrtime.bigint();
    await projector.catchUp();
    return seconds(started);
  } finally {
    await readStore.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

async function main(): Promise<void> {
  const projections = ONLY ? ALL_PROJECTIONS.filter((projection) => ONLY.includes(projection.name)) : [...ALL_PROJECTIONS];
  const unknown = ONLY?.filter((name) => !ALL_PROJECTIONS.some((projection) => projection.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`No projection is named ${unknown.join(', ')}`);

  console.log(`What each read model costs a catch-up, embedded stores, Node ${process.version}`);
  await withHistory(CUSTOMERS, COLLECTORS, async ({ events, dir, appended }) => {
    const line = (name: string, took: number, total?: number) =>
      console.log(
        `${name.padEnd(24)} ${took.toFixed(1).padStart(6)} s ${format(appended / took).padStart(10)} events/s` +
          (total ? ` ${((100 * took) / total).toFixed(0).padStart(4)}% of all together` : ''),
      );
    // The first catch-up of a process also compiles the read path: a warm-up, not a figure.
    await catchUp(events, dir, [readingOnly]);
    const alone: [string, number][] = [];
    for (const projection of [readingOnly, ...projections]) alone.push([projection.name, await catchUp(events, dir, [projection])]);
    const together = await catchUp(events, dir, projections);
    for (const [name, took] of alone) line(name, took, together);
    line(ONLY ? 'these together' : 'all together', together);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
