import { DEFAULT_SIMULATION_START } from '@collections/simulation';
import { BusinessDate } from '@collections/domain';
import { loadCliConfig } from '../config';
import { EXIT, ExitCode } from '../exit-codes';
import { NO_PROGRESS, progressBar } from '../progress';
import { runSimulation } from './simulation-driver';

export interface SimulateOptions {
  customers: number;
  days: number;
  seed: number;
  start?: BusinessDate;
  progress?: boolean;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * `collections simulate`: generates a book and drives it day by day through the command side
 * and the policy engine on the configured stores (DATA_DIR), with a progress bar. Demo data,
 * and the benchmark's load. Same seed, same events.
 */
export async function simulate(options: SimulateOptions): Promise<ExitCode> {
  const config = loadCliConfig();
  if (!config) return EXIT.usage;
  const progress = (options.progress ?? process.stderr.isTTY) ? progressBar(options.days, 'days') : NO_PROGRESS;
  const started = performance.now();
  try {
    const result = await runSimulation(config, {
      customers: options.customers,
      days: options.days,
      seed: options.seed,
      startOn: options.start ?? DEFAULT_SIMULATION_START,
      onDay: () => progress.advance(1),
    });
    progress.stop();
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `Simulated ${count(options.customers)} customers from ${result.startOn} to ${result.endOn} (seed ${options.seed}): ` +
        `${count(result.events)} events — ${count(result.peopleCommands)} commands by people, ${count(result.engineCommands)} by the policy engine, ` +
        `${count(result.letters)} letters — in ${seconds.toFixed(1)} s (${count(Math.round(result.events / seconds))} events/s).\n`,
    );
    for (const { customerId, reason } of result.refused) process.stderr.write(`customer ${customerId}: refused: ${reason}\n`);
    return result.refused.length > 0 ? EXIT.failed : EXIT.ok;
  } catch (error) {
    progress.stop();
    process.stderr.write(`error: the simulation stopped: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}
