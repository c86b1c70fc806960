import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AccountWriter, CustomerAccounts } from '@collections/accounts';
import { CollectionCommand, SettableClock } from '@collections/domain';
import { EventStore, SqliteEventStore } from '@collections/event-store';

/**
 * A small book written through the command side (so every event is chained), and the ways an
 * intruder with the SQLite file could change it behind the store's back.
 */
export async function writeBook(dataDir: string, customers: readonly string[]): Promise<void> {
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  try {
    await writeBookTo(store, customers);
  } finally {
    await store.close();
  }
}

/**
 * Four commands per customer (two invoices, two payments) through the command side onto any
 * adapter: 4 events each. Keyed, so that the same book holds the same events (ids, metadata,
 * hashes) whichever store it is written to.
 */
export async function writeBookTo(store: EventStore, customers: readonly string[]): Promise<void> {
  const writer = new AccountWriter(store, new SettableClock('2024-03-01T09:00:00.000Z'), new CustomerAccounts(store));
  const actor = { id: 'clerk-1', role: 'integration' as const };
  for (const customer of customers) {
    const commands: CollectionCommand[] = [
      {
        type: 'RegisterInvoice',
        data: { invoiceId: 'INV-1', amount: 1_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' },
      },
      {
        type: 'RegisterInvoice',
        data: { invoiceId: 'INV-2', amount: 2_000, currency: 'EUR', issuedOn: '2024-01-12', dueOn: '2024-02-11' },
      },
      {
        type: 'ReceivePayment',
        data: { paymentId: 'PAY-1', invoiceId: 'INV-1', amount: 400, currency: 'EUR', receivedOn: '2024-02-20' },
      },
      {
        type: 'ReceivePayment',
        data: { paymentId: 'PAY-2', invoiceId: 'INV-2', amount: 500, currency: 'EUR', receivedOn: '2024-02-21' },
      },
    ];
    for (const [index, command] of commands.entries()) {
      await writer.write(customer, [{ command, origin: { actor, request: command, idempotencyKey: `${customer}-${index}` } }]);
    }
  }
}

/** Runs `change` on the event store's SQLite file directly, as someone with the file could. */
export function tamper(dataDir: string, change: (db: Database.Database) => void): void {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    change(db);
  } finally {
    db.close();
  }
}

/** Changes the amount in the data of one event, leaving its hash as it was. */
export function changeAmount(db: Database.Database, streamId: string, revision: number, amount: number): void {
  const { data } = db.prepare('SELECT data FROM events WHERE stream_id = ? AND revision = ?').get(streamId, revision) as { data: string };
  db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run(
    JSON.stringify({ ...JSON.parse(data), amount }),
    streamId,
    revision,
  );
}

/** Deletes the stream's newest event. */
export function deleteNewest(db: Database.Database, streamId: string): void {
  db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = (SELECT MAX(revision) FROM events WHERE stream_id = ?)').run(
    streamId,
    streamId,
  );
}

/** Swaps two events of a stream: each takes the other's revision and place in the log. */
export function swap(db: Database.Database, streamId: string, first: number, second: number): void {
  const row = (revision: number) =>
    db.prepare('SELECT event_id, type, data, metadata FROM events WHERE stream_id = ? AND revision = ?').get(streamId, revision) as Record<
      string,
      string
    >;
  const a = row(first);
  const b = row(second);
  const put = db.prepare('UPDATE events SET event_id = ?, type = ?, data = ?, metadata = ? WHERE stream_id = ? AND revision = ?');
  db.transaction(() => {
    put.run(`${a.event_id}-moving`, b.type, b.data, b.metadata, streamId, first);
    put.run(a.event_id, a.type, a.data, a.metadata, streamId, second);
    put.run(b.event_id, b.type, b.data, b.metadata, streamId, first);
  })();
}
