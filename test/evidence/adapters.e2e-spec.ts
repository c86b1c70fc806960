import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, EventStoreDbEventStore, RecordedEvent, SqliteEventStore } from '@collections/event-store';
import {
  Anchor,
  UnverifiedStoreError,
  anchorProblems,
  loadOrCreateAnchorKeys,
  storeCutBelow,
  verifyStore,
  writeAnchor,
} from '@collections/evidence';
import { startEventStoreDbDouble } from '../doubles/eventstoredb';
import { writeBookTo } from './tamper';

/**
 * The hash chain and anchors through the event store port, on both adapters: the book is written
 * through the command side, then verified, anchored and checked against its anchor as the CLI and
 * the engine's schedule do. EventStoreDB is the real adapter and client against the gRPC double.
 */
interface OpenStore {
  store: EventStore;
  close(): Promise<void>;
}

const ADAPTERS: [string, (dir: string) => Promise<OpenStore>][] = [
  [
    'SQLite',
    async (dir) => {
      const store = new SqliteEventStore(join(dir, 'events.sqlite'));
      return { store, close: () => store.close() };
    },
  ],
  [
    'EventStoreDB (the gRPC double, not a real server)',
    async () => {
      const double = await startEventStoreDbDouble();
      const store = new EventStoreDbEventStore(double.connectionString);
      return {
        store,
        close: async () => {
          await store.close();
          await double.stop();
        },
      };
    },
  ],
];

/**
 * The store as someone who could rewrite its storage would leave it: every read goes through
 * `rewrite` (undefined: the event is gone). The double keeps its log to itself, so this is how a
 * changed EventStoreDB reaches the verification; it reads what the adapter decoded.
 */
function rewritten(inner: EventStore, rewrite: (event: RecordedEvent) => RecordedEvent | undefined): EventStore {
  const apply = (events: RecordedEvent[]) => events.flatMap((event) => rewrite(event) ?? []);
  return {
    appendToStream: (streamId, events, options) => inner.appendToStream(streamId, events, options),
    readStream: async (streamId, options) => apply(await inner.readStream(streamId, options)),
    // Read whole, then limited: a page must not come up short for the events taken out of it.
    readAll: async ({ maxCount, ...options } = {}) => apply(await inner.readAll(options)).slice(0, maxCount),
    subscribeToAll: (options) => inner.subscribeToAll(options),
    close: () => inner.close(),
  };
}

const NOW = '2024-03-01T10:00:00.000Z';

describe.each(ADAPTERS)('the hash chain and anchors on the %s adapter', (_name, open) => {
  let dir: string;
  let dataDir: string;
  let anchors: string;
  let opened: OpenStore;
  let store: EventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chain-adapters-'));
    dataDir = join(dir, 'data');
    anchors = join(dir, 'anchors');
    opened = await open(dir);
    store = opened.store;
    await writeBookTo(store, ['C-1', 'C-2', 'C-3']);
  });
  afterEach(async () => {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a book written through the command side, when the store is verified, then every chain holds from revision 0', async () => {
    const { breaks, events, streams } = await verifyStore(store);
    expect(breaks).toEqual([]);
    expect(events).toBe(12);
    expect(streams.map(({ streamId, lastRevision, chainedFrom }) => [streamId, lastRevision, chainedFrom])).toEqual([
      ['collection-C-1', 3, 0],
      ['collection-C-2', 3, 0],
      ['collection-C-3', 3, 0],
    ]);
  });

  it('given an anchor written from the store, when more is recorded, then the anchor is signed and the store still verifies against it', async () => {
    const { file, anchor, publicKeyPem } = await writeAnchor(store, { dataDir, dir: anchors, now: NOW });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(anchor);
    expect(anchor.statement).toMatchObject({ createdAt: NOW, streamCount: 3 });
    expect(anchorProblems(anchor, loadOrCreateAnchorKeys(dataDir).publicKey)).toEqual([]);
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);

    await writeBookTo(store, ['C-4']);
    const { breaks, position, events } = await verifyStore(store, anchor.heads);
    expect(breaks).toEqual([]);
    expect(events).toBe(16);
    expect(position).toBeGreaterThan(anchor.statement.position as number);
    expect(storeCutBelow(anchor.statement, position)).toBeUndefined();
  });

  it("given one event's data changed in the store, when verified, then its stream and revision are named, and no anchor is written", async () => {
    const changed = rewritten(store, (event) =>
      event.streamId === 'collection-C-2' && event.revision === 1 ? { ...event, data: { ...event.data, amount: 5 } } : event,
    );
    expect((await verifyStore(changed)).breaks).toEqual([
      expect.objectContaining({ streamId: 'collection-C-2', revision: 1, reason: 'hash-mismatch' }),
    ]);
    const refused = await writeAnchor(changed, { dataDir, dir: anchors, now: NOW }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UnverifiedStoreError);
    expect((refused as UnverifiedStoreError).breaks).toMatchObject([{ streamId: 'collection-C-2', revision: 1 }]);
    expect(() => readdirSync(anchors)).toThrow();
  });

  it("given the store's newest event gone after an anchor, when verified against it, then its stream and the store's cut are named", async () => {
    const { anchor } = await writeAnchor(store, { dataDir, dir: anchors, now: NOW });
    const cut = rewritten(store, (event) => (event.position === anchor.statement.position ? undefined : event));

    // Without the anchor what is left is a valid chain; with it, the loss shows.
    expect((await verifyStore(cut)).breaks).toEqual([]);
    const { breaks, position } = await verifyStore(cut, anchor.heads);
    expect(breaks).toEqual([expect.objectContaining({ streamId: 'collection-C-3', revision: 3, reason: 'shorter-than-anchor' })]);
    expect(storeCutBelow(anchor.statement, position)).toMatchObject({ anchoredPosition: anchor.statement.position, position });
  });
});

describe('the same book on both adapters', () => {
  it('given the same commands written onto SQLite and EventStoreDB, when each is anchored, then both record the same heads and Merkle root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chain-adapters-'));
    const anchored: Anchor[] = [];
    try {
      for (const [index, [, open]] of ADAPTERS.entries()) {
        const { store, close } = await open(dir);
        try {
          await writeBookTo(store, ['C-1', 'C-2']);
          anchored.push((await writeAnchor(store, { dataDir: join(dir, 'data'), dir: join(dir, `anchors-${index}`), now: NOW })).anchor);
        } finally {
          await close();
        }
      }
      const [sqlite, eventStoreDb] = anchored;
      expect(eventStoreDb.heads).toEqual(sqlite.heads);
      expect(eventStoreDb.statement.merkleRoot).toBe(sqlite.statement.merkleRoot);
      // Positions are the adapters' own (EventStoreDB's are log offsets), and the signature covers them.
      expect(eventStoreDb.statement.position).not.toBe(sqlite.statement.position);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
