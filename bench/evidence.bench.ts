/**
 * What an operator's and an auditor's commands cost on a large store: verify every chain, anchor,
 * back up, restore elsewhere, and verify the restored copy against the anchor. Each runs as
 * `npm run cli -- …` does (the built CLI in a process of its own), timed from start to exit.
 *
 * BENCH_CUSTOMERS (default 100,000) customers of ten chained events each, written first by a
 * process of its own (bench/write-history.ts).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../test/cli/run-cli';
import { writeHistoryFile } from './history-file';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-evidence-'));
  const dataDir = join(work, 'data');
  const anchors = join(work, 'anchors');
  const backup = join(work, 'backup');
  const restored = join(work, 'restored');
  try {
    mkdirSync(dataDir);
    const writing = performance.now();
    const events = writeHistoryFile(join(dataDir, 'events.sqlite'), customers, 7);
    const megabytes = statSync(join(dataDir, 'events.sqlite')).size / 1e6;
    console.log(
      `${events.toLocaleString('en-US')} chained events of ${customers.toLocaleString('en-US')} customers (${megabytes.toFixed(0)} MB) written in ${((performance.now() - writing) / 1000).toFixed(1)} s\n`,
    );

    const rows: [string, string][] = [];
    const step = async (name: string, args: string[], dir: string): Promise<string> => {
      const run = await runCli(args, { DATA_DIR: dir });
      if (run.code !== 0) throw new Error(`${args.join(' ')} exited ${run.code}:\n${run.stdout}${run.stderr}`);
      const seconds = run.milliseconds / 1000;
      rows.push([name, `${seconds.toFixed(2)} s (${Math.round(events / seconds).toLocaleString('en-US')} events/s)`]);
      return run.stdout;
    };
    await step('verify every chain', ['verify'], dataDir);
    await step('anchor (verify, then sign every head)', ['anchor', '--to', anchors], dataDir);
    await step('backup (online copy, manifest of SHA-256s)', ['backup', '--to', backup], dataDir);
    await step('restore into an empty DATA_DIR (checks the manifest first)', ['restore', '--from', backup], restored);
    const anchorFile = join(anchors, readdirSync(anchors)[0]);
    const verified = await step(
      'verify the restored copy against the anchor',
      ['verify', '--anchor', anchorFile, '--public-key', join(dataDir, 'anchor-signing-key.pub.pem')],
      restored,
    );
    if (!/every chain holds/.test(verified)) throw new Error(`the restored copy did not verify:\n${verified}`);

    const width = Math.max(...rows.map(([name]) => name.length));
    console.log(`${'step'.padEnd(width)}  time from process start to exit`);
    for (const [name, figure] of rows) console.log(`${name.padEnd(width)}  ${figure}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
