import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import { ALL_PROJECTIONS, CHECKPOINTS, Projector } from '@collections/projections';
import { EmbeddedReadStore } from '@collections/read-store';
import { appendHistory } from '../fixtures/generate-history';
import { dumpReadModels } from '../fixtures/read-models';

const PROJECTOR = join(__dirname, '../../dist/apps/projector/src/main.js');

/** Runs the built projector until it has caught up, SIGKILLing it after `killAfterMs` if given. */
function runProjector(dataDir: string, killAfterMs?: number): Promise<'finished' | 'killed'> {
  const child = spawn(process.execPath, [PROJECTOR, '--once'], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve, reject) =>
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`projector exited with ${code}`));
    }),
  );
}

describe('the projector, killed again and again during a catch-up', () => {
  let dataDir: string;
  jest.setTimeout(240_000);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'projector-crash-'));
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    expect(await appendHistory(store, 10_000)).toBe(100_000);
    await store.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('ends with read models equal, document for document, to a rebuild from zero', async () => {
    let kills = 0;
    // Kill at random points until a run gets to the end (at least 5 kills on the way).
    for (;;) {
      const outcome = await runProjector(dataDir, kills < 5 ? 300 + Math.random() * 2_000 : undefined);
      if (outcome === 'finished') break;
      kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(5);

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
