import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import { appendHistory } from '../fixtures/generate-history';

const ENGINE = join(__dirname, '../../dist/apps/policy-engine/src/main.js');
const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');

/** The built engine process on `dataDir`, running the policy for today once at start. */
function startEngine(dataDir: string) {
  const child: ChildProcess = spawn(process.execPath, [ENGINE], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, POLICY_RUN_INTERVAL_MINUTES: '60', SHUTDOWN_TIMEOUT_SECONDS: '20' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const until = async (pattern: RegExp): Promise<void> => {
    for (let waited = 0; waited < 60_000; waited += 20) {
      if (pattern.test(output)) return;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`never saw ${pattern}:\n${output}`);
  };
  return { child, ended, until, output: () => output };
}

/**
 * The policy engine as its own process, stopped with SIGTERM in the middle of a run over a book:
 * the customers' batches in flight are appended, no new one is sent, the sagas and letters stop
 * after the events in hand, the stores close and it exits 0. The run has no record, so the date is
 * run again, and the keyed commands append nothing twice.
 */
describe('the policy engine process stopped with SIGTERM', () => {
  let dataDir: string;
  jest.setTimeout(180_000);

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'engine-shutdown-'));
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    // Invoices of 2024, long overdue by the process's clock: the run for today has work for most customers.
    await appendHistory(store, 800);
    await store.close();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given a run under way, when SIGTERM comes, then it exits 0, and running the date again completes it with no command appended twice', async () => {
    // given the engine running the policy for today over 800 customers, its first commands appended
    const first = startEngine(dataDir);
    await first.until(/Policy engine running/);
    const watching = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    try {
      for (let polls = 0; polls < 3_000; polls++) {
        const [last] = await watching.readAll({ direction: 'backwards', maxCount: 1 });
        if ((last?.metadata.actor as { id?: string } | undefined)?.id === 'policy-engine') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await watching.close();
    }
    // when
    first.child.kill('SIGTERM');
    // then it exits 0 of its own accord, having said that the run was stopped (between customers,
    // or in the sagas' catch-up that ends a run) or that it was done
    expect(await first.ended).toEqual({ code: 0, signal: null });
    expect(first.output()).toMatch(/policy run stopped by the shutdown: |Policy run for \d{4}-\d\d-\d\d: /);
    expect(first.output()).toMatch(/shut down in \d+ ms/);
    expect(first.output()).not.toMatch(/ERROR/);

    // when the date is run again (by the CLI, which catches the sagas up on demand rather than live)
    const today = new Date().toISOString().slice(0, 10);
    const rerun = spawnSync(process.execPath, [CLI, 'policy', 'run', '--date', today], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    expect({ status: rerun.status, stderr: rerun.stderr }).toEqual({ status: 0, stderr: '' });

    // then every command the two runs sent is in the store once
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    try {
      const engineEvents = (await store.readAll()).filter(
        (event) => (event.metadata.actor as { id?: string } | undefined)?.id === 'policy-engine',
      );
      expect(engineEvents.length).toBeGreaterThan(0);
      const ids = engineEvents.map((event) => event.id);
      expect(new Set(ids).size).toBe(ids.length);
      const commands = new Map<string, Set<string>>();
      for (const event of engineEvents) {
        const key = `${event.streamId} ${JSON.stringify(event.data)}`;
        commands.set(key, (commands.get(key) ?? new Set()).add(event.metadata.commandId as string));
      }
      expect([...commands.values()].filter((commandIds) => commandIds.size > 1)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
