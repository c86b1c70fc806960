import { AddressInfo } from 'node:net';
import { loadOrCreateAdminKey } from './auth/api-keys';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  let apiKeys = config.apiKeys;
  if (apiKeys === undefined) {
    const { apiKey, created } = loadOrCreateAdminKey(config.dataDir);
    if (created) {
      process.stdout.write(
        `Generated an admin API key; it is shown this once and kept in ${config.dataDir}/admin-api-key:\n  ${apiKey.key}\n` +
          `Use it as: curl -H "Authorization: Bearer ${apiKey.key}" http://localhost:${config.port}/customers/<id>/history\n`,
      );
    }
    apiKeys = [apiKey];
  }
  const app = await createApp({ config, apiKeys });
  await app.listen(config.port);
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.stdout.write(`Collections API listening on http://localhost:${port} (OpenAPI at /docs, event store: ${config.eventStore.kind})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
