import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SettableClock } from '@collections/domain';
import { EventStore, SqliteEventStore } from '@collections/event-store';
import { Projector } from '@collections/projections';
import { ApiKey, loadConfig } from '@collections/config';
import { KEY_ROLES, ROLES, Role } from '@collections/accounts';
import { createApp } from '../../apps/api/src/bootstrap';
import { FeedSettings } from '../../apps/api/src/feed/feed-settings';
import { OpenApiContract, servedContract } from './openapi-contract';

/** One API key per role, so a test says who acts: `api.as('collector')`. */
export const keyOf = (role: Role): string => `test-key-for-the-${role}-role`;
// A customer holds no key (it acts through its link): `as('customer')` is a caller with an unknown key.
const apiKeys: ApiKey[] = KEY_ROLES.map((role) => ({ key: keyOf(role), actor: { id: `${role}-1`, role } }));
/** Tests send requests as fast as they can: limits no test reaches (the limiter still runs). A test of the limits sets RATE_LIMITS. */
const UNTHROTTLED = ROLES.map((role) => `${role}=1000000/s`).join(',');

export interface TestApi {
  app: INestApplication;
  store: EventStore;
  clock: SettableClock;
  dataDir: string;
  /** The OpenAPI document every answer is checked against (see openapi-contract.ts). */
  contract: OpenApiContract;
  as(role: Role): Requester;
  /** Requests with this Authorization header, or none: what a caller without a valid key sends. */
  withAuthorization(authorization?: string): Requester;
  /** The customer's stream as stored: what an assertion that "nothing was appended" reads. */
  streamLength(customerId: string): Promise<number>;
  /** Resolves once the read models have applied every event stored so far. */
  projected(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Sends requests as one caller. Every answer is also checked against the OpenAPI document the api
 * serves: a status, media type or body the document does not describe for the operation fails
 * the test, as does a 2xx for a body the document's request schema refuses.
 */
export interface Requester {
  get(path: string): request.Test;
  post(path: string, body?: object | string, headers?: Record<string, string>): request.Test;
  put(path: string, body?: object | string, headers?: Record<string, string>): request.Test;
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
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', POLICY_ENGINE: 'off', RATE_LIMITS: UNTHROTTLED, ...options.env });
  const clock = new SettableClock(`${options.today ?? '2024-06-30'}T12:00:00.000Z`);
  // A second instance on the same event store file, as a second process would be (with read
  // models of its own: an embedded read store belongs to one process).
  const store = new SqliteEventStore(join(options.sharesEventsWith?.dataDir ?? dataDir, 'events.sqlite'));
  const app = await createApp({ config, apiKeys, clock, eventStore: store, feed: options.feed });
  await app.init();
  const server = app.getHttpServer();
  const contract = await servedContract(server, `Bearer ${keyOf('admin')}`);
  const withAuthorization = (authorization?: string): Requester => {
    const authorized = (test: request.Test) => (authorization === undefined ? test : test.set('Authorization', authorization));
    const sending =
      (method: 'POST' | 'PUT') =>
      (path: string, body?: object | string, headers: Record<string, string> = {}) => {
        const test = authorized(method === 'POST' ? request(server).post(path) : request(server).put(path))
          .set(headers)
          .expect(contract.conforms(method, path, body));
        return body === undefined ? test : test.send(body);
      };
    return {
      get: (path) => authorized(request(server).get(path)).expect(contract.conforms('GET', path)),
      post: sending('POST'),
      put: sending('PUT'),
    };
  };
  return {
    app,
    store,
    clock,
    dataDir,
    contract,
    as: (role) => withAuthorization(`Bearer ${keyOf(role)}`),
    withAuthorization,
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
