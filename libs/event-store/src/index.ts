import * as path from 'node:path';
import { EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { SqliteEventStore } from './sqlite-event-store';

export * from './event-store.port';
export { EventStoreDbEventStore } from './eventstoredb-event-store';
export { SqliteEventStore } from './sqlite-event-store';
export type { SqliteEventStoreOptions } from './sqlite-event-store';

export type EventStoreConfig =
  /** One SQLite file, `<dataDir>/events.sqlite`, shareable by the api and CLI processes. */
  | { kind: 'embedded'; dataDir: string }
  /** An EventStoreDB / KurrentDB server, e.g. `esdb://localhost:2113?tls=false`. */
  | { kind: 'eventstoredb'; url: string };

export function createEventStore(config: EventStoreConfig): EventStore {
  switch (config.kind) {
    case 'embedded':
      return new SqliteEventStore(path.join(config.dataDir, 'events.sqlite'));
    case 'eventstoredb':
      return new EventStoreDbEventStore(config.url);
  }
}
