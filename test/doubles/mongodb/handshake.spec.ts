import { MongoClient, MongoServerError, MongoServerSelectionError, TopologyType } from 'mongodb';
import { MongoWireDouble } from './index';
import { startDoubleWithClient } from './testing';

describe('MongoDB wire-protocol double: handshake', () => {
  const cleanups: (() => Promise<void>)[] = [];

  /** A double and a client of its own options, both closed after the test. */
  async function connect(uri: (mongo: MongoWireDouble) => string, serverSelectionTimeoutMS = 3000) {
    const mongo = await MongoWireDouble.start({ replicaSetName: 'rs-test' });
    const client = new MongoClient(uri(mongo), { serverSelectionTimeoutMS });
    cleanups.push(async () => {
      await client.close();
      await mongo.stop();
    });
    return { mongo, client };
  }

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('is discovered by the driver as the writable primary of a one-member replica set', async () => {
    const { mongo, client } = await connect((mongo) => mongo.uri());
    const topologyTypes: TopologyType[] = [];
    client.on('topologyDescriptionChanged', (event) => topologyTypes.push(event.newDescription.type));

    await client.connect();

    expect(topologyTypes.at(-1)).toBe(TopologyType.ReplicaSetWithPrimary);
    const hello = await client.db('admin').command({ hello: 1 });
    expect(hello).toMatchObject({
      ok: 1,
      helloOk: true,
      isWritablePrimary: true,
      secondary: false,
      setName: 'rs-test',
      hosts: [mongo.address],
      primary: mongo.address,
      me: mongo.address,
    });
    // Sessions (and so transactions) need logicalSessionTimeoutMinutes; transactions on a replica set need wire version 7+.
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(7);
  });

  it('is not selected under another replica set name', async () => {
    const { client } = await connect((mongo) => `mongodb://${mongo.address}/?replicaSet=elsewhere`, 300);

    await expect(client.connect()).rejects.toBeInstanceOf(MongoServerSelectionError);
  });

  it('answers ping and buildInfo', async () => {
    const { client } = await connect((mongo) => mongo.uri());
    const admin = client.db('admin');

    await expect(admin.command({ ping: 1 })).resolves.toEqual({ ok: 1 });
    const buildInfo = await admin.command({ buildInfo: 1 });
    expect(buildInfo.ok).toBe(1);
    expect(buildInfo.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses an unknown command with CommandNotFound', async () => {
    const { client } = await connect((mongo) => mongo.uri('app'));

    const failure = client.db().command({ frobnicate: 1 });

    await expect(failure).rejects.toBeInstanceOf(MongoServerError);
    await expect(failure).rejects.toMatchObject({ code: 59, codeName: 'CommandNotFound', message: "no such command: 'frobnicate'" });
  });

  it('closes its clients’ connections when stopped', async () => {
    const { client, db, mongo } = await startDoubleWithClient({}, { serverSelectionTimeoutMS: 300 });
    await db.collection('items').insertOne({ name: 'before the stop' });

    await mongo.stop();

    await expect(db.collection('items').findOne({})).rejects.toThrow();
    await client.close();
  });
});
