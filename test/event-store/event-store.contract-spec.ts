import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventStoreDbEventStore, SqliteEventStore } from '@collections/event-store';
import { describeEventStoreContract } from './event-store.contract';

describeEventStoreContract('SqliteEventStore', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-store-contract-'));
  const store = new SqliteEventStore(path.join(dir, 'events.sqlite'), { pollIntervalMs: 20 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

const eventStoreUrl = process.env.EVENTSTORE_URL;
if (eventStoreUrl) {
  describeEventStoreContract(`EventStoreDbEventStore (${eventStoreUrl})`, async () => {
    const store = new EventStoreDbEventStore(eventStoreUrl);
    return { store, cleanup: () => store.close() };
  });
} else {
  // Reported as skipped, never as passed: this machine has no EventStoreDB server.
  describe.skip('EventStoreDB adapter: skipped — set EVENTSTORE_URL=esdb://localhost:2113?tls=false to run', () => {
    it('runs the EventStore contract against EventStoreDB', () => undefined);
  });
  console.log('EventStoreDB adapter contract skipped: set EVENTSTORE_URL=esdb://localhost:2113?tls=false to run it');
}
