/**
 * npm run bench:what-if — policy what-if replay over a large book: a simulated book (10,000
 * customers, 120 days, generated in memory under the default policy) is the recorded history,
 * and the last 90 days are replayed under the same policy and under a stricter ladder. Prints
 * the wall time of each replay (the store read is not in it: see bench:read for reads) and
 * whether the same policy gave the recorded figures. Figures are printed, never asserted:
 *   BENCH_WHATIF_CUSTOMERS=1000 npm run bench:what-if
 */
import { addDays } from '@collections/domain';
import { CollectionPolicy, DEFAULT_COLLECTION_POLICY } from '@collections/policy';
import { SimulatedBook } from '@collections/simulation';
import { runInMemory } from '@collections/simulation/testing/in-memory-run';
import { replayWhatIf } from '../libs/policy-engine/src/what-if/what-if-replay';
import { recordedHistoryOf } from '../libs/policy-engine/src/what-if/recorded-history';

const CUSTOMERS = Number(process.env.BENCH_WHATIF_CUSTOMERS ?? 10_000);
const DAYS = 120;
const REPLAYED = 90;

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

const STRICTER: CollectionPolicy = {
  ...DEFAULT_COLLECTION_POLICY,
  version: 2,
  levels: DEFAULT_COLLECTION_POLICY.levels.map((level) => ({
    ...level,
    daysPastDue: level.level === 1 ? -7 : Math.max(1, level.daysPastDue - 7 * (level.level - 1)),
  })),
};

async function main(): Promise<void> {
  let started = process.hrtime.bigint();
  const book = new SimulatedBook({ customers: CUSTOMERS, days: DAYS, seed: 18 });
  const history = recordedHistoryOf(runInMemory(book));
  console.log(
    `History: ${format(history.length)} events of ${format(CUSTOMERS)} customers over ${DAYS} days, generated in ${seconds(started).toFixed(1)} s`,
  );
  const from = addDays(book.options.startOn, DAYS - REPLAYED);
  const to = addDays(book.options.startOn, DAYS - 1);
  for (const [label, policy] of [
    ['same policy', DEFAULT_COLLECTION_POLICY],
    ['stricter ladder', STRICTER],
  ] as const) {
    started = process.hrtime.bigint();
    const { report } = await replayWhatIf(history, { policy, from, to });
    const wall = seconds(started);
    const same = JSON.stringify(report.proposed) === JSON.stringify(report.actual);
    console.log(
      `What-if, ${label}: ${format(CUSTOMERS)} customers × ${REPLAYED} days in ${wall.toFixed(1)} s ` +
        `(${format(report.externalFacts.replayed)} external facts, ${format(report.externalFacts.refused)} refused; ` +
        `letters ${format(report.actual.lettersTotal)} → ${format(report.proposed.lettersTotal)}; ` +
        `${same ? 'figures equal to the recorded ones' : 'figures differ from the recorded ones'})`,
    );
  }
  console.log(JSON.stringify({ customers: CUSTOMERS, days: REPLAYED, events: history.length }));
}

void main();
