import { spawn } from 'node:child_process';
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

/**
 * Where the runs are killed, as fractions of the history: each run dies at the first batch it
 * commits at or past its point. Points in the history, not in time, so that a fast machine and a
 * slow one kill the same runs, each in the middle of the catch-up.
 */
const KILL_POINTS = [0.1, 0.25, 0.4, 0.55, 0.7];

interface Run {
  outcome: 'finished' | 'killed';
  /** The checkpoint of the last batch the run reported committed. */
  lastBatch: number;
}

/**
 * Runs the built projector until it has caught up; with `killAt`, SIGKILLs it as soon as it
 * reports a committed batch at or past that position. At debug level it logs each batch once
 * committed (the read store file is locked by its owner, so this is how the test sees progress).
 */
function runProjector(dataDir: string, killAt?: number): Promise<Run> {
  const child = spawn(process.execPath, [PROJECTOR, '--once'], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let lastBatch = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const entry = JSON.parse(line) as { msg?: string; position?: number };
    if (entry.msg !== 'batch applied' || entry.position === undefined) return;
    lastBatch = entry.position;
    if (killAt !== undefined && lastBatch >= killAt) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) =>
    // 'close', not 'exit': every line printed before the end has been read by then.
    child.once('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ outcome: 'killed', lastBatch });
      // Finishing without a single batch reported means the test no longer sees progress, not a fast machine.
      else if (code === 0 && killAt !== undefined && lastBatch === 0) reject(new Error("the projector logged no 'batch applied'"));
      else if (code === 0) resolve({ outcome: 'finished', lastBatch });
      else reject(new Error(`projector exited with ${code ?? signal}`));
    }),
  );
}

describe('the projector, killed again and again during a catch-up', () => {
  let dataDir: string;
  let head: number;
  jest.setTimeout(240_000);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'projector-crash-'));
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    expect(await appendHistory(store, 10_000)).toBe(100_000);
    head = (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position;
    await store.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('ends with read models equal, document for document, to a rebuild from zero', async () => {
    // given runs killed at five points of a 100,000-event catch-up, then one left to finish
    const killedAt: number[] = [];
    for (;;) {
      const point = KILL_POINTS[killedAt.length];
      const run = await runProjector(dataDir, point === undefined ? undefined : Math.round(head * point));
      if (run.outcome === 'finished') break;
      killedAt.push(run.lastBatch);
    }
    // then each kill came in the middle of the catch-up, none after a run had got to the end
    expect(killedAt.length).toBeGreaterThanOrEqual(5);
    expect(killedAt.every((position) => position < head)).toBe(true);

    // and what survived the kills equals a rebuild from zero, document for document
    const survived = new EmbeddedReadStore(join(dataDir, 'read-models.sqlite'));
    const rebuiltDir = mkdtempSync(join(tmpdir(), 'projector-rebuild-'));
    const events = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const rebuilt = new EmbeddedReadStore(join(rebuiltDir, 'read-models.sqlite'));
    try {
      const projector = new Projector(events, rebuilt, [...ALL_PROJECTIONS]);
      await projector.rebuild();
      const [afterCrashes, fromZero] = [await dumpReadModels(survived), await dumpReadModels(rebuilt)];
      expect(afterCrashes[CHECKPOINTS].map((checkpoint) => checkpoint.position)).toEqual(
        fromZero[CHECKPOINTS].map((checkpoint) => checkpoint.position),
      );
      for (const name of Object.keys(fromZero)) {
        expect({ name, count: afterCrashes[name].length }).toEqual({ name, count: fromZero[name].length });
        expect(afterCrashes[name]).toEqual(fromZero[name]);
      }
      expect(fromZero.invoices.length).toBe(20_000);
    } finally {
      await Promise.all([survived.close(), rebuilt.close(), events.close()]);
      rmSync(rebuiltDir, { recursive: true, force: true });
    }
  });
});
