import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LETTER_OUTBOX, LetterOutbox } from '@collections/letters';
import { SmtpTestServer } from '@collections/letters/testing/smtp-test-server';
import { LetterWriter, PolicyEngine } from '@collections/policy-engine';
import { MetricFamily, parsePrometheusText, sampleValue } from '../metrics/prometheus-text';
import { TestApi, startApi } from './harness';

/**
 * GET /metrics of an api that hosts the policy engine (embedded mode): its runs, the commands
 * they send (counted once, by the command side the api and the engine share), and its letters
 * pending, sent and failed by channel, read back by the strict text parser.
 */
const HOSTED = {
  POLICY_ENGINE: 'hosted',
  POLICY_RUN_INTERVAL_MINUTES: '0',
  // The tests deliver when they choose; the host's timer would race them.
  LETTER_DELIVERY_INTERVAL_SECONDS: '86400',
};
const invoice = (invoiceId: string, dueOn = '2024-02-09') => ({
  invoiceId,
  amount: 50_000,
  currency: 'EUR',
  issuedOn: '2024-01-10',
  dueOn,
});

async function scrape(api: TestApi): Promise<Map<string, MetricFamily>> {
  return parsePrometheusText((await api.as('monitoring').get('/metrics').expect(200)).text);
}

/** How far each sample moved between two scrapes. */
const moved =
  (before: Map<string, MetricFamily>, after: Map<string, MetricFamily>) =>
  (name: string, labels: Record<string, string> = {}): number =>
    (sampleValue(after, name, labels) ?? 0) - (sampleValue(before, name, labels) ?? 0);

describe('the metrics of an api hosting the policy engine, letters by file', () => {
  let api: TestApi;
  let engine: PolicyEngine;
  let outbox: LetterOutbox;

  beforeAll(async () => {
    api = await startApi({ env: HOSTED });
    engine = api.app.get(PolicyEngine);
    outbox = api.app.get<LetterOutbox>(LETTER_OUTBOX);
  });
  afterAll(() => api.close());

  it('given three customers, two of them overdue, when the engine runs for a date, then the run, its customers and its commands are counted, and each command once on the command side', async () => {
    for (const [customerId, dueOn] of [
      ['E-1', '2024-02-09'],
      ['E-2', '2024-02-09'],
      ['E-3', '2024-06-30'],
    ]) {
      await api.as('integration').post(`/customers/${customerId}/invoices`, invoice('INV-1', dueOn)).expect(201);
    }
    const before = await scrape(api);

    const report = await engine.runFor('2024-02-16');

    const change = moved(before, await scrape(api));
    expect(report.appended).toEqual({ MarkInvoiceOverdue: 2, SendReminder: 2 });
    expect(change('collections_policy_runs_total', { outcome: 'completed' })).toBe(1);
    expect(change('collections_policy_runs_total', { outcome: 'failed' })).toBe(0);
    expect(change('collections_policy_run_duration_seconds_count', { outcome: 'completed' })).toBe(1);
    expect(change('collections_policy_run_customers_examined_total')).toBe(3);
    expect(change('collections_policy_run_customers_planned_total')).toBe(2);
    for (const type of ['MarkInvoiceOverdue', 'SendReminder']) {
      expect({ type, run: change('collections_policy_run_commands_total', { type, outcome: 'appended' }) }).toEqual({ type, run: 2 });
      // The engine's commands go through the api's command side: counted there, and only there.
      expect({ type, commands: change('collections_commands_total', { type, outcome: 'accepted' }) }).toEqual({ type, commands: 2 });
    }
  });

  it('given the reminders of that run, when their letters are written and then delivered to the file outbox, then they are pending by channel until they are sent', async () => {
    await api.app.get(LetterWriter).catchUp();
    const letters = (await Promise.all(['E-1', 'E-2'].map((customerId) => outbox.lettersOf(customerId)))).flat();
    expect(letters).toHaveLength(2);
    const [channel] = new Set(letters.map((letter) => letter.channel));
    const written = await scrape(api);
    expect(written.get('collections_letters_pending')?.type).toBe('gauge');
    expect(sampleValue(written, 'collections_letters_pending', { channel })).toBe(2);

    expect(await engine.writeAndDeliverLetters()).toEqual({ delivered: 2, failed: 0 });

    const delivered = await scrape(api);
    expect(moved(written, delivered)('collections_letters_sent_total', { channel })).toBe(2);
    expect(sampleValue(delivered, 'collections_letters_failed_total', { channel })).toBe(0);
    expect(delivered.get('collections_letters_pending')?.samples.filter((sample) => sample.value !== 0)).toEqual([]);
  });
});

describe('the metrics of an api hosting the policy engine, e-mail by SMTP', () => {
  let api: TestApi;
  let server: SmtpTestServer;
  let files: string;

  beforeAll(async () => {
    server = await SmtpTestServer.start();
    files = mkdtempSync(join(tmpdir(), 'collections-customers-'));
    writeFileSync(
      join(files, 'customers.csv'),
      'customerId,name,email,address\nS-1,Acme Trading Ltd,payables@acme.example,1 Market Street\n',
    );
    api = await startApi({
      today: '2024-02-06',
      env: { ...HOSTED, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(server.port), CUSTOMERS_FILE: join(files, 'customers.csv') },
    });
  });
  afterAll(async () => {
    await api.close();
    await server.stop();
    rmSync(files, { recursive: true, force: true });
  });

  it('given the SMTP server refuses, when the courtesy e-mail is delivered, then it counts as failed and stays pending; once the server takes it, as sent', async () => {
    const engine = api.app.get(PolicyEngine);
    await api.as('integration').post('/customers/S-1/invoices', invoice('INV-1')).expect(201);
    await engine.runFor('2024-02-06');
    server.refuseMessages(451, 'Requested action aborted: local error in processing');

    expect(await engine.writeAndDeliverLetters()).toEqual({ delivered: 0, failed: 1 });
    const refused = await scrape(api);
    expect(sampleValue(refused, 'collections_letters_failed_total', { channel: 'email' })).toBe(1);
    expect(sampleValue(refused, 'collections_letters_sent_total', { channel: 'email' })).toBe(0);
    expect(sampleValue(refused, 'collections_letters_pending', { channel: 'email' })).toBe(1);

    // The retry waits a minute after the first failure.
    server.acceptMessages();
    api.clock.set('2024-02-06T12:01:00.000Z');
    expect(await engine.writeAndDeliverLetters()).toEqual({ delivered: 1, failed: 0 });
    const sent = await scrape(api);
    expect(sampleValue(sent, 'collections_letters_failed_total', { channel: 'email' })).toBe(1);
    expect(sampleValue(sent, 'collections_letters_sent_total', { channel: 'email' })).toBe(1);
    expect(sampleValue(sent, 'collections_letters_pending', { channel: 'email' })).toBe(0);
    expect(server.received).toHaveLength(1);
  });
});
