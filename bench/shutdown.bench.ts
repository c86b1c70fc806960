/**
 * npm run bench:shutdown — how long the api takes to stop on SIGTERM under load, and what its
 * clients see meanwhile:
 *  1. starts the built service (`dist/apps/api/src/main.js`, embedded, with the projector and the
 *     policy engine it hosts) on a fresh DATA_DIR;
 *  2. puts 64 keep-alive connections of load on it, each registering invoices as fast as it is
 *     answered (test/fixtures/command-load.ts), for BENCH_SECONDS (5);
 *  3. sends SIGTERM and times it to the process's exit; reads the api's own line ("shut down in …
 *     ms", with each step's share) from its log;
 *  4. counts the requests: acknowledged before the signal and after it (of which those in flight
 *     when the api began to drain, answered with Connection: close), refused with 503, refused
 *     before sending (ECONNREFUSED), failed (a reset: must be 0); and checks that every
 *     acknowledged command is in the event store.
 * Then the same without load, for comparison. Figures are printed, never asserted. BENCH_RUNS (3)
 * runs under load. The npm script builds first; BENCH_MAIN runs another build of the service.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEventStore } from '@collections/event-store';
import { CommandLoad } from '../test/fixtures/command-load';
import { startProcess } from './service-process';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = 64;
const API_KEY = 'bench-shutdown-key-0123456789';
const MAIN = process.env.BENCH_MAIN ?? join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');

interface Figures {
  /** From `kill` to the child's exit event, as the one who sent the signal sees it. */
  signalToExitMs: number;
  exitCode: number | null;
  /** The api's own measure, and its steps, from its log. */
  logged?: { ms: number; steps: Record<string, number> };
  acknowledgedBefore: number;
  /** Answered 201 after the signal was sent: the api takes requests until it handles the signal. */
  acknowledgedAfter: number;
  /** Of those, the ones in flight when it began to drain: their answer closed the connection. */
  carriedThrough: number;
  refused503: number;
  notConnected: number;
  failed: number;
  otherAnswers: number;
  missing: number;
}

async function run(loaded: boolean): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-shutdown-'));
  const logFile = join(dataDir, 'service.log');
  try {
    const service = await startProcess(
      ['--max-semi-space-size=32', MAIN],
      { DATA_DIR: dataDir, PORT: '0', API_KEYS: `${API_KEY}:bench:integration`, RATE_LIMITS: 'integration=off' },
      logFile,
    );
    const load = new CommandLoad({ port: Number(new URL(service.baseUrl).port), apiKey: API_KEY, connections: CONNECTIONS });
    if (loaded) {
      load.start();
      await sleep(SECONDS * 1000);
    }
    const acknowledgedBefore = load.acknowledged.length;
    const exited = new Promise<number | null>((resolve) => service.child.once('exit', (code) => resolve(code)));
    const signalled = performance.now();
    service.child.kill('SIGTERM');
    const exitCode = await exited;
    const signalToExitMs = performance.now() - signalled;
    // The clients that were told to come back later (Retry-After) find the port closed.
    if (loaded) await load.finished();
    const counts = load.counts();
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((text) => text.includes('"msg":"shut down in'));
    const logged = line === undefined ? undefined : (JSON.parse(line) as { ms: number; steps: Record<string, number> });
    const store = createEventStore({ kind: 'embedded', dataDir });
    let missing = 0;
    try {
      for (const { customerId, invoiceId, revision } of load.acknowledged) {
        const [event] = await store.readStream(`collection-${customerId}`, { fromRevision: revision, maxCount: 1 });
        if (event?.data.invoiceId !== invoiceId) missing += 1;
      }
    } finally {
      await store.close();
    }
    return {
      signalToExitMs,
      exitCode,
      logged: logged && { ms: logged.ms, steps: logged.steps },
      acknowledgedBefore,
      acknowledgedAfter: counts.acknowledged - acknowledgedBefore,
      carriedThrough: load.outcomes.filter(
        (outcome) => outcome.kind === 'answered' && outcome.status === 201 && outcome.headers.connection === 'close',
      ).length,
      refused503: counts.refused503,
      notConnected: counts.notConnected,
      failed: counts.failed,
      otherAnswers: counts.otherAnswers,
      missing,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const format = (n: number) => n.toLocaleString('en-US');

function print(label: string, figures: Figures): void {
  const steps = Object.entries(figures.logged?.steps ?? {})
    .map(([step, ms]) => `${step}: ${ms} ms`)
    .join('; ');
  console.log(
    `${label}: SIGTERM → exit ${Math.round(figures.signalToExitMs)} ms (exit code ${figures.exitCode}; the api logged ${figures.logged?.ms ?? '?'} ms)\n` +
      `  requests: ${format(figures.acknowledgedBefore)} acknowledged before the signal, ${format(figures.acknowledgedAfter)} after it ` +
      `(${format(figures.carriedThrough)} of them in flight when the api began to drain), ` +
      `${format(figures.refused503)} refused with 503, ${format(figures.notConnected)} refused before sending (ECONNREFUSED), ` +
      `${format(figures.failed)} failed (resets), ${format(figures.otherAnswers)} other answers; ` +
      `${format(figures.missing)} acknowledged commands missing from the store\n` +
      `  steps: ${steps}`,
  );
}

async function main(): Promise<void> {
  console.log(`bench:shutdown — ${CONNECTIONS} keep-alive connections registering invoices for ${SECONDS} s, then SIGTERM; ${RUNS} runs`);
  const loaded: Figures[] = [];
  for (let n = 1; n <= RUNS; n++) {
    const figures = await run(true);
    loaded.push(figures);
    print(`under load, run ${n}`, figures);
  }
  const sorted = loaded.map((figures) => figures.signalToExitMs).sort((a, b) => a - b);
  console.log(`under load: median SIGTERM → exit ${Math.round(sorted[Math.floor(sorted.length / 2)])} ms of ${RUNS} runs`);
  print('idle', await run(false));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
