import { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CONTROLLERS } from '../../apps/api/src/app.module';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '@collections/config';
import { LOGGED_QUERY_PARAMETERS, LOGGED_REQUEST_HEADERS } from '../../apps/api/src/config/request-log';

const KEY = 'the-one-valid-key-for-this-test';

/** The properties of every @Query() class of every controller, as validation knows them (inherited ones included). */
function acceptedQueryParameters(): Set<string> {
  const names = new Set<string>();
  for (const controller of CONTROLLERS) {
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { index: number }>;
      const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as (new (...args: never[]) => object)[];
      for (const [key, { index }] of Object.entries(args)) {
        if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
        for (const rule of getMetadataStorage().getTargetValidationMetadatas(types[index], '', true, false)) names.add(rule.propertyName);
      }
    }
  }
  return names;
}

/** The api at log level info, its log captured line by line as it would go to stdout. */
describe('what the request log writes', () => {
  let app: INestApplication;
  let dataDir: string;
  const lines: string[] = [];
  const logged = () => lines.join('');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'collections-request-log-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'info', POLICY_ENGINE: 'off' });
    app = await createApp({
      config,
      apiKeys: [{ key: KEY, actor: { id: 'auditor-1', role: 'auditor' } }],
      logDestination: { write: (line: string) => void lines.push(line) },
    });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => lines.splice(0));

  it('given credentials in every wrong place, then none reaches the log, while the safe fields do', async () => {
    const secrets = {
      query: 'secret-in-the-query-string-1',
      randomQuery: 'secret-in-a-random-parameter-2',
      cookie: 'secret-in-a-cookie-3',
      xApiKey: 'secret-in-x-api-key-4',
      proxy: 'secret-in-proxy-authorization-5',
      randomHeader: 'secret-in-a-random-header-6',
      wrongAuthorization: 'secret-in-authorization-7',
    };
    await request(app.getHttpServer())
      .get(`/customers/C-1/history?fromRevision=0&key=${secrets.query}&zq7=${secrets.randomQuery}`)
      .set('Cookie', `session=${secrets.cookie}`)
      .set('X-Api-Key', secrets.xApiKey)
      .set('Proxy-Authorization', `Bearer ${secrets.proxy}`)
      .set('X-Zq7-Token', secrets.randomHeader)
      .set('Authorization', `Bearer ${secrets.wrongAuthorization}`)
      .set('User-Agent', 'log-test-agent/1.0')
      .set('X-Correlation-Id', 'corr-42')
      .expect(401);

    for (const [where, value] of Object.entries(secrets))
      expect({ where, inLog: logged().includes(value) }).toEqual({ where, inLog: false });
    const [line] = lines.map((text) => JSON.parse(text) as { req: Record<string, unknown>; res: { statusCode: number } });
    expect(line.req).toMatchObject({
      method: 'GET',
      url: '/customers/C-1/history?fromRevision=0&key=[REDACTED]&zq7=[REDACTED]',
      headers: { 'user-agent': 'log-test-agent/1.0', 'x-correlation-id': 'corr-42' },
    });
    expect(Object.keys(line.req.headers as object).every((name) => (LOGGED_REQUEST_HEADERS as readonly string[]).includes(name))).toBe(
      true,
    );
    expect(line.res.statusCode).toBe(401);
  });

  it("given the right key and an Idempotency-Key, then neither is logged, and the command's request is", async () => {
    const idempotencyKey = 'idempotency-secret-8';
    await request(app.getHttpServer())
      .post('/customers/C-1/contacts')
      .set('Authorization', `Bearer ${KEY}`)
      .set('Idempotency-Key', idempotencyKey)
      .set('Content-Type', 'application/json')
      .send('{}');
    expect(logged()).not.toContain(KEY);
    expect(logged()).not.toContain(idempotencyKey);
    expect(JSON.parse(lines[0])).toMatchObject({
      req: { method: 'POST', url: '/customers/C-1/contacts', headers: { 'content-type': 'application/json' } },
      res: { statusCode: 403 },
    });
  });

  it('never logs a secret sent under any header name or query parameter', async () => {
    const headerName = fc.stringMatching(/^[a-z0-9-]{1,24}$/).map((name) => `x-${name}`);
    const parameter = fc
      .stringMatching(/^[A-Za-z0-9_]{1,24}$/)
      .filter((name) => !(LOGGED_QUERY_PARAMETERS as readonly string[]).includes(name));
    const secret = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/);
    await fc.assert(
      fc.asyncProperty(headerName, secret, parameter, secret, async (header, headerSecret, name, querySecret) => {
        lines.splice(0);
        await request(app.getHttpServer())
          .get(`/aging?currency=EUR&${name}=${querySecret}`)
          .set(header, headerSecret)
          .set('Authorization', `Bearer ${KEY}`);
        expect(lines).toHaveLength(1);
        expect(lines[0]).not.toContain(headerSecret);
        expect(lines[0]).not.toContain(querySecret);
        expect(lines[0]).toContain('currency=EUR');
      }),
      { numRuns: 40 },
    );
  });

  it('logs the value of every query parameter the controllers accept, and of no other', () => {
    expect([...acceptedQueryParameters()].sort()).toEqual([...LOGGED_QUERY_PARAMETERS].sort());
  });
});
