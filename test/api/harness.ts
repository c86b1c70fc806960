import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SettableClock } from '@collections/domain';
import { EventStore, SqliteEventStore } from '@collections/event-store';
import { Projector } from '@collections/projections';
import { ApiKey, loadConfig } from '@collections/config';
import { ROLES, Role } from '@collections/accounts';
import { createApp } from '../../apps/api/src/bootstrap';
import { FeedSettings } from '../../apps/api/src/feed/feed-settings';

/** One API key per role, so a test says who acts: `api.as('collector')`. */
export const keyOf = (role: Role): string => `test-key-for-the-${role}-role`;
const apiKeys: ApiKey[] = ROLES.map((role) => ({ key: keyOf(role), actor: { id: `${role}-1`, role } }));

export interface TestApi {
  app: INestApplication;
  store: EventStore;
  clock: SettableClock;
  dataDir: string;
  as(role: Role): Requester;
  /** The customer's stream as stored: what an assertion that "nothing was appended" reads. */
  streamLength(customerId: string): Promise<number>;
  /** Resolves once the read models have applied every event stored so far. */
  projected(): Promise<void>;
  close(): Promise<void>;
}

export interface Requester {
  get(path: string): request.Test;
  post(path: string, body?: object | string, headers?: Record<string, string>): request.Test;
}

/**
 * The whole HTTP application on the embedded store in a fresh temporary DATA_DIR, with a
 * settable clock.
 */
export async function startApi(
  options: { sharesEventsWith?: TestApi; today?: string; feed?: Partial<FeedSettings>; env?: Record<string, string> } = {},
): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'collections-api-'));
  // The policy engine stays off unless a test hosts it: its sagas would append to the streams
  // a test is checking, at a moment of their own.
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', POLICY_ENGINE: 'off', ...options.env });
  const clock = new SettableClock(`${options.today ?? '2024-06-30'}T12:00:00.000Z`);
  // A second instance on the same event store file, as a second process would be (with read
  // models of its own: an embedded read store belongs to one process).
  const store = new SqliteEventStore(join(options.sharesEventsWith?.dataDir ?? dataDir, 'events.sqlite'));
  const app = await createApp({ config, apiKeys, clock, eventStore: store, feed: options.feed });
  await app.init();
  const server = app.getHttpServer();
  const as = (role: Role): Requester => ({
    get: (path) =>
      request(server)
        .get(path)
        .set('Authorization', `Bearer ${keyOf(role)}`),
    post: (path, body, headers = {}) => {
      const test = request(server)
        .post(path)
        .set('Authorization', `Bearer ${keyOf(role)}`)
        .set(headers);
      return body === undefined ? test : test.send(body);
    },
  });
  return {
    app,
    store,
    clock,
    dataDir,
    as,
    streamLength: async (customerId) => (await store.readStream(`collection-${customerId}`)).length,
    projected: async () => {
      const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
      if (last) await app.get(Projector).waitFor(last.position);
    },
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const PROBLEM_JSON = /^application\/problem\+json/;
