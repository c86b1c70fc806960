import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordedEvent, SqliteEventStore } from '@collections/event-store';
import { runUntilKilled } from '../fixtures/kill-worker';

const WORKER = path.join(__dirname, 'append-worker.ts');
const CRASHES = 3;

/** Runs the append worker until SIGKILL; returns every event id it acknowledged. */
function appendUntilKilled(file: string): Promise<string[]> {
  return runUntilKilled(WORKER, [file, '32'], { min: 150, max: 1_500 });
}

describe('SqliteEventStore durability (SIGKILL during concurrent appends)', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-store-durability-'));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged append, gapless, across ${CRASHES} crashes of the writer`, async () => {
    const file = path.join(dir, 'events.sqlite');
    const acknowledged = new Set<string>();
    for (let crash = 1; crash <= CRASHES; crash += 1) {
      const ids = await appendUntilKilled(file);
      expect(ids.length).toBeGreaterThan(100);
      ids.forEach((id) => acknowledged.add(id));

      // Opening recovers the WAL left behind by the killed process.
      const store = new SqliteEventStore(file);
      const events = await store.readAll();
      await store.close();

      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();

      const stored = new Set(events.map((event) => event.id));
      const lost = [...acknowledged].filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      expectGaplessStreams(events);
    }
  }, 60_000);
});

function expectGaplessStreams(events: RecordedEvent[]): void {
  const revisionsByStream = new Map<string, number[]>();
  for (const event of events) {
    const revisions = revisionsByStream.get(event.streamId) ?? [];
    revisions.push(event.revision);
    revisionsByStream.set(event.streamId, revisions);
  }
  for (const [streamId, revisions] of revisionsByStream) {
    // readAll is in global order, so each stream's revisions must come out as 0, 1, 2, ...
    expect({ streamId, revisions }).toEqual({ streamId, revisions: revisions.map((_, index) => index) });
  }
}
