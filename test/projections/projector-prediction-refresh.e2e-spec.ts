import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteEventStore } from '@collections/event-store';
import {
  PAYMENT_MODEL,
  PAYMENT_PREDICTIONS,
  PORTFOLIO_MODEL_ID,
  PaymentModelDocument,
  PaymentPredictionDocument,
} from '@collections/projections';
import { EmbeddedReadStore } from '@collections/read-store';
import { appendHistory } from '../fixtures/generate-history';

const PROJECTOR = join(__dirname, '../../dist/apps/projector/src/main.js');

/**
 * The projector as its own process refreshes the payment predictions once it has caught up (and
 * every PREDICTION_REFRESH_HOURS after): the fitted model is in the read model, and every open
 * invoice predicted as of today by the clock. SIGTERM then ends it as usual.
 */
describe('the projector process refreshing the payment predictions', () => {
  let dataDir: string;
  jest.setTimeout(60_000);

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'projector-refresh-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given a store with settled and open invoices, when it has caught up, then it logs the refresh and the read model holds the fitted model and predictions as of today', async () => {
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    await appendHistory(store, 200);
    await store.close();

    const child = spawn(process.execPath, [PROJECTOR], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const ended = new Promise<number | null>((resolve) => child.once('close', resolve));
    const messages: string[] = [];
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (text) => {
        const { msg } = JSON.parse(text) as { msg: string };
        messages.push(msg);
        if (msg.startsWith('Fitted the payment model')) resolve();
      });
      void ended.then(() => reject(new Error(`the projector ended first: ${stderr}`)));
    });
    child.kill('SIGTERM');
    expect(await ended).toBe(0);
    expect(stderr).toBe('');
    const today = new Date().toISOString().slice(0, 10);
    expect(messages).toEqual(
      expect.arrayContaining([
        'caught up',
        'Refreshing the payment predictions now and every 24 h',
        expect.stringMatching(
          new RegExp(
            `^Fitted the payment model on [\\d,]+ settled invoices of 200 customers; predicted [\\d,]+ open invoices of [\\d,]+ customers again as of ${today} `,
          ),
        ),
      ]),
    );

    const readModels = new EmbeddedReadStore(join(dataDir, 'read-models.sqlite'));
    try {
      const fitted = await readModels.collection<PaymentModelDocument>(PAYMENT_MODEL).findOne({ _id: PORTFOLIO_MODEL_ID });
      expect(fitted).toMatchObject({ asOf: today, model: { fittedOn: fitted?.settledInvoices } });
      expect(fitted?.settledInvoices).toBeGreaterThan(0);
      const withOpen = await readModels.collection<PaymentPredictionDocument>(PAYMENT_PREDICTIONS).find({ 'open.0': { $exists: true } });
      expect(withOpen.length).toBeGreaterThan(0);
      for (const customer of withOpen) expect(customer.asOf).toBe(today);
    } finally {
      await readModels.close();
    }
  });
});
