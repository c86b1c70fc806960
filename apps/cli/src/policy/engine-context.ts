import { INestApplicationContext } from '@nestjs/common';
import { createEngineContext } from '@collections/policy-engine';
import { loadCliConfig } from '../config';
import { EXIT, ExitCode } from '../exit-codes';

/**
 * The policy engine's context on the configured stores, not hosted (the command runs the days it
 * is asked for, then exits); or, after saying why on stderr, the exit code: usage for an unfit
 * environment, failed for stores that do not open.
 */
export async function openEngineContext(): Promise<{ app: INestApplicationContext } | { exit: ExitCode }> {
  const config = loadCliConfig();
  if (!config) return { exit: EXIT.usage };
  try {
    return { app: await createEngineContext(config, { hosted: false, logger: ['error'] }) };
  } catch (error) {
    process.stderr.write(`error: cannot open the stores: ${(error as Error).message}\n`);
    return { exit: EXIT.failed };
  }
}
