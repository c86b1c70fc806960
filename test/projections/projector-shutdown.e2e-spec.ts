import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteEventStore } from '@collections/event-store';
import { ALL_PROJECTIONS, CHECKPOINTS, Projector } from '@collections/projections';
import { EmbeddedReadStore } from '@collections/read-store';
import { appendHistory } from '../fixtures/generate-history';
import { dumpReadModels } from '../fixtures/read-models';

const PROJECTOR = join(__dirname, '../../dist/apps/projector/src/main.js');

interface LogLine {
  msg?: string;
  position?: number;
}

/** The built projector (embedded stores on `dataDir`), its log lines as they come, and how it ended. */
function startProjector(dataDir: string, args: string[] = []) {
  const child: ChildProcess = spawn(process.execPath, [PROJECTOR, ...args], {
    // At debug level it logs each batch once committed: the read store file is its alone while it runs.
    // No predictions refresh: the read models are compared with a rebuild, which has none.
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
      SHUTDOWN_TIMEOUT_SECONDS: '20',
      PREDICTION_REFRESH_HOURS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const watchers = new Set<{ test: (line: LogLine) => boolean; resolve: () => void }>();
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as LogLine;
    lines.push(line);
    for (const watcher of watchers) {
      if (!watcher.test(line)) continue;
      watchers.delete(watcher);
      watcher.resolve();
    }
  });
  // 'close', not 'exit': every line printed before the end has been read by then.
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return {
    child,
    lines,
    ended,
    /** Resolves at the first line (from now on) that passes `test`; rejects if the process ends first. */
    until: (test: (line: LogLine) => boolean) =>
      Promise.race([
        new Promise<void>((resolve) => watchers.add({ test, resolve })),
        ended.then(({ code }) => Promise.reject(new Error(`the projector exited (${code}) first:\n${stderr}`))),
      ]),
    /** The position of the last batch it reported committed. */
    lastBatch: () => lines.filter((line) => line.msg === 'batch applied').at(-1)?.position,
  };
}

async function checkpointsOf(dataDir: string): Promise<number[]> {
  const readModels = new EmbeddedReadStore(join(dataDir, 'read-models.sqlite'));
  try {
    const checkpoints = await readModels.collection<{ _id: string; position: number }>(CHECKPOINTS).find({});
    expect(checkpoints.map(({ _id }) => _id).sort()).toEqual(ALL_PROJECTIONS.map(({ name }) => name).sort());
    return checkpoints.map(({ position }) => position);
  } finally {
    await readModels.close();
  }
}

/** Catches the read models up with `--once`, then compares them, document for document, with a rebuild from zero. */
async function expectEqualToARebuild(dataDir: string): Promise<void> {
  const finish = startProjector(dataDir, ['--once']);
  expect((await finish.ended).code).toBe(0);
  const rebuiltDir = mkdtempSync(join(tmpdir(), 'projector-shutdown-rebuild-'));
  const events = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  const survived = new EmbeddedReadStore(join(dataDir, 'read-models.sqlite'));
  const rebuilt = new EmbeddedReadStore(join(rebuiltDir, 'read-models.sqlite'));
  try {
    await new Projector(events, rebuilt, [...ALL_PROJECTIONS]).rebuild();
    const [afterShutdown, fromZero] = [await dumpReadModels(survived), await dumpReadModels(rebuilt)];
    for (const name of Object.keys(fromZero)) expect({ name, documents: afterShutdown[name] }).toEqual({ name, documents: fromZero[name] });
  } finally {
    await Promise.all([survived.close(), rebuilt.close(), events.close()]);
    rmSync(rebuiltDir, { recursive: true, force: true });
  }
}

/**
 * The projector as its own process, stopped with SIGTERM: it applies the batch in hand with its
 * checkpoint, reads no further, closes the stores and exits 0; the next run goes on from there.
 */
describe('the projector process stopped with SIGTERM', () => {
  let dataDir: string;
  let head: number;
  jest.setTimeout(120_000);

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'projector-shutdown-'));
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    // Enough events that the catch-up is far from done when the signal lands, however late the
    // test reads the child's log on a loaded machine (it reads it through a pipe).
    await appendHistory(store, 6_000);
    head = (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position;
    await store.close();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given a catch-up under way, when SIGTERM comes, then it exits 0 with every projection checkpointed at its last batch, and the next run completes the read models', async () => {
    // given the projector catching up on 60,000 events, a tenth of the way (a point in the work, not a time)
    const projector = startProjector(dataDir);
    await projector.until((line) => line.msg === 'batch applied' && line.position! >= head / 10);
    // when
    projector.child.kill('SIGTERM');
    const { code, signal, stderr } = await projector.ended;
    // then it stopped before the end, of its own accord, and said so
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(projector.lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down', 'start-up ended by the shutdown']));
    expect(projector.lines.map((line) => line.msg)).not.toContain('caught up');
    // and every projection's checkpoint is where its last batch left it, short of the head
    const last = projector.lastBatch()!;
    expect(last).toBeLessThan(head);
    expect(await checkpointsOf(dataDir)).toEqual(ALL_PROJECTIONS.map(() => last));
    // and the next run goes on from there to read models equal to a rebuild
    await expectEqualToARebuild(dataDir);
  });

  it('given it follows the store live while another process appends, when SIGTERM comes, then it exits 0 checkpointed at its last batch, and the next run completes the read models', async () => {
    // given the projector caught up and following, and a writer appending 2,000 more events
    const projector = startProjector(dataDir);
    await projector.until((line) => line.msg === 'caught up');
    const writer = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    try {
      const appending = appendHistory(writer, 200, { firstCustomer: 10_000 });
      await projector.until((line) => line.msg === 'batch applied' && line.position! > head);
      // when SIGTERM comes while it applies them
      projector.child.kill('SIGTERM');
      await appending;
    } finally {
      await writer.close();
    }
    const { code, signal, stderr } = await projector.ended;
    // then
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(await checkpointsOf(dataDir)).toEqual(ALL_PROJECTIONS.map(() => projector.lastBatch()));
    await expectEqualToARebuild(dataDir);
  });
});
