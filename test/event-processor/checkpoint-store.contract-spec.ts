import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InMemoryCheckpointStore, ReadStoreCheckpointStore } from '@collections/event-processor';
import { SqliteEngineFile } from '@collections/policy-engine';
import { EmbeddedReadStore, MongoReadStore, ReadSession, ReadStore } from '@collections/read-store';
import { MongoWireDouble } from '../doubles/mongodb';
import { CheckpointStoreFactory, describeCheckpointStoreContract } from './checkpoint-store.contract';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoints-'));

/** The read-store adapter over a given read store, with a probe collection to see what its transactions kept. */
function onReadStore(
  open: () => Promise<{ store: ReadStore; other: () => Promise<ReadStore>; cleanup: () => Promise<void> }>,
): CheckpointStoreFactory {
  return async () => {
    const { store, other, cleanup } = await open();
    return {
      store: new ReadStoreCheckpointStore(store, 'checkpoints'),
      other: async () => new ReadStoreCheckpointStore(await other(), 'checkpoints'),
      transactional: {
        write: async (tx, value) => void (await store.collection('probe').insertOne({ _id: value }, { session: tx as ReadSession })),
        written: async () => (await store.collection('probe').find({})).map((document) => document._id),
      },
      cleanup,
    };
  };
}

describeCheckpointStoreContract('SQLite (the engine file, embedded)', async () => {
  const dir = tempDir();
  const file = new SqliteEngineFile(path.join(dir, 'policy-engine.sqlite'));
  const others: SqliteEngineFile[] = [];
  return {
    store: file.checkpoints,
    other: async () => {
      const other = new SqliteEngineFile(path.join(dir, 'policy-engine.sqlite'));
      others.push(other);
      return other.checkpoints;
    },
    cleanup: async () => {
      for (const open of [file, ...others]) open.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeCheckpointStoreContract("in memory (the engine's book)", async () => {
  const store = new InMemoryCheckpointStore();
  return { store, other: async () => store, cleanup: async () => undefined };
});

describeCheckpointStoreContract(
  'the read store, embedded',
  onReadStore(async () => {
    const dir = tempDir();
    const store = new EmbeddedReadStore(path.join(dir, 'read-models.sqlite'));
    return {
      store,
      // One owning process: "another" is the same store.
      other: async () => store,
      cleanup: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }),
);

const doubleNotice = 'MongoDB adapter (ReadStoreCheckpointStore on MongoReadStore): against the wire-protocol double (not a real server)';
console.log(doubleNotice);
describeCheckpointStoreContract(
  doubleNotice,
  onReadStore(async () => {
    const mongo = await MongoWireDouble.start();
    const store = await MongoReadStore.connect(mongo.uri('collections'));
    const others: MongoReadStore[] = [];
    return {
      store,
      other: async () => {
        const other = await MongoReadStore.connect(mongo.uri('collections'));
        others.push(other);
        return other;
      },
      cleanup: async () => {
        for (const open of [store, ...others]) await open.close();
        await mongo.stop();
      },
    };
  }),
);

const mongoUrl = process.env.MONGO_URL;
if (mongoUrl) {
  describeCheckpointStoreContract(
    `MongoDB adapter (${mongoUrl})`,
    onReadStore(async () => {
      const database = `checkpoints_${process.pid}_${Date.now()}`;
      const url = new URL(mongoUrl);
      url.pathname = `/${database}`;
      const store = await MongoReadStore.connect(url.toString());
      return {
        store,
        other: () => MongoReadStore.connect(url.toString()),
        cleanup: async () => {
          await store.collection('checkpoints').drop();
          await store.collection('probe').drop();
          await store.close();
        },
      };
    }),
  );
} else {
  const reason = 'MongoDB adapter: real server skipped — set MONGO_URL=mongodb://localhost:27017/?replicaSet=rs0 to run';
  console.log(reason);
  describe.skip(reason, () => {
    it('runs the checkpoint store contract against MongoDB', () => undefined);
  });
}
