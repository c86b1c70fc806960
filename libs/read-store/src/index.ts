import { EmbeddedReadStore } from './embedded/embedded-read-store';
import { MongoReadStore } from './mongo-read-store';
import { ReadStore } from './read-store.port';

export * from './read-store.port';
export { EmbeddedReadStore } from './embedded/embedded-read-store';
export { MongoReadStore } from './mongo-read-store';
export type { MongoReadStoreOptions } from './mongo-read-store';

export type ReadStoreConfig =
  /** A SQLite file owned by this process (or ':memory:'); see EmbeddedReadStore. */
  | { kind: 'embedded'; file: string }
  /** A MongoDB replica set, e.g. `mongodb://localhost:27017/collections?replicaSet=rs0`. */
  | { kind: 'mongodb'; url: string; database?: string };

export async function createReadStore(config: ReadStoreConfig): Promise<ReadStore> {
  switch (config.kind) {
    case 'embedded':
      return new EmbeddedReadStore(config.file);
    case 'mongodb':
      return MongoReadStore.connect(config.url, { database: config.database });
  }
}
