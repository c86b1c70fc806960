import { AddressInfo } from 'node:net';
import { ADMIN_KEY_FILE, UnsafeDataDirError, preparePrivateDataDir, usePrivateUmask } from '@collections/platform';
import { loadOrCreateAdminKey } from './auth/api-keys';
import { createApp } from './bootstrap';
import { installShutdown } from './shutdown';
import { ConfigError, loadConfig } from '@collections/config';

async function main(): Promise<void> {
  // Before anything opens a file: what this process creates is its user's alone.
  usePrivateUmask();
  const config = loadConfig(process.env);
  // The letters outbox and the engine's state live in DATA_DIR whatever the event store.
  preparePrivateDataDir(config.dataDir);
  let apiKeys = config.apiKeys;
  if (apiKeys === undefined) {
    const { apiKey, created } = loadOrCreateAdminKey(config.dataDir);
    if (created) {
      process.stdout.write(
        `Generated an admin API key; it is shown this once and kept in ${config.dataDir}/${ADMIN_KEY_FILE}:\n  ${apiKey.key}\n` +
          `Use it as: curl -H "Authorization: Bearer ${apiKey.key}" http://localhost:${config.port}/customers/<id>/history\n`,
      );
    }
    apiKeys = [apiKey];
  }
  const app = await createApp({ config, apiKeys });
  // Once the app exists (a signal during start-up, before anything is accepted, ends the process
  // at once: the read models commit each batch with its checkpoint, the next start resumes there).
  installShutdown(app, config.shutdownTimeoutSeconds);
  // Every interface, as Node's own default: IPv6 and IPv4 where the host has IPv6, IPv4 where it has not.
  await app.listen(config.port, '::').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EAFNOSUPPORT') throw error;
    return app.listen(config.port, '0.0.0.0');
  });
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.stdout.write(
    `Collections API listening on http://localhost:${port} (OpenAPI at /docs with an API key, event store: ${config.eventStore.kind})\n`,
  );
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof UnsafeDataDirError;
  process.stderr.write(`${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
