import { INestApplication } from '@nestjs/common';
import { readdirSync } from 'node:fs';
import request from 'supertest';
import { KEY_ROLES } from '@collections/accounts';
import { PUBLIC_ROUTES, isCustomerLinkRoute } from '../../apps/api/src/auth/authenticate';
import { CONSOLE_PREFIX } from '../../apps/api/src/console/serve-console';
import { PAY_PAGE_ROUTE } from '../../apps/api/src/console/serve-pay-page';
import { PROBLEM_JSON, TestApi, keyOf, startApi } from './harness';

interface Probe {
  method: string;
  path: string;
}

/** Methods an unknown path is tried with: anything the server might answer. */
const ANY_METHOD = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Where Swagger's UI assets are served from (a static folder): the files it holds. */
const STATIC_FILES = readdirSync((require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath());

/**
 * Every route Fastify serves, read from its own route tree (`printRoutes`): one line per node,
 * four columns of indentation per level, each node's path continuing its parent's, then its
 * methods — "│   ├── /:invoiceId/overdue (POST)".
 */
function routesOf(app: INestApplication): { path: string; methods: string[] }[] {
  const tree = (app.getHttpAdapter().getInstance() as { printRoutes(options: object): string }).printRoutes({ commonPrefix: false });
  const ancestors: string[] = [];
  const routes: { path: string; methods: string[] }[] = [];
  for (const line of tree.split('\n')) {
    const node = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!node) continue;
    const depth = node[1].length / 4;
    ancestors.length = depth;
    const path = [...ancestors, node[2]].join('');
    ancestors.push(node[2]);
    if (node[3] !== undefined) routes.push({ path, methods: node[3].split(', ') });
  }
  return routes;
}

/**
 * Everything the HTTP server answers, read from Fastify's routes — Nest's routes and whatever
 * was registered on Fastify directly (Swagger's document, UI and assets) — plus unknown paths
 * under every method.
 */
function probesOf(app: INestApplication): Probe[] {
  const probes: Probe[] = ANY_METHOD.map((method) => ({ method, path: '/no-such-route' }));
  for (const { path, methods } of routesOf(app)) {
    if (path === `${CONSOLE_PREFIX}*`) {
      // The console's own URLs: each answers its page shell.
      for (const page of ['', 'customers/C-1', 'no-such-page']) probes.push({ method: 'GET', path: `${CONSOLE_PREFIX}${page}` });
      continue;
    }
    if (path.endsWith('/*')) {
      for (const file of STATIC_FILES) probes.push({ method: 'GET', path: `${path.slice(0, -1)}${file}` });
      continue;
    }
    if (path === PAY_PAGE_ROUTE) {
      // The customer's page: the same shell for any token, a real one's shape or not.
      for (const token of ['X-token', 'eyJhIjoxfQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'])
        for (const method of methods) probes.push({ method, path: `/pay/${token}` });
      continue;
    }
    const concrete = path.replace(/:(\w+)/g, (_, name: string) => (name === 'number' || name === 'version' ? '1' : `X-${name}`));
    for (const method of methods) probes.push({ method, path: concrete });
  }
  return probes;
}

const send = (app: INestApplication, { method, path }: Probe, headers: Record<string, string> = {}) =>
  request(app.getHttpServer())[method.toLowerCase() as 'get'](path).set(headers);

