import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import { EmbeddedReadStore } from '@collections/read-store';
import { appendHistory } from '../../../test/fixtures/generate-history';
import { dumpReadModels } from '../../../test/fixtures/read-models';
import { ALL_PROJECTIONS } from './all-projections';
import { CHECKPOINTS, Projector } from './projector';

describe('the projector', () => {
  let dir: string;
  let events: SqliteEventStore;
  let readStore: EmbeddedReadStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'projector-'));
    events = new SqliteEventStore(join(dir, 'events.sqlite'));
    readStore = new EmbeddedReadStore(':memory:');
    await appendHistory(events, 30);
  });
  afterEach(async () => {
    await readStore.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a batch applied twice, then the documents are those of applying it once', async () => {
    const projector = new Projector(events, readStore, [...ALL_PROJECTIONS]);
    await projector.prepare();
    const batch = await events.readAll();
    await projector.applyBatch(batch);
    const once = await dumpReadModels(readStore);
    await projector.applyBatch(batch);
    await projector.applyBatch(batch.slice(100, 200));
    expect(await dumpReadModels(readStore)).toEqual(once);
    expect(once[CHECKPOINTS].map((checkpoint) => checkpoint.position)).toEqual(ALL_PROJECTIONS.map(() => 300));
  });

  it('applies in batches of any size to the same documents', async () => {
    const whole = new Projector(events, readStore, [...ALL_PROJECTIONS], { batchSize: 10_000 });
    await whole.prepare();
    await whole.catchUp();
    const expected = await dumpReadModels(readStore);

    const other = new EmbeddedReadStore(':memory:');
    const small = new Projector(events, other, [...ALL_PROJECTIONS], { batchSize: 7 });
    await small.prepare();
    await small.catchUp();
    expect(await dumpReadModels(other)).toEqual(expected);
    await other.close();
  });

  it('resumes from its checkpoints after a restart and follows live events', async () => {
    const first = new Projector(events, readStore, [...ALL_PROJECTIONS]);
    await first.prepare();
    await first.catchUp();

    const restarted = new Projector(events, readStore, [...ALL_PROJECTIONS]);
    await restarted.prepare();
    expect(restarted.position).toBe(300);
    restarted.start();
    await appendHistory(events, 5, { firstCustomer: 30 });
    await restarted.waitFor(350);
    await restarted.stop();
    expect(await readStore.collection('invoices').countDocuments()).toBe(70);
  });

  it('rebuilds a projection whose version changed', async () => {
    const projector = new Projector(events, readStore, [...ALL_PROJECTIONS]);
    await projector.prepare();
    await projector.catchUp();
    await readStore.collection('worklist_accounts').updateMany({}, { $set: { stale: true } });
    const bumped = ALL_PROJECTIONS.map((projection) =>
      projection.name === 'worklist' ? { ...projection, version: projection.version + 1 } : projection,
    );
    const next = new Projector(events, readStore, bumped);
    await next.prepare();
    await next.catchUp();
    expect(await readStore.collection('worklist_accounts').countDocuments({ stale: true })).toBe(0);
    expect(await readStore.collection('worklist_accounts').countDocuments()).toBe(30);
  });
});
