import { SystemClock } from '@collections/platform';
import { describeRefresh, refreshPaymentPredictions } from '@collections/projections';
import { createReadStore } from '@collections/read-store';
import { loadCliConfig } from '../config';
import { EXIT, ExitCode } from '../exit-codes';

export interface PredictionsRefreshOptions {
  /** The business date to predict as of (default: today by the clock); never after it. */
  today?: string;
}

/**
 * `predictions refresh`: fits the payment model on every customer's settled invoices, stores it in
 * the predictions read model and predicts every open invoice again as of today — what the process
 * hosting the projections does every PREDICTION_REFRESH_HOURS. The embedded read store belongs to
 * one process, so in embedded mode the api must be stopped first (it refreshes after its own
 * catch-up anyway).
 */
export async function refreshPredictions(options: PredictionsRefreshOptions): Promise<ExitCode> {
  const config = loadCliConfig();
  if (!config) return EXIT.usage;
  const clock = new SystemClock();
  const today = options.today ?? clock.today();
  if (today > clock.today()) {
    process.stderr.write(`error: --today ${today} is after today (${clock.today()}): predictions are made as of a day that has come\n`);
    return EXIT.usage;
  }
  let readStore;
  try {
    readStore = await createReadStore(config.readStore);
  } catch (error) {
    process.stderr.write(`error: cannot open the read store (is the api running? stop it first): ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  try {
    const report = await refreshPaymentPredictions(readStore, { today, now: clock.now() });
    process.stdout.write(`${describeRefresh(report)}\n`);
    return EXIT.ok;
  } finally {
    await readStore.close();
  }
}
