import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import { anchorProblems, storeCutBelow } from './anchor';
import { UnverifiedStoreError, writeAnchor } from './anchor-writer';
import { chainEvents } from './chain';
import { loadOrCreateAnchorKeys } from './signing-key';

const event = (invoiceId: string) => ({
  id: crypto.randomUUID(),
  type: 'InvoiceRegistered',
  data: { invoiceId, amount: 1_000, currency: 'EUR' },
  metadata: { recordedAt: '2024-03-01T09:00:00.000Z' },
});

describe('writeAnchor', () => {
  let dir: string;
  let store: SqliteEventStore;
  const anchors = () => join(dir, 'anchors');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'anchor-writer-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    for (const streamId of ['collection-C-1', 'collection-C-2']) {
      await store.appendToStream(streamId, chainEvents([event('INV-1'), event('INV-2')], undefined).events, {
        expectedRevision: 'no_stream',
      });
    }
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a store that verifies, when anchored, then the file holds the anchor, signed, dated by the time given', async () => {
    const written = await writeAnchor(store, { dataDir: dir, dir: anchors(), now: '2024-03-01T10:00:00.000Z' });

    expect(written.file).toMatch(/\/anchor-2024-03-01T10-00-00-000Z-[0-9a-f]{8}\.json$/);
    expect(JSON.parse(readFileSync(written.file, 'utf8'))).toEqual(written.anchor);
    expect(written.anchor.statement).toMatchObject({ createdAt: '2024-03-01T10:00:00.000Z', streamCount: 2, position: 4 });
    expect(written.anchor.heads.map(({ streamId, revision }) => [streamId, revision])).toEqual([
      ['collection-C-1', 1],
      ['collection-C-2', 1],
    ]);
    expect(anchorProblems(written.anchor, loadOrCreateAnchorKeys(dir).publicKey)).toEqual([]);
    expect(written.keyCreated).toBe(true);
    expect((await writeAnchor(store, { dataDir: dir, dir: anchors(), now: '2024-03-01T11:00:00.000Z' })).keyCreated).toBe(false);
  });

  it('given two anchors in the same millisecond (two engines sharing the directory), then each has its own file and none is left half-written', async () => {
    const now = '2024-03-01T10:00:00.000Z';
    const [first, second] = await Promise.all([
      writeAnchor(store, { dataDir: dir, dir: anchors(), now }),
      writeAnchor(store, { dataDir: dir, dir: anchors(), now }),
    ]);

    expect(first.file).not.toBe(second.file);
    expect(readdirSync(anchors()).sort()).toEqual([first.file, second.file].map((file) => file.slice(anchors().length + 1)).sort());
  });

  it('given a store whose chain does not verify, when anchored, then it is refused with the break and nothing is written', async () => {
    const [stored] = await store.readStream('collection-C-2');
    // An event appended with a hash that is not its content's: what a changed event reads like.
    await store.appendToStream('collection-C-3', [{ ...event('INV-9'), metadata: { hash: stored.metadata.hash } }], {
      expectedRevision: 'no_stream',
    });

    const refused = await writeAnchor(store, { dataDir: dir, dir: anchors(), now: '2024-03-01T10:00:00.000Z' }).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(UnverifiedStoreError);
    expect((refused as UnverifiedStoreError).breaks).toMatchObject([{ streamId: 'collection-C-3', revision: 0, reason: 'hash-mismatch' }]);
    expect((refused as Error).message).toMatch(/^No anchor written: 1 stream does not verify; the first is collection-C-3 at revision 0/);
    expect(() => readdirSync(anchors())).toThrow();
  });
});

describe('storeCutBelow', () => {
  it('given a store at or past the anchored position, then there is no cut', () => {
    expect(storeCutBelow({ position: 12 }, 12)).toBeUndefined();
    expect(storeCutBelow({ position: 12 }, 40)).toBeUndefined();
    expect(storeCutBelow({ position: null }, undefined)).toBeUndefined();
  });

  it('given a store that ends before the anchored position, or holds nothing, then the cut names both positions', () => {
    expect(storeCutBelow({ position: 12 }, 11)).toEqual({
      position: 11,
      anchoredPosition: 12,
      detail: 'the anchor recorded the store up to position 12; it ends at position 11: its newest events were cut',
    });
    expect(storeCutBelow({ position: 12 }, undefined)?.detail).toBe(
      'the anchor recorded the store up to position 12; it holds no events: its newest events were cut',
    );
  });
});
