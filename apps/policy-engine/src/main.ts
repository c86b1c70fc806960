import { Logger } from '@nestjs/common';
import { UnsafeDataDirError, preparePrivateDataDir, usePrivateUmask } from '@collections/platform';
import { ConfigError, loadConfig } from '@collections/config';
import { createEngineContext } from '@collections/policy-engine';

/**
 * The policy engine as its own process, for production (EVENT_STORE=eventstoredb): the sagas
 * and letters follow the event store, and the daily runs happen on POLICY_RUN_INTERVAL_MINUTES.
 * With READ_STORE=mongodb its checkpoints, run records and letters outbox are MongoDB
 * collections, which the api reads too; embedded, they are files in the DATA_DIR it shares with
 * the api. Any number of instances may run (docs/operations.md#production-mode).
 */
async function main(): Promise<void> {
  usePrivateUmask();
  const config = loadConfig(process.env);
  // Embedded, its state and the letters outbox are in DATA_DIR; the file transport writes there in any mode.
  preparePrivateDataDir(config.dataDir);
  const app = await createEngineContext(config, { hosted: true, logger: ['log', 'error', 'warn'] });
  app.enableShutdownHooks();
  new Logger('PolicyEngine').log(
    `Policy engine running (policy ${config.policyEngine.policyName}, runs every ${config.policyEngine.runIntervalMinutes} min, event store: ${config.eventStore.kind})`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError || error instanceof UnsafeDataDirError ? error.message : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exit(1);
});
