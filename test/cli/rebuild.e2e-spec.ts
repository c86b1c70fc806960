import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import { ALL_PROJECTIONS, Projector } from '@collections/projections';
import { EmbeddedReadStore } from '@collections/read-store';
import { appendHistory } from '../fixtures/generate-history';
import { dumpReadModels } from '../fixtures/read-models';
import { runCli } from './run-cli';

const cli = (dataDir: string, ...args: string[]) => runCli(args, { DATA_DIR: dataDir });

describe('npm run cli -- rebuild', () => {
  let dataDir: string;
  jest.setTimeout(60_000);

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rebuild-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('gives the same documents as the incremental projector', async () => {
    const events = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const readStore = new EmbeddedReadStore(join(dataDir, 'read-models.sqlite'));
    const projector = new Projector(events, readStore, [...ALL_PROJECTIONS], { batchSize: 300 });
    await projector.prepare();
    // Incrementally: events arrive in two waves and the projector follows each.
    await appendHistory(events, 1_000);
    await projector.catchUp();
    const secondWave = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    await appendHistory(secondWave, 1_500, { firstCustomer: 1_000 });
    await secondWave.close();
    await projector.catchUp();
    const incremental = await dumpReadModels(readStore);
    await readStore.close();
    await events.close();

    const { code, stdout } = await cli(dataDir, 'rebuild');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Rebuilt invoice-ledger, audit-trail, worklist, collection-path, promises, escalation-proposals, cash, replies, disputes, payment-predictions, kpi-days from [\d,]+ events in/,
    );

    const rebuilt = new EmbeddedReadStore(join(dataDir, 'read-models.sqlite'));
    try {
      expect(await dumpReadModels(rebuilt)).toEqual(incremental);
    } finally {
      await rebuilt.close();
    }
  });

  it('rebuilds only the projections named, and refuses names it does not know', async () => {
    const events = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    await appendHistory(events, 50);
    await events.close();
    const one = await cli(dataDir, 'rebuild', 'worklist', '--progress');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^Rebuilt worklist from 500 events/);
    expect(one.stderr).toMatch(/500\/500 events/);

    const unknown = await cli(dataDir, 'rebuild', 'worklists');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown projection worklists; known: invoice-ledger, audit-trail, worklist');
  });

  it('says to stop the api when another process owns the read store', async () => {
    const owner = new EmbeddedReadStore(join(dataDir, 'read-models.sqlite'));
    try {
      const { code, stderr } = await cli(dataDir, 'rebuild');
      expect(code).toBe(1);
      expect(stderr).toContain('cannot open the read store (is the api running? stop it first)');
    } finally {
      await owner.close();
    }
  });
});
