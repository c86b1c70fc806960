import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startServer } from '../api/server-process';
import { runCli as cli } from './run-cli';

describe('collections policy run', () => {
  // Each test starts an api and runs the built CLI a few times: seconds each, more on a busy machine.
  jest.setTimeout(60_000);
  let dataDir: string;
  const keys = { integration: 'cli-test-integration-key', auditor: 'cli-test-auditor-key' };
  const API_KEYS = `${keys.integration}:billing:integration,${keys.auditor}:auditor-1:auditor`;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'collections-policy-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given a running api, when the engine runs for a date from the CLI, then the api serves its events and letters, and a second run appends nothing', async () => {
    // Processes sharing a DATA_DIR share its configuration: the api's letter writer and the CLI's
    // render the same letters, whichever comes first, and a letter links to PUBLIC_URL (by
    // default http://localhost:<PORT>, which differs between the api on port 0 and the CLI).
    const site = { DATA_DIR: dataDir, PUBLIC_URL: 'https://collect.example.com' };
    const server = await startServer({ ...site, API_KEYS });
    try {
      const api = request(server.baseUrl);
      await api
        .post('/customers/C-1/invoices')
        .set('Authorization', `Bearer ${keys.integration}`)
        .send({ invoiceId: 'INV-1', amount: 125_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' })
        .expect(201);

      const first = await cli(['policy', 'run', '--from', '2024-02-06', '--to', '2024-02-16'], site);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('2024-02-06 (policy default v1): 1 commands for 1 customers (SendReminder 1)');
      expect(first.stdout).toContain('2024-02-16 (policy default v1): 1 commands for 1 customers (SendReminder 1)');
      expect(first.stdout).toContain('Letters: 2 delivered');

      const history = await api.get('/customers/C-1/history').set('Authorization', `Bearer ${keys.auditor}`).expect(200);
      const events = (history.body as { events: { type: string; data: Record<string, unknown> }[] }).events;
      expect(events.map((event) => event.type)).toEqual(['InvoiceRegistered', 'ReminderSent', 'InvoiceOverdue', 'ReminderSent']);
      expect(events.filter((event) => event.type === 'ReminderSent').map((event) => event.data.level)).toEqual([1, 2]);

      const letters = await api.get('/customers/C-1/letters').set('Authorization', `Bearer ${keys.auditor}`).expect(200);
      expect((letters.body as { letters: object[] }).letters).toEqual([
        expect.objectContaining({
          level: 1,
          channel: 'email',
          sentOn: '2024-02-06',
          invoiceIds: ['INV-1'],
          text: expect.stringContaining('INV-1'),
        }),
        expect.objectContaining({
          level: 2,
          channel: 'email',
          sentOn: '2024-02-16',
          invoiceIds: ['INV-1'],
          text: expect.stringContaining('1,250.00'),
        }),
      ]);

      const again = await cli(['policy', 'run', '--date', '2024-02-16'], site);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('2024-02-16 (policy default v1): nothing new');
      const unchanged = await api.get('/customers/C-1/history').set('Authorization', `Bearer ${keys.auditor}`).expect(200);
      expect((unchanged.body as { events: unknown[] }).events).toHaveLength(events.length);
    } finally {
      await server.stop();
    }

    // The api is down: the CLI works on the same DATA_DIR alone.
    const alone = await cli(['policy', 'run', '--date', '2024-03-01'], site);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain('2024-03-01 (policy default v1): 1 commands for 1 customers (SendReminder 1)');
  });

  it("given a collector sent the engine's own key as an Idempotency-Key, when the engine runs from the CLI, then it runs for every customer, and so does every rerun", async () => {
    const collector = 'cli-test-collector-key';
    const server = await startServer({ DATA_DIR: dataDir, API_KEYS: `${API_KEYS},${collector}:collector-1:collector` });
    try {
      const api = request(server.baseUrl);
      await api
        .post('/customers/Q-3/invoices')
        .set('Authorization', `Bearer ${keys.integration}`)
        .send({ invoiceId: 'QI-1', amount: 50_000, currency: 'EUR', issuedOn: '2025-01-01', dueOn: '2025-01-31' })
        .expect(201);
      await api
        .post('/customers/Q-3/contacts')
        .set('Authorization', `Bearer ${collector}`)
        .set('Idempotency-Key', 'policy:MarkInvoiceOverdue:QI-1')
        .send({ contactId: 'SQ-1', channel: 'phone', person: 'p', outcome: 'reached', contactedOn: '2025-01-02' })
        .expect(201);
    } finally {
      await server.stop();
    }

    const run = await cli(['policy', 'run', '--from', '2025-06-02', '--to', '2025-07-30'], { DATA_DIR: dataDir });
    const rerun = await cli(['policy', 'run', '--from', '2025-06-02', '--to', '2025-07-30'], { DATA_DIR: dataDir });

    expect([run.code, rerun.code]).toEqual([0, 0]);
    expect(run.stdout).toContain('2025-06-02 (policy default v1): ');
    expect(run.stdout).toContain('MarkInvoiceOverdue 1');
    expect(rerun.stdout).not.toContain('refused');
  });

  it.each([
    [['policy', 'run', '--date', '2099-01-01'], '--date 2099-01-01 is after today'],
    [['policy', 'run', '--from', '2024-03-01', '--to', '2099-01-01'], '--to 2099-01-01 is after today'],
    [['policy', 'run'], 'give either --date'],
    [['policy', 'run', '--date', '2024-02-30'], 'Not a real day'],
    [['policy', 'run', '--from', '2024-03-01'], 'give either --date'],
    [['policy', 'run', '--from', '2024-03-02', '--to', '2024-03-01'], 'is before --from'],
    [['policy', 'run', '--date', '2024-03-01', '--from', '2024-03-01', '--to', '2024-03-02'], 'give either --date'],
  ])('given %j, then it exits 2 and says what is wrong, appending nothing', async (args, message) => {
    const run = await cli(args, { DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
