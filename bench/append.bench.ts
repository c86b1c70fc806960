/**
 * Append throughput of the embedded event store next to plain better-sqlite3 inserts of the
 * same rows into the same schema with the same pragmas (WAL, synchronous=FULL, temp_store=MEMORY).
 * Run: node -r @swc-node/register bench/append.bench.ts
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// Relative imports: @swc-node/register is not given the path aliases.
import { NewEvent } from '../libs/event-store/src/event-store.port';
import { SqliteEventStore } from '../libs/event-store/src/sqlite-event-store';

export interface AppendBenchOptions {
  batches?: number;
  eventsPerBatch?: number;
  /** Appends in flight at once; they share commits through the store's group commit. */
  concurrency?: number;
}

export interface AppendBenchResult {
  events: number;
  /** Plain inserts, one transaction (one fsync) per batch. */
  plainEventsPerSecond: number;
  /** The store with `concurrency` appends in flight. */
  storeEventsPerSecond: number;
  /** The store with one append at a time: one transaction per batch, like the plain run. */
  sequentialStoreEventsPerSecond: number;
  ratio: number;
}

export async function benchAppends(options: AppendBenchOptions = {}): Promise<AppendBenchResult> {
  const { batches = 2000, eventsPerBatch = 100, concurrency = 16 } = options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'append-bench-'));
  try {
    const events = batches * eventsPerBatch;
    const plainSeconds = await plainInserts(path.join(dir, 'plain.sqlite'), makeBatches(batches, eventsPerBatch));
    const storeSeconds = await storeAppends(path.join(dir, 'store.sqlite'), makeBatches(batches, eventsPerBatch), concurrency);
    const sequentialSeconds = await storeAppends(path.join(dir, 'sequential.sqlite'), makeBatches(batches, eventsPerBatch), 1);
    const plainEventsPerSecond = events / plainSeconds;
    const storeEventsPerSecond = events / storeSeconds;
    return {
      events,
      plainEventsPerSecond,
      storeEventsPerSecond,
      sequentialStoreEventsPerSecond: events / sequentialSeconds,
      ratio: storeEventsPerSecond / plainEventsPerSecond,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Events shaped like the domain's: a small JSON payload and the metadata docs/architecture.md#events-and-their-metadata lists. */
function makeBatches(batches: number, eventsPerBatch: number): { streamId: string; events: NewEvent[] }[] {
  return Array.from({ length: batches }, (_, batch) => {
    const commandId = randomUUID();
    return {
      streamId: `collection-customer-${batch}`,
      events: Array.from({ length: eventsPerBatch }, (__, index) => ({
        id: randomUUID(),
        type: 'PaymentReceived',
        data: { invoiceId: `INV-${batch}-${index}`, amount: { minor: 125_000 + index, currency: 'EUR' }, receivedOn: '2024-03-01' },
        metadata: {
          commandId,
          correlationId: commandId,
          causationId: commandId,
          actor: { id: 'collector-7', role: 'collector' },
          occurredAt: '2024-03-01T09:30:00.000Z',
          recordedAt: '2024-03-01T09:30:00.120Z',
          schemaVersion: 1,
        },
      })),
    };
  });
}

async function plainInserts(file: string, batches: { streamId: string; events: NewEvent[] }[]): Promise<number> {
  // Let the store lay out the file so both runs use exactly the same schema.
  await new SqliteEventStore(file).close();
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('temp_store = MEMORY');
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertBatch = db.transaction((streamId: string, events: NewEvent[]) => {
    const createdAt = new Date().toISOString();
    events.forEach((event, revision) =>
      insert.run(streamId, revision, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), createdAt),
    );
  });
  const started = process.hrtime.bigint();
  for (const { streamId, events } of batches) insertBatch(streamId, events);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return seconds;
}

async function storeAppends(file: string, batches: { streamId: string; events: NewEvent[] }[], concurrency: number): Promise<number> {
  const store = new SqliteEventStore(file);
  let next = 0;
  const writer = async () => {
    while (next < batches.length) {
      const { streamId, events } = batches[next++];
      await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, writer));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return seconds;
}

if (require.main === module) {
  const format = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')} events/s`;
  benchAppends()
    .then((result) => {
      console.log(
        `appends of 100-event batches, ${result.events.toLocaleString('en-US')} events, WAL + synchronous=FULL + temp_store=MEMORY`,
      );
      console.log(`  plain better-sqlite3 inserts, 1 transaction per batch: ${format(result.plainEventsPerSecond)}`);
      console.log(`  SqliteEventStore, 16 appends in flight (group commit):  ${format(result.storeEventsPerSecond)}`);
      console.log(`  SqliteEventStore, 1 append at a time:                   ${format(result.sequentialStoreEventsPerSecond)}`);
      console.log(`  ratio store / plain: ${(result.ratio * 100).toFixed(0)}%`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
