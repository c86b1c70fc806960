import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedReadStore, MongoReadStore } from '@collections/read-store';
import { describeReadStoreContract } from './read-store.contract';

describeReadStoreContract('EmbeddedReadStore', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-store-contract-'));
  const store = new EmbeddedReadStore(path.join(dir, 'read-models.sqlite'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

const mongoUrl = process.env.MONGO_URL;
if (mongoUrl) {
  describeReadStoreContract(`MongoReadStore (${mongoUrl})`, async () => {
    const store = await MongoReadStore.connect(mongoUrl);
    return { store, cleanup: () => store.close() };
  });
} else {
  // Reported as skipped, never as passed: this machine has no MongoDB server.
  const reason = 'MongoDB adapter: skipped — set MONGO_URL=mongodb://localhost:27017/?replicaSet=rs0 to run';
  console.log(reason);
  describe.skip(reason, () => {
    it('runs the ReadStore contract against MongoDB', () => undefined);
  });
}
