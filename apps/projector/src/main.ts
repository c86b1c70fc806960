import { createEventStore } from '@collections/event-store';
import { ALL_PROJECTIONS, Projector } from '@collections/projections';
import { createReadStore } from '@collections/read-store';
import { UnsafeDataDirError, preparePrivateDataDir, usePrivateUmask } from '@collections/platform';
import pino from 'pino';
import { ConfigError, loadConfig } from '@collections/config';
import { EventProcessor } from '@collections/event-processor';
import { createMetricsRegistry, observeEventProcessorLag, serveMetrics } from '@collections/metrics';

/**
 * The projector as a process of its own (production, with MongoDB): it follows the event store
 * and keeps every read model. `--once` catches up and exits, for maintenance and tests.
 */
async function main(): Promise<void> {
  usePrivateUmask();
  const config = loadConfig(process.env);
  // Only the embedded stores live in DATA_DIR; with EventStoreDB and MongoDB it is left alone.
  if (config.eventStore.kind === 'embedded' || config.readStore.kind === 'embedded') preparePrivateDataDir(config.dataDir);
  const log = pino({ level: config.logLevel, name: 'projector' });
  const events = createEventStore(config.eventStore);
  const readStore = await createReadStore(config.readStore);
  // The process's processor, made here so that its metrics can read every projection's checkpoint.
  const processor = new EventProcessor(events, [], {
    onBatch: ({ position, events: count }) => log.debug({ position, events: count }, 'batch applied'),
    onError: (error) => log.error({ err: error }, 'batch failed; retrying from the checkpoints'),
  });
  const projector = new Projector(events, readStore, [...ALL_PROJECTIONS], {}, processor);
  const metrics = createMetricsRegistry();
  observeEventProcessorLag(metrics, processor, events);
  const metricsServer =
    config.metricsPort === undefined || process.argv.includes('--once') ? undefined : await serveMetrics(metrics, config.metricsPort);
  if (metricsServer) log.info({ port: metricsServer.port }, 'metrics served on /metrics');
  const shutdown = async () => {
    metricsServer?.server.close();
    await projector.stop();
    await readStore.close();
    await events.close();
  };
  await projector.prepare();
  const started = Date.now();
  await projector.catchUp();
  log.info({ position: projector.position, ms: Date.now() - started }, 'caught up');
  if (process.argv.includes('--once')) return shutdown();
  projector.start();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void shutdown().then(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError || error instanceof UnsafeDataDirError ? error.message : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exit(1);
});
