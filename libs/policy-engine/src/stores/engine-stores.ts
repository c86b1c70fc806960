import { AppConfig } from '@collections/config';
import { CheckpointStore, ReadStoreCheckpointStore } from '@collections/event-processor';
import { LetterOutbox, createLetterOutbox, letterOutboxOn } from '@collections/letters';
import { createReadStore } from '@collections/read-store';
import { ReadStoreRunRecords } from './read-store-run-records';
import { RunRecords } from './run-records.port';
import { SqliteEngineFile } from './sqlite-engine-file';

/** Where the engine keeps what it needs beside the event store. */
export interface EngineStores {
  checkpoints: CheckpointStore;
  runs: RunRecords;
  outbox: LetterOutbox;
  close(): Promise<void>;
}

/** The Nest injection token of the engine's stores. */
export const ENGINE_STORES = Symbol('EngineStores');

/**
 * Embedded, SQLite files in DATA_DIR that the api and the CLI share (`policy-engine.sqlite`,
 * `letters.sqlite`); with `READ_STORE=mongodb`, collections of the MongoDB database, so that
 * nothing is kept on local disk and several api replicas and engine instances share them.
 */
export async function openEngineStores(config: Pick<AppConfig, 'dataDir' | 'readStore'>): Promise<EngineStores> {
  if (config.readStore.kind === 'mongodb') {
    const readStore = await createReadStore(config.readStore);
    const outbox = letterOutboxOn(readStore);
    return {
      checkpoints: new ReadStoreCheckpointStore(readStore, 'policy_engine_checkpoints'),
      runs: new ReadStoreRunRecords(readStore),
      outbox,
      close: async () => {
        await outbox.close();
        await readStore.close();
      },
    };
  }
  const file = SqliteEngineFile.inDataDir(config.dataDir);
  const outbox = createLetterOutbox(config.dataDir);
  return {
    checkpoints: file.checkpoints,
    runs: file.runs,
    outbox,
    close: async () => {
      await outbox.close();
      file.close();
    },
  };
}