describe('the edge of the HTTP service', () => {
  let api: TestApi;
  let probes: Probe[];

  beforeAll(async () => {
    api = await startApi();
    probes = probesOf(api.app);
  });
  afterAll(() => api.close());

  it('finds every route: the controllers, the OpenAPI document and UI, and their assets', () => {
    const paths = new Set(probes.map((probe) => `${probe.method} ${probe.path}`));
    expect(probes.length).toBeGreaterThan(60);
    for (const served of [
      'GET /health',
      'GET /health/live',
      'GET /health/ready',
      'GET /docs',
      'GET /docs-json',
      'GET /docs-yaml',
      'GET /docs/swagger-ui-init.js',
      'GET /docs/swagger-ui-bundle.js',
      'POST /customers/X-customerId/invoices',
      'GET /feed',
    ]) {
      expect(paths).toContain(served);
    }
  });

  it("given no key, when every route is tried, then only GET and HEAD of the health probes, the console's page files and the customers' own routes (to their token alone) answer; the rest say 401 as problem+json", async () => {
    const answered: string[] = [];
    const customerAnswers: { probe: Probe; status: number; reason: unknown }[] = [];
    const consoleAnswers: { probe: Probe; status: number; type: string | undefined; location: string | undefined }[] = [];
    const payPageAnswers: { probe: Probe; status: number; headers: Record<string, string> }[] = [];
    for (const probe of probes) {
      const response = await send(api.app, probe);
      if (response.status !== 401) {
        if (/^\/pay\/[^/]+$/.test(probe.path)) payPageAnswers.push({ probe, status: response.status, headers: response.headers });
        else if (isCustomerLinkRoute(probe.path.replace(/^\/pay\/X-token\//, '/pay/:token/'))) {
          customerAnswers.push({ probe, status: response.status, reason: response.body?.reason });
        } else if (probe.path === '/' || probe.path.startsWith(CONSOLE_PREFIX)) {
          consoleAnswers.push({
            probe,
            status: response.status,
            type: response.headers['content-type'],
            location: response.headers.location,
          });
        } else answered.push(`${probe.method} ${probe.path}`);
        continue;
      }
      expect({ probe, challenge: response.headers['www-authenticate'] }).toEqual({ probe, challenge: 'Bearer' });
      if (probe.method !== 'HEAD')
        expect({ probe, type: response.headers['content-type'] }).toEqual({ probe, type: expect.stringMatching(PROBLEM_JSON) });
    }
    expect(answered.sort()).toEqual([
      'GET /health',
      'GET /health/live',
      'GET /health/ready',
      'HEAD /health',
      'HEAD /health/live',
      'HEAD /health/ready',
    ]);
    expect(PUBLIC_ROUTES.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(answered.sort());
    // The customers' own routes take no key: their token, here a placeholder that opens nothing, is their credential.
    expect(customerAnswers.length).toBeGreaterThanOrEqual(5);
    for (const answer of customerAnswers) {
      const { method, path } = answer.probe;
      // A fresh-link request answers every token alike; the others refuse a body before the token, or the token.
      const expected = path.endsWith('/link-requests') ? 202 : method === 'POST' ? 400 : 404;
      expect({ probe: answer.probe, status: answer.status }).toEqual({ probe: answer.probe, status: expected });
      if (method === 'GET') expect(answer.reason).toBe('invalid');
    }
    // The console's files hold no data: a redirect, its page, its scripts and styles.
    expect(consoleAnswers.length).toBeGreaterThan(3);
    for (const answer of consoleAnswers) {
      if (answer.probe.path === '/') expect(answer).toMatchObject({ status: 302, location: CONSOLE_PREFIX });
      else
        expect(answer).toMatchObject({
          status: 200,
          type: expect.stringMatching(/^(text\/html|text\/css|application\/javascript|text\/javascript|application\/json)/),
        });
    }
    // The customer's page: its shell, never cached, its address (the token) never sent on in a Referer.
    expect(payPageAnswers.map(({ probe }) => probe.method).sort()).toEqual(['GET', 'GET', 'HEAD', 'HEAD']);
    for (const answer of payPageAnswers)
      expect(answer).toMatchObject({
        status: 200,
        headers: {
          'content-type': expect.stringMatching(/^text\/html/),
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
          'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
        },
      });
  });

  it('given a key anywhere but Authorization, then it is not taken: the docs stay closed', async () => {
    const key = keyOf('admin');
    const elsewhere: Record<string, string>[] = [
      { 'X-Api-Key': key },
      { Cookie: `key=${key}` },
      { 'Proxy-Authorization': `Bearer ${key}` },
      { Authorization: key },
    ];
    for (const headers of elsewhere) await send(api.app, { method: 'GET', path: '/docs-json' }, headers).expect(401);
    await send(api.app, { method: 'GET', path: `/docs-json?key=${key}` }).expect(401);
  });

  it("given a key of any role, then the OpenAPI document, its UI and the UI's assets are served", async () => {
    for (const role of KEY_ROLES) {
      const auth = { Authorization: `Bearer ${keyOf(role)}` };
      const { body } = await send(api.app, { method: 'GET', path: '/docs-json' }, auth).expect(200);
      expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      await send(api.app, { method: 'GET', path: '/docs/swagger-ui-init.js' }, auth).expect(200);
      await send(api.app, { method: 'GET', path: '/docs/swagger-ui.css' }, auth).expect(200);
      const page = await send(api.app, { method: 'GET', path: '/docs' }, auth).redirects(1).expect(200);
      expect(page.text).toContain('swagger-ui');
    }
  });

  it('never says what it runs on: no X-Powered-By on any answer, with a key or without', async () => {
    const auth = { Authorization: `Bearer ${keyOf('admin')}` };
    for (const probe of probes) {
      expect({ probe, header: (await send(api.app, probe)).headers['x-powered-by'] }).toEqual({ probe, header: undefined });
    }
    for (const path of ['/health', '/docs-json', '/customers/C-1/history', '/no-such-route']) {
      expect({ path, header: (await send(api.app, { method: 'GET', path }, auth)).headers['x-powered-by'] }).toEqual({
        path,
        header: undefined,
      });
    }
  });
});
