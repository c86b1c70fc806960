import { createEventStore } from '@collections/event-store';
import { ALL_PROJECTIONS, PredictionRefreshSchedule, Projector } from '@collections/projections';
import { createReadStore } from '@collections/read-store';
import { GracefulShutdown, SystemClock, UnsafeDataDirError, preparePrivateDataDir, usePrivateUmask } from '@collections/platform';
import pino from 'pino';
import { ConfigError, loadConfig } from '@collections/config';
import { EventProcessor } from '@collections/event-processor';
import { createMetricsRegistry, observeEventProcessorLag, serveMetrics } from '@collections/metrics';

/**
 * The projector as a process of its own (production, with MongoDB): it follows the event store
 * and keeps every read model. `--once` catches up and exits, for maintenance and tests. On
 * SIGTERM or SIGINT, whether catching up or following, it applies the batch in hand with its
 * checkpoint, reads no further, closes the stores and exits 0 (1 past SHUTDOWN_TIMEOUT_SECONDS).
 * Following, it also refreshes the payment predictions after the catch-up and every
 * PREDICTION_REFRESH_HOURS (not with `--once`).
 */
async function main(): Promise<void> {
  usePrivateUmask();
  const config = loadConfig(process.env);
  const once = process.argv.includes('--once');
  // Only the embedded stores live in DATA_DIR; with EventStoreDB and MongoDB it is left alone.
  if (config.eventStore.kind === 'embedded' || config.readStore.kind === 'embedded') preparePrivateDataDir(config.dataDir);
  const log = pino({ level: config.logLevel, name: 'projector' });
  const shutdown = new GracefulShutdown({
    timeoutSeconds: config.shutdownTimeoutSeconds,
    log,
    flush: () => new Promise((resolve) => log.flush(() => resolve())),
  }).install();
  const events = createEventStore(config.eventStore);
  const readStore = await createReadStore(config.readStore);
  // The process's processor, made here so that its metrics can read every projection's checkpoint.
  const processor = new EventProcessor(events, [], {
    onBatch: ({ position, events: count }) => log.debug({ position, events: count }, 'batch applied'),
    onError: (error) => log.error({ err: error }, 'batch failed; retrying from the checkpoints'),
  });
  const projector = new Projector(events, readStore, [...ALL_PROJECTIONS], {}, processor);
  const predictionRefresh = new PredictionRefreshSchedule(readStore, new SystemClock(), config.predictionRefreshHours, log);
  const metrics = createMetricsRegistry();
  observeEventProcessorLag(metrics, processor, events);
  const metricsServer = config.metricsPort === undefined || once ? undefined : await serveMetrics(metrics, config.metricsPort);
  if (metricsServer) log.info({ port: metricsServer.port }, 'metrics served on /metrics');
  shutdown
    .add({ name: 'stop refreshing the payment predictions', run: () => predictionRefresh.stop() })
    .add({
      name: 'apply the batch in hand with its checkpoint and read no further',
      run: () => projector.stop(),
      pending: () => `the read models at position ${projector.position}`,
    })
    .add({
      name: 'close the metrics server',
      run: () => new Promise((resolve) => (metricsServer ? metricsServer.server.close(resolve) : resolve(undefined))),
    })
    .add({ name: 'close the read store', run: () => readStore.close() })
    .add({ name: 'close the event store', run: () => events.close() });
  try {
    await projector.prepare();
    if (shutdown.started) return;
    const started = Date.now();
    // A signal during the catch-up stops it after the batch in hand (ProcessorStoppedError).
    await projector.catchUp();
    log.info({ position: projector.position, ms: Date.now() - started }, 'caught up');
  } catch (error) {
    // The shutdown stopped the processor or closed a store under the start-up: it exits on its own.
    if (shutdown.started) return log.info({ position: projector.position, err: error }, 'start-up ended by the shutdown');
    throw error;
  }
  if (once) await shutdown.run('caught up (--once)');
  else if (!shutdown.started) {
    projector.start();
    predictionRefresh.start();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError || error instanceof UnsafeDataDirError ? error.message : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exit(1);
});
