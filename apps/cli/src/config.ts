import { UnsafeDataDirError, preparePrivateDataDir } from '@collections/platform';
import { AppConfig, ConfigError, loadConfig } from '@collections/config';

/**
 * The api's configuration (DATA_DIR, EVENT_STORE, READ_STORE, …), so that the CLI works on the
 * same stores, with DATA_DIR prepared as the api prepares it (0700, our files 0600); undefined,
 * after saying why on stderr, when the environment or the directory is unfit.
 */
export function loadCliConfig(): AppConfig | undefined {
  try {
    const config = loadConfig(process.env);
    // Every command writes there: the letters outbox and the engine's state at least.
    preparePrivateDataDir(config.dataDir);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof UnsafeDataDirError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return undefined;
  }
}
