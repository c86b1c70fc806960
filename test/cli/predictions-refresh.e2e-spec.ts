import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import {
  ALL_PROJECTIONS,
  PAYMENT_MODEL,
  PAYMENT_PREDICTIONS,
  PORTFOLIO_MODEL_ID,
  PaymentModelDocument,
  PaymentPredictionDocument,
  Projector,
} from '@collections/projections';
import { EmbeddedReadStore } from '@collections/read-store';
import { appendHistory } from '../fixtures/generate-history';
import { runCli } from './run-cli';

const cli = (dataDir: string, ...args: string[]) => runCli(args, { DATA_DIR: dataDir });

describe('npm run cli -- predictions refresh', () => {
  let dataDir: string;
  jest.setTimeout(60_000);

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'predictions-refresh-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given projected read models, then it fits the model, stores it and predicts every open invoice again as of the day, and says so', async () => {
    const events = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const readStore = new EmbeddedReadStore(join(dataDir, 'read-models.sqlite'));
    const projector = new Projector(events, readStore, [...ALL_PROJECTIONS]);
    await projector.prepare();
    await appendHistory(events, 300);
    await projector.catchUp();
    const before = await readStore.collection<PaymentPredictionDocument>(PAYMENT_PREDICTIONS).find({});
    const open = before.reduce((sum, customer) => sum + customer.open.length, 0);
    const settled = before.reduce((sum, customer) => sum + customer.settled.length, 0);
    const withOpen = before.filter((customer) => customer.open.length > 0).length;
    await readStore.close();
    await events.close();
    expect(open).toBeGreaterThan(0);
    expect(settled).toBeGreaterThan(0);

    const { code, stdout, stderr } = await cli(dataDir, 'predictions', 'refresh', '--today', '2025-01-15');

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^Fitted the payment model on ${settled.toLocaleString('en-US')} settled invoices of 300 customers; ` +
          `predicted ${open.toLocaleString('en-US')} open invoices of ${withOpen} customers again as of 2025-01-15 \\(0 skipped: changed meanwhile\\) in [\\d.]+ s\\.\\n$`,
      ),
    );
    const after = new EmbeddedReadStore(join(dataDir, 'read-models.sqlite'));
    try {
      const model = await after.collection<PaymentModelDocument>(PAYMENT_MODEL).findOne({ _id: PORTFOLIO_MODEL_ID });
      expect(model).toMatchObject({ asOf: '2025-01-15', settledInvoices: settled, model: { fittedOn: settled } });
      const customers = await after.collection<PaymentPredictionDocument>(PAYMENT_PREDICTIONS).find({ 'open.0': { $exists: true } });
      expect(customers).toHaveLength(withOpen);
      for (const customer of customers) {
        expect(customer.asOf).toBe('2025-01-15');
        for (const invoice of customer.open) expect(invoice.prediction.predictedOn >= '2025-01-15').toBe(true);
      }
    } finally {
      await after.close();
    }
  });

  it('says to stop the api when another process owns the read store, and refuses a day after today', async () => {
    const owner = new EmbeddedReadStore(join(dataDir, 'read-models.sqlite'));
    try {
      const owned = await cli(dataDir, 'predictions', 'refresh');
      expect(owned.code).toBe(1);
      expect(owned.stderr).toContain('cannot open the read store (is the api running? stop it first)');
    } finally {
      await owner.close();
    }
    const future = await cli(dataDir, 'predictions', 'refresh', '--today', '2199-01-01');
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('--today 2199-01-01 is after today');
    const notADay = await cli(dataDir, 'predictions', 'refresh', '--today', '2025-02-30');
    expect(notADay.code).toBe(2);
  });
});
