import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@collections/event-store';
import { runToExit, startServer } from './server-process';

/** The built service as `npm start` runs it: first start, configuration, docs, and a hard kill. */
describe('the service as a process', () => {
  let dataDir: string;
  jest.setTimeout(30_000);

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'collections-process-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates an admin key on first start, shows it once, and accepts it', async () => {
    const first = await startServer({ DATA_DIR: dataDir });
    const key = /^ {2}(\S+)$/m.exec(first.stdout())?.[1] as string;
    expect(key).toHaveLength(32);
    expect(statSync(join(dataDir, 'admin-api-key')).mode & 0o777).toBe(0o600);
    await request(first.baseUrl).get('/customers/C-1/history').set('Authorization', `Bearer ${key}`).expect(404);
    await request(first.baseUrl).get('/customers/C-1/history').expect(401);
    await first.stop();

    const second = await startServer({ DATA_DIR: dataDir });
    expect(second.stdout()).not.toContain(key);
    await request(second.baseUrl).get('/customers/C-1/history').set('Authorization', `Bearer ${key}`).expect(404);
    await second.stop();
  });

  it('refuses to start on a bad configuration, naming every bad value', async () => {
    const { code, stderr } = await runToExit({ DATA_DIR: dataDir, PORT: 'eighty', EVENT_STORE: 'postgres', API_KEYS: 'short:me:admin' });
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('PORT must be a whole number');
    expect(stderr).toContain('EVENT_STORE must be embedded or eventstoredb');
    expect(stderr).toContain('API_KEYS entry 1: the key must be at least 16 characters');

    const production = await runToExit({ DATA_DIR: dataDir, EVENT_STORE: 'eventstoredb' });
    expect(production.code).toBe(1);
    expect(production.stderr).toContain('EVENTSTORE_URL must be an esdb://');
    expect(production.stderr).toContain('API_KEYS is required with EVENT_STORE=eventstoredb');
  });

  it('serves the OpenAPI document generated from the request classes', async () => {
    const server = await startServer({ DATA_DIR: dataDir, API_KEYS: 'an-integration-key-123:billing:integration' });
    try {
      // Behind the key like every endpoint but /health (test/api/edge-security.e2e-spec.ts).
      const auth = { Authorization: 'Bearer an-integration-key-123' };
      await request(server.baseUrl).get('/docs-json').expect(401);
      const { body } = await request(server.baseUrl).get('/docs-json').set(auth).expect(200);
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining(['/customers/{customerId}/payments', '/customers/{customerId}/history', '/customers/{customerId}/state']),
      );
      const { ReceivePaymentBody, RaiseDisputeBody, LogContactBody } = body.components.schemas;
      expect(ReceivePaymentBody).toMatchObject({
        type: 'object',
        properties: {
          amount: { type: 'integer', minimum: 1 },
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          receivedOn: { type: 'string', format: 'date' },
        },
      });
      expect([...ReceivePaymentBody.required].sort()).toEqual(['amount', 'currency', 'invoiceId', 'paymentId', 'receivedOn']);
      expect(RaiseDisputeBody.properties.category.enum).toEqual([
        'failed_product',
        'poor_service',
        'damaged_goods',
        'wrong_item',
        'pricing',
        'deduction',
      ]);
      // An optional date stays optional.
      expect(LogContactBody.required).not.toContain('contactedOn');
      expect(LogContactBody.properties.contactedOn).toMatchObject({ type: 'string', format: 'date' });
      expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const page = await request(server.baseUrl).get('/docs').set(auth).redirects(1).expect(200);
      expect(page.text).toContain('swagger-ui');
    } finally {
      await server.stop();
    }
  });

  it('keeps every acknowledged command when killed with SIGKILL in the middle of appends', async () => {
    const env = { DATA_DIR: dataDir, API_KEYS: 'an-integration-key-123:billing:integration' };
    const auth = { Authorization: 'Bearer an-integration-key-123' };
    const acknowledged: { customerId: string; invoiceId: string; revision: number }[] = [];
    for (let round = 0; round < 3; round++) {
      const server = await startServer(env);
      // Killed at a point in the work (a number of acknowledged commands), not after a time, so a
      // slow machine is killed with as much done as a fast one, with 16 commands still in flight.
      const killAfter = acknowledged.length + 20 + Math.floor(Math.random() * 60);
      let reached!: () => void;
      const enoughAcknowledged = new Promise<void>((resolve) => (reached = resolve));
      let next = 0;
      const writer = async () => {
        for (;;) {
          const n = next++;
          const customerId = `K-${n % 40}`;
          const invoiceId = `R${round}-INV-${n}`;
          try {
            const response = await request(server.baseUrl)
              .post(`/customers/${customerId}/invoices`)
              .set(auth)
              .send({ invoiceId, amount: 100 + n, currency: 'EUR', issuedOn: '2024-01-01', dueOn: '2024-01-31' });
            if (response.status !== 201) return;
            acknowledged.push({ customerId, invoiceId, revision: response.body.revision });
            if (acknowledged.length >= killAfter) reached();
          } catch {
            return; // the connection died with the process
          }
        }
      };
      const writers = Array.from({ length: 16 }, writer);
      // Writers that all stop early (refused) end the wait as well: the count below then says so.
      await Promise.race([enoughAcknowledged, Promise.all(writers)]);
      await server.stop('SIGKILL');
      await Promise.all(writers);
    }
    expect(acknowledged.length).toBeGreaterThan(50);

    // The store opens cleanly and holds every acknowledged command at the revision it was given.
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    try {
      for (const { customerId, invoiceId, revision } of acknowledged) {
        const [event] = await store.readStream(`collection-${customerId}`, { fromRevision: revision, maxCount: 1 });
        expect(event).toMatchObject({ type: 'InvoiceRegistered', data: { invoiceId } });
      }
      const streams = new Set(acknowledged.map((ack) => ack.customerId));
      for (const customerId of streams) {
        const events = await store.readStream(`collection-${customerId}`);
        expect(events.map((event) => event.revision)).toEqual(events.map((_, index) => index));
      }
    } finally {
      await store.close();
    }
    const restarted = await startServer(env);
    await request(restarted.baseUrl)
      .post('/customers/K-0/invoices')
      .set(auth)
      .send({ invoiceId: 'AFTER-RESTART', amount: 1, currency: 'EUR', issuedOn: '2024-01-01', dueOn: '2024-01-31' })
      .expect(201);
    await restarted.stop();
  }, 60_000);
});
