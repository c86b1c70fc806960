import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent, SqliteEventStore } from '@collections/event-store';
import type { Anchor } from '@collections/evidence';
import { ALL_PROJECTIONS, Projector } from '@collections/projections';
import { EmbeddedReadStore } from '@collections/read-store';
import type { BackupManifest } from '../../apps/cli/src/backup/backup-manifest';
import { appendHistory } from '../fixtures/generate-history';
import { dumpReadModels } from '../fixtures/read-models';
import { runCli } from './run-cli';

const cli = (dataDir: string, ...args: string[]) => runCli(args, { DATA_DIR: dataDir });
const modeOf = (file: string) => statSync(file).mode & 0o777;
const readManifest = (backup: string) => JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as BackupManifest;

async function allEvents(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ fromPosition: (events.at(-1)?.position ?? 0) + 1, maxCount: 5_000 });
    if (page.length === 0) return events;
    events.push(...page);
  }
}

/** Appends customers' histories, chained, one small batch after another until stopped: the api's write load, in this process. */
function keepWriting(store: SqliteEventStore, firstCustomer: number) {
  let next = firstCustomer;
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      await appendHistory(store, 5, { firstCustomer: next });
      next += 5;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

describe('npm run cli -- backup / restore', () => {
  jest.setTimeout(180_000);
  const CUSTOMERS = 3_000;
  let root: string;
  let source: string;
  let backup: string;
  let anchors: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'backup-'));
    source = join(root, 'source');
    backup = join(root, 'backup');
    anchors = join(root, 'anchors');
    // A DATA_DIR with everything embedded mode keeps: events, the engine's state, the letters outbox, letters, a key.
    const simulated = await cli(source, 'simulate', '--customers', '20', '--days', '40', '--no-progress');
    expect(simulated.code).toBe(0);
    writeFileSync(join(source, 'admin-api-key'), 'a-generated-admin-key-for-the-test\n', { mode: 0o600 });
    const store = new SqliteEventStore(join(source, 'events.sqlite'));
    await appendHistory(store, CUSTOMERS);
    await store.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('copies a DATA_DIR being written whose restore verifies, against an anchor of before the backup too, and with read models rebuilt equals the source up to the backup position', async () => {
    // Given an anchor of the source taken before the backup, kept outside both DATA_DIRs
    const anchoredBefore = await cli(source, 'anchor', '--to', anchors);
    expect(anchoredBefore.code).toBe(0);
    const anchorBefore = join(anchors, readdirSync(anchors)[0]);
    const publicKey = join(source, 'anchor-signing-key.pub.pem');

    // And a writer appending to the source's event store throughout the backup
    const sourceStore = new SqliteEventStore(join(source, 'events.sqlite'));
    const headBefore = (await sourceStore.readAll({ direction: 'backwards', maxCount: 1 }))[0].position;
    const writer = keepWriting(sourceStore, CUSTOMERS);

    // When the CLI backs the directory up
    const run = await cli(source, 'backup', '--to', backup, '--no-progress');
    const headAtEnd = (await sourceStore.readAll({ direction: 'backwards', maxCount: 1 }))[0].position;
    await writer.stop();

    // Then the backup is private, lists every file but the read models, and its position was taken under load
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const manifest = readManifest(backup);
    console.log(
      `backup of ${manifest.eventStore.events.toLocaleString('en-US')} events under write load: ${(run.milliseconds / 1000).toFixed(2)} s from process start to exit. ${run.stdout}`,
    );
    expect(manifest.eventStore.lastPosition).toBeGreaterThan(headBefore);
    expect(headAtEnd).toBeGreaterThan(manifest.eventStore.lastPosition);
    expect(manifest.files.map((file) => file.path)).toEqual(
      // The link secret too: restored elsewhere, the links in the letters already sent still open their pages.
      expect.arrayContaining(['events.sqlite', 'letters.sqlite', 'policy-engine.sqlite', 'admin-api-key', 'customer-link-secret']),
    );
    expect(manifest.files.some((file) => /^outbox\/.+\.eml$/.test(file.path))).toBe(true);
    expect(manifest.files.at(-1)?.path).toBe('events.sqlite');
    expect(modeOf(backup)).toBe(0o700);
    for (const file of manifest.files) expect([file.path, modeOf(join(backup, file.path))]).toEqual([file.path, 0o600]);

    // When it is restored elsewhere and the read models are rebuilt there
    const restoredDir = join(root, 'restored');
    const restore = await cli(restoredDir, 'restore', '--from', backup);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain('Read models are not in a backup');
    expect(modeOf(join(restoredDir, 'admin-api-key'))).toBe(0o600);
    const rebuild = await cli(restoredDir, 'rebuild', '--no-progress');
    expect(rebuild.code).toBe(0);

    // Then its history equals the source's up to the backup's position, stream by stream, event by event
    const upToBackup = (await allEvents(sourceStore)).filter((event) => event.position <= manifest.eventStore.lastPosition);
    const restoredStore = new SqliteEventStore(join(restoredDir, 'events.sqlite'));
    try {
      const restoredEvents = await allEvents(restoredStore);
      expect(restoredEvents).toHaveLength(manifest.eventStore.events);
      expect(restoredEvents).toEqual(upToBackup);
      const streams = [...new Set(upToBackup.map((event) => event.streamId))];
      for (const stream of streams) {
        expect(await restoredStore.readStream(stream)).toEqual(upToBackup.filter((event) => event.streamId === stream));
      }
    } finally {
      await restoredStore.close();
    }

    // And every chain of the restored store holds, and it still holds what the anchor taken before the backup recorded
    const streamCount = new Set(upToBackup.map((event) => event.streamId)).size;
    const verified = await cli(restoredDir, 'verify', '--anchor', anchorBefore, '--public-key', publicKey);
    expect(verified.stderr).toBe('');
    const { createdAt } = (JSON.parse(readFileSync(anchorBefore, 'utf8')) as Anchor).statement;
    // Every stream chained from its first event: no note of events recorded before the chain.
    expect(verified.stdout).toBe(
      `Anchor ${anchorBefore} of ${createdAt}: signature holds.\n` +
        `Verified ${manifest.eventStore.events.toLocaleString('en-US')} events in ${streamCount.toLocaleString('en-US')} streams: every chain holds.\n`,
    );
    expect(verified.code).toBe(0);

    // But against an anchor of the source taken after the backup, the restored store is an older copy: it ends before the anchored position
    const anchoredAfter = await cli(source, 'anchor', '--to', anchors);
    expect(anchoredAfter.code).toBe(0);
    const anchorAfter = join(anchors, readdirSync(anchors).find((file) => join(anchors, file) !== anchorBefore) as string);
    const { position: positionAfter } = (JSON.parse(readFileSync(anchorAfter, 'utf8')) as Anchor).statement;
    const older = await cli(restoredDir, 'verify', '--anchor', anchorAfter, '--public-key', publicKey);
    expect(older.stderr).toMatch(/^error: collection-GEN-\d+ at revision \d+: shorter-than-anchor: /);
    expect(older.stderr).toContain(
      `error: the store at position ${manifest.eventStore.lastPosition}: cut-below-anchor: the anchor recorded the store up to position ${positionAfter};`,
    );
    expect(older.code).toBe(1);

    // And its read models equal the source's events up to that position, projected
    const reference = new EmbeddedReadStore(join(root, 'reference-read-models.sqlite'));
    const restoredReadModels = new EmbeddedReadStore(join(restoredDir, 'read-models.sqlite'));
    try {
      const projector = new Projector(sourceStore, reference, [...ALL_PROJECTIONS]);
      await projector.prepare();
      for (let at = 0; at < upToBackup.length; at += 1_000) await projector.applyBatch(upToBackup.slice(at, at + 1_000));
      expect(await dumpReadModels(restoredReadModels)).toEqual(await dumpReadModels(reference));
    } finally {
      await reference.close();
      await restoredReadModels.close();
      await sourceStore.close();
    }
  });

  it('refuses to restore into a non-empty DATA_DIR unless forced, and then replaces what it held', async () => {
    // Given a DATA_DIR that holds something
    const occupied = join(root, 'occupied');
    const first = await cli(occupied, 'simulate', '--customers', '1', '--days', '1', '--no-progress');
    expect(first.code).toBe(0);
    writeFileSync(join(occupied, 'notes.txt'), 'mine');

    // When restoring into it without --force
    const refused = await cli(occupied, 'restore', '--from', backup);

    // Then nothing is written, and the message says why and what to do
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`DATA_DIR ${occupied} is not empty (customer-link-secret, events.sqlite, letters.sqlite, notes.txt`);
    expect(refused.stderr).toContain('pass --force');
    expect(readFileSync(join(occupied, 'notes.txt'), 'utf8')).toBe('mine');

    // When forced, the backup replaces everything it held
    const forced = await cli(occupied, 'restore', '--from', backup, '--force');
    expect(forced.code).toBe(0);
    expect(() => statSync(join(occupied, 'notes.txt'))).toThrow();
    // (Buffer.equals: toEqual walks 20 MB byte by byte for minutes.)
    expect(readFileSync(join(occupied, 'events.sqlite')).equals(readFileSync(join(backup, 'events.sqlite')))).toBe(true);

    // And a backup into a directory that is not empty is refused
    const intoOccupied = await cli(source, 'backup', '--to', occupied);
    expect(intoOccupied.code).toBe(2);
    expect(intoOccupied.stderr).toContain('is not empty: back up into a new or empty directory');
  });

  it('refuses a backup whose files were changed or removed, naming each, and writes nothing', async () => {
    // Given a copy of the backup with one byte of the letters outbox changed and a letter removed
    const tampered = join(root, 'tampered');
    cpSync(backup, tampered, { recursive: true });
    const letters = readFileSync(join(tampered, 'letters.sqlite'));
    letters[letters.length - 1] ^= 0xff;
    writeFileSync(join(tampered, 'letters.sqlite'), letters);
    const letter = readManifest(tampered).files.find((file) => file.path.startsWith('outbox/'))!.path;
    unlinkSync(join(tampered, letter));

    // When it is restored
    const target = join(root, 'from-tampered');
    const run = await cli(target, 'restore', '--from', tampered);

    // Then restore refuses, naming both files, and DATA_DIR stays empty
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`refusing to restore from ${tampered}`);
    expect(run.stderr).toContain("letters.sqlite: changed (its SHA-256 differs from the manifest's)");
    expect(run.stderr).toContain(`${letter}: missing`);
    expect(() => statSync(join(target, 'events.sqlite'))).toThrow();
  });
});
