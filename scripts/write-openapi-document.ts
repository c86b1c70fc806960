// npm run openapi:client (its first half) — writes the OpenAPI document the api serves at
// /docs-json to libs/api-client/src/generated/openapi.json, from which openapi-typescript then
// generates the typed client's schema (scripts: "openapi:client"). Part of the build. It runs with
// --empty-objects-unknown: a body declared as a bare `type: object` is an object whose fields are
// not described yet, not an object that has none (openapi-typescript's default, Record<string, never>).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '@collections/config';
import { createApp } from '../apps/api/src/bootstrap';

const DOCUMENT_FILE = resolve(__dirname, '../libs/api-client/src/generated/openapi.json');

/**
 * The document exactly as served: the app is built as it is in production, on a throwaway data
 * directory with a one-off admin key. It listens on a loopback port only for as long as one
 * request takes: the route is the one way to the document that is exactly what clients get,
 * whatever the HTTP adapter (Fastify) does to it on the way out.
 */
async function servedDocument(): Promise<unknown> {
  const dataDir = mkdtempSync(join(tmpdir(), 'collections-openapi-'));
  const key = randomBytes(24).toString('hex');
  // Not process.env: the document must not depend on the settings of whoever runs the build.
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', POLICY_ENGINE: 'off' });
  const app = await createApp({ config, apiKeys: [{ key, actor: { id: 'openapi-writer', role: 'admin' } }] });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/docs-json`, { headers: { Authorization: `Bearer ${key}` } });
    if (!response.ok) throw new Error(`GET /docs-json answered ${response.status}: ${await response.text()}`);
    return await response.json();
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

servedDocument()
  .then((document) => {
    mkdirSync(dirname(DOCUMENT_FILE), { recursive: true });
    writeFileSync(DOCUMENT_FILE, `${JSON.stringify(document, null, 2)}\n`);
    process.stdout.write(`wrote the OpenAPI document to ${DOCUMENT_FILE}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
