import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@collections/event-store';
import { Anchor, anchorProblems, loadOrCreateAnchorKeys, verifyStore } from '@collections/evidence';
import { runCli } from '../cli/run-cli';
import { tamper, writeBook } from './tamper';

/**
 * The test of an anchor: it verifies on a copy of the data directory, and fails after any
 * single-row change to the events table. Every row of a small book is changed in every column
 * that records history (and deleted), each on its own copy. Two columns are the store's
 * bookkeeping, not history, and are left out: `position` (the anchor records the last one) and
 * `created_at` (the time that counts, metadata.recordedAt, is covered).
 */
type RowChange = (db: Database.Database, row: EventRow) => void;
interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
}

const set =
  (column: keyof EventRow, value: (row: EventRow) => string | number): RowChange =>
  (db, row) => {
    db.prepare(`UPDATE events SET ${column} = ? WHERE position = ?`).run(value(row), row.position);
  };
const editJson = (column: 'data' | 'metadata', edit: (value: Record<string, unknown>) => void): RowChange =>
  set(column, (row) => {
    const value = JSON.parse(row[column]) as Record<string, unknown>;
    edit(value);
    return JSON.stringify(value);
  });

const CHANGES: Record<string, RowChange> = {
  'type renamed': set('type', (row) => `${row.type}X`),
  'an amount or date in the data changed': editJson('data', (data) => {
    const key = Object.keys(data).find((name) => typeof data[name] === 'number' || /On$/.test(name)) ?? Object.keys(data)[0];
    data[key] = typeof data[key] === 'number' ? (data[key] as number) + 1 : '2024-01-01';
  }),
  'a member added to the data': editJson('data', (data) => {
    data.note = 'added later';
  }),
  'the actor in the metadata changed': editJson('metadata', (metadata) => {
    metadata.actor = { id: 'someone-else', role: 'manager' };
  }),
  'the recorded time changed': editJson('metadata', (metadata) => {
    metadata.recordedAt = '2023-12-31T23:59:59.000Z';
  }),
  'the event id changed': set('event_id', (row) => `${row.event_id.slice(0, -1)}${row.event_id.endsWith('0') ? '1' : '0'}`),
  'moved to another stream': set('stream_id', () => 'collection-INTRUDER'),
  renumbered: set('revision', (row) => row.revision + 100),
  deleted: (db, row) => {
    db.prepare('DELETE FROM events WHERE position = ?').run(row.position);
  },
};

describe('an anchor against a copy of the data directory', () => {
  let source: string;
  let anchors: string;
  let anchor: Anchor;
  let rows: EventRow[];
  const copies: string[] = [];

  beforeAll(async () => {
    source = mkdtempSync(join(tmpdir(), 'anchor-rows-'));
    anchors = mkdtempSync(join(tmpdir(), 'anchor-rows-out-'));
    await writeBook(source, ['C-1', 'C-2', 'C-3']);
    expect((await runCli(['anchor', '--to', anchors], { DATA_DIR: source })).code).toBe(0);
    anchor = JSON.parse(readFileSync(join(anchors, readdirSync(anchors)[0]), 'utf8')) as Anchor;
    tamper(source, (db) => {
      rows = db
        .prepare('SELECT position, stream_id, revision, event_id, type, data, metadata FROM events ORDER BY position')
        .all() as EventRow[];
    });
  });
  afterAll(() => {
    for (const dir of [source, anchors, ...copies]) rmSync(dir, { recursive: true, force: true });
  });

  const copyOfSource = (): string => {
    const copy = mkdtempSync(join(tmpdir(), 'anchor-copy-'));
    copies.push(copy);
    cpSync(source, copy, { recursive: true });
    return copy;
  };

  it('given an untouched copy, when verified against the anchor with the published public key, then every chain and head holds', async () => {
    const copy = copyOfSource();
    const { code, stdout } = await runCli(['verify', '--anchor', join(anchors, readdirSync(anchors)[0])], { DATA_DIR: copy });
    expect(stdout).toMatch(/signature holds\.\nVerified 12 events in 3 streams: every chain holds\.\n$/);
    expect(code).toBe(0);
  });

  it.each(Object.keys(CHANGES))(
    'given any one row %s in a copy, when verified against the anchor, then the break is found and named',
    async (name) => {
      expect(rows).toHaveLength(12);
      const { publicKey } = loadOrCreateAnchorKeys(source);
      expect(anchorProblems(anchor, publicKey)).toEqual([]);
      for (const row of rows) {
        const copy = copyOfSource();
        tamper(copy, (db) => CHANGES[name](db, row));
        const store = new SqliteEventStore(join(copy, 'events.sqlite'));
        try {
          const { breaks } = await verifyStore(store, anchor.heads);
          // Named at the changed row's own stream, at or before the revision it held (a deletion or
          // a move shows where the stream's revisions stop following on).
          expect({ row: `${row.stream_id}@${row.revision}`, named: breaks.find((found) => found.streamId === row.stream_id) }).toEqual({
            row: `${row.stream_id}@${row.revision}`,
            named: expect.objectContaining({ revision: row.revision }),
          });
        } finally {
          await store.close();
        }
        rmSync(copy, { recursive: true, force: true });
      }
    },
  );
});
