import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createLetterOutbox, letterOutboxOn, LetterOutbox } from '@collections/letters';
import { EmbeddedReadStore, MongoReadStore, ReadStore } from '@collections/read-store';
import { describeLetterOutboxContract } from './letter-outbox.contract';
import { MongoWireDouble } from '../doubles/mongodb';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'letter-outbox-contract-'));

// The embedded outbox: each outbox is another handle on the one file, as another process opens it.
describeLetterOutboxContract('SqliteLetterOutbox (the DATA_DIR file)', async () => {
  const dir = tempDir();
  return {
    open: async (options) => createLetterOutbox(dir, options),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

// The embedded read store is owned by one process: every outbox shares the one store.
describeLetterOutboxContract('ReadStoreLetterOutbox on the EmbeddedReadStore', async () => {
  const dir = tempDir();
  const store = new EmbeddedReadStore(path.join(dir, 'read-models.sqlite'));
  return {
    open: async (options) => letterOutboxOn(store, options),
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

/** Each outbox on its own connection (another replica or engine instance); `collection` keeps tests apart on a shared server. */
async function onMongo(url: string, after: () => Promise<void>) {
  const collection = `letters_outbox_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const stores: ReadStore[] = [];
  const connect = async (): Promise<ReadStore> => {
    const store = await MongoReadStore.connect(url);
    stores.push(store);
    return store;
  };
  return {
    open: async (options?: Parameters<typeof letterOutboxOn>[1]): Promise<LetterOutbox> =>
      letterOutboxOn(await connect(), { ...options, collection }),
    cleanup: async () => {
      try {
        const store = stores[0] ?? (await connect());
        await store.collection(collection).drop();
        await store.collection(`${collection}_sequence`).drop();
      } finally {
        for (const store of stores) await store.close();
        await after();
      }
    },
  };
}

// Always run: the MongoDB adapter and the official driver, against an in-process server double.
const doubleNotice = 'MongoDB letters outbox: contract suite against the wire-protocol double (not a real server)';
console.log(doubleNotice);
describeLetterOutboxContract(`ReadStoreLetterOutbox on the MongoReadStore — ${doubleNotice}`, async () => {
  const mongo = await MongoWireDouble.start();
  return onMongo(mongo.uri('collections'), () => mongo.stop());
});

const mongoUrl = process.env.MONGO_URL;
if (mongoUrl) {
  describeLetterOutboxContract(`ReadStoreLetterOutbox on the MongoReadStore (${mongoUrl})`, () => onMongo(mongoUrl, async () => undefined));
} else {
  // Reported as skipped, never as passed: this machine has no MongoDB server.
  const reason = 'MongoDB letters outbox: real server skipped — set MONGO_URL=mongodb://localhost:27017/?replicaSet=rs0 to run';
  console.log(reason);
  describe.skip(reason, () => {
    it('runs the LetterOutbox contract against MongoDB', () => undefined);
  });
}
