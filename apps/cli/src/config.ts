import { AppConfig, ConfigError, loadConfig } from '../../api/src/config/config';

/**
 * The api's configuration (DATA_DIR, EVENT_STORE, READ_STORE, …), so that the CLI works on the
 * same stores; undefined, after saying why on stderr, when the environment is invalid.
 */
export function loadCliConfig(): AppConfig | undefined {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return undefined;
  }
}
