import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SettableClock } from '@collections/domain';
import { EventStore, SqliteEventStore, Subscription } from '@collections/event-store';
import { loadConfig } from '@collections/config';
import { createApp } from '../../apps/api/src/bootstrap';
import { OpenApiContract, servedContract } from './openapi-contract';

/** The store, counting the subscriptions open on it at any moment. */
function counting(store: EventStore): { store: EventStore; open: () => number } {
  let open = 0;
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property !== 'subscribeToAll') {
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (options: Parameters<EventStore['subscribeToAll']>[0]): Subscription => {
        const subscription = target.subscribeToAll(options);
        open++;
        let closed = false;
        const unsubscribe = async () => {
          if (!closed) open--;
          closed = true;
          await subscription.unsubscribe();
        };
        return { [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](), unsubscribe };
      };
    },
  });
  return { store: proxy, open: () => open };
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('never happened');
}

describe('the api in embedded mode, hosting the read models and the policy engine', () => {
  let dataDir: string;
  let events: SqliteEventStore;
  let app: INestApplication;
  let subscriptions: () => number;
  let contract: OpenApiContract;
  const key = 'one-processor-test-key-0123456789';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'one-processor-'));
    events = new SqliteEventStore(join(dataDir, 'events.sqlite'), { pollIntervalMs: 5 });
    const counted = counting(events);
    subscriptions = counted.open;
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', POLICY_ENGINE: 'hosted' });
    app = await createApp({
      config,
      apiKeys: [{ key, actor: { id: 'admin-1', role: 'admin' } }],
      clock: new SettableClock('2024-06-30T12:00:00.000Z'),
      eventStore: counted.store,
    });
    await app.init();
    contract = await servedContract(app.getHttpServer(), `Bearer ${key}`);
  });
  afterAll(async () => {
    await app.close();
    await events.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a promise broken over HTTP, then the saga asks for a call and the audit trail shows it, both followed through one subscription', async () => {
    const post = (path: string, body: object) =>
      request(app.getHttpServer())
        .post(path)
        .set('Authorization', `Bearer ${key}`)
        .send(body)
        .expect(contract.conforms('POST', path, body))
        .expect(201);
    await post('/customers/C-1/invoices', {
      invoiceId: 'INV-1',
      amount: 50_000,
      currency: 'EUR',
      issuedOn: '2024-01-10',
      dueOn: '2024-02-09',
    });
    await post('/customers/C-1/promises', {
      promiseId: 'PR-1',
      invoiceIds: ['INV-1'],
      amount: 50_000,
      currency: 'EUR',
      promisedFor: '2024-02-20',
      madeOn: '2024-02-12',
    });
    await post('/customers/C-1/promises/PR-1/broken', { brokenOn: '2024-02-24' });

    const trail = async () =>
      (
        (
          await request(app.getHttpServer())
            .get('/audit-trails/C-1')
            .set('Authorization', `Bearer ${key}`)
            .expect(contract.conforms('GET', '/audit-trails/C-1'))
        ).body.entries ?? []
      ).map((entry: { type: string }) => entry.type);
    await eventually(async () => (await trail()).includes('CallTaskScheduled'));

    expect(await trail()).toEqual(['InvoiceRegistered', 'PromiseMade', 'PromiseBroken', 'CallTaskScheduled']);
    expect(subscriptions()).toBe(1);
  });
});
