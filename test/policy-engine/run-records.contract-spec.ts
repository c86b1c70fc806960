import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReadStoreRunRecords, RunRecord, RunRecords, SqliteEngineFile } from '@collections/policy-engine';
import { EmbeddedReadStore, MongoReadStore } from '@collections/read-store';
import { MongoWireDouble } from '../doubles/mongodb';

type RunRecordsFactory = () => Promise<{ runs: RunRecords; other: () => Promise<RunRecords>; cleanup(): Promise<void> }>;

const run = (overrides: Partial<RunRecord>): RunRecord => ({
  businessDate: '2024-03-01',
  policy: 'default',
  policyVersion: 1,
  customers: 10,
  appended: 12,
  replayed: 0,
  refused: 1,
  startedAt: '2024-03-01T06:00:00.000Z',
  finishedAt: '2024-03-01T06:00:02.000Z',
  ...overrides,
});

function describeRunRecordsContract(name: string, factory: RunRecordsFactory): void {
  describe(`${name}: the run records contract`, () => {
    let subject: Awaited<ReturnType<RunRecordsFactory>>;
    beforeEach(async () => (subject = await factory()));
    afterEach(() => subject.cleanup());

    it('given no run, then there is no last run date', async () => {
      expect(await subject.runs.lastRunDate()).toBeUndefined();
      expect(await subject.runs.runOn('2024-03-01')).toBeUndefined();
    });

    it('given runs recorded out of order, then the last run date is the latest business date, for another process too', async () => {
      await subject.runs.record(run({ businessDate: '2024-03-02' }));
      await subject.runs.record(run({ businessDate: '2024-02-28' }));
      await subject.runs.record(run({ businessDate: '2024-03-10' }));
      await subject.runs.record(run({ businessDate: '2024-03-09' }));
      expect(await subject.runs.lastRunDate()).toBe('2024-03-10');
      expect(await (await subject.other()).lastRunDate()).toBe('2024-03-10');
    });

    it("given a date run again, then its appended commands add up, its first start stays and the rest is the latest run's", async () => {
      await subject.runs.record(run({}));
      await subject.runs.record(
        run({
          policyVersion: 2,
          customers: 4,
          appended: 3,
          replayed: 12,
          refused: 0,
          startedAt: '2024-03-01T07:00:00.000Z',
          finishedAt: '2024-03-01T07:00:01.000Z',
        }),
      );
      expect(await subject.runs.runOn('2024-03-01')).toEqual(
        run({ policyVersion: 2, customers: 4, appended: 15, replayed: 12, refused: 0, finishedAt: '2024-03-01T07:00:01.000Z' }),
      );
    });
  });
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'run-records-'));

describeRunRecordsContract('SQLite (the engine file, embedded)', async () => {
  const dir = tempDir();
  const files = [new SqliteEngineFile(path.join(dir, 'policy-engine.sqlite'))];
  return {
    runs: files[0].runs,
    other: async () => {
      files.push(new SqliteEngineFile(path.join(dir, 'policy-engine.sqlite')));
      return files[files.length - 1].runs;
    },
    cleanup: async () => {
      for (const file of files) file.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeRunRecordsContract('the read store, embedded', async () => {
  const dir = tempDir();
  const store = new EmbeddedReadStore(path.join(dir, 'read-models.sqlite'));
  return {
    runs: new ReadStoreRunRecords(store),
    other: async () => new ReadStoreRunRecords(store),
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

const doubleNotice = 'MongoDB adapter (ReadStoreRunRecords on MongoReadStore): against the wire-protocol double (not a real server)';
console.log(doubleNotice);
describeRunRecordsContract(doubleNotice, async () => {
  const mongo = await MongoWireDouble.start();
  const stores = [await MongoReadStore.connect(mongo.uri('collections'))];
  return {
    runs: new ReadStoreRunRecords(stores[0]),
    other: async () => {
      stores.push(await MongoReadStore.connect(mongo.uri('collections')));
      return new ReadStoreRunRecords(stores[stores.length - 1]);
    },
    cleanup: async () => {
      for (const store of stores) await store.close();
      await mongo.stop();
    },
  };
});

const mongoUrl = process.env.MONGO_URL;
if (mongoUrl) {
  describeRunRecordsContract(`MongoDB adapter (${mongoUrl})`, async () => {
    const url = new URL(mongoUrl);
    url.pathname = `/runs_${process.pid}_${Date.now()}`;
    const stores = [await MongoReadStore.connect(url.toString())];
    return {
      runs: new ReadStoreRunRecords(stores[0]),
      other: async () => {
        stores.push(await MongoReadStore.connect(url.toString()));
        return new ReadStoreRunRecords(stores[stores.length - 1]);
      },
      cleanup: async () => {
        await stores[0].collection('policy_engine_runs').drop();
        for (const store of stores) await store.close();
      },
    };
  });
} else {
  const reason = 'MongoDB adapter: real server skipped — set MONGO_URL=mongodb://localhost:27017/?replicaSet=rs0 to run';
  console.log(reason);
  describe.skip(reason, () => {
    it('runs the run records contract against MongoDB', () => undefined);
  });
}
