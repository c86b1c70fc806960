/**
 * Child process for durability.e2e-spec.ts: appends to the SQLite store from many concurrent
 * writers until it is killed, printing each event id once its append has been acknowledged.
 * Usage: node -r @swc-node/register test/event-store/append-worker.ts <file> [writers]
 */
import { randomUUID } from 'node:crypto';
// Relative import: @swc-node/register is not given the jest path aliases.
import { ExpectedRevision, NewEvent } from '../../libs/event-store/src/event-store.port';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite-event-store';

async function writeUntilKilled(store: SqliteEventStore, stream: string): Promise<never> {
  let expectedRevision: ExpectedRevision = 'no_stream';
  for (let append = 0; ; append += 1) {
    const events: NewEvent[] = Array.from({ length: 1 + (append % 3) }, () => ({
      id: randomUUID(),
      type: 'Ticked',
      data: { append },
      metadata: {},
    }));
    const result = await store.appendToStream(stream, events, { expectedRevision });
    expectedRevision = result.nextExpectedRevision;
    // Writes to a pipe are synchronous on Linux: once this returns the parent can read it.
    process.stdout.write(events.map((event) => `${event.id}\n`).join(''));
  }
}

const [file, writers = '32'] = process.argv.slice(2);
if (!file) throw new Error('usage: append-worker.ts <file> [writers]');
const store = new SqliteEventStore(file);
for (let writer = 0; writer < Number(writers); writer += 1) {
  writeUntilKilled(store, `durability-${process.pid}-${writer}`).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
