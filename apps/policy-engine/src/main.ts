import { Logger } from '@nestjs/common';
import { GracefulShutdown, UnsafeDataDirError, preparePrivateDataDir, usePrivateUmask } from '@collections/platform';
import { ConfigError, loadConfig } from '@collections/config';
import { EngineEvents, createEngineContext } from '@collections/policy-engine';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { LETTER_OUTBOX, LetterOutbox } from '@collections/letters';
import {
  PrometheusCommandMetrics,
  PrometheusPolicyEngineMetrics,
  createMetricsRegistry,
  observeEventProcessorLag,
  observeLettersPending,
  serveMetrics,
} from '@collections/metrics';

/**
 * The policy engine as its own process, for production (EVENT_STORE=eventstoredb): the sagas
 * and letters follow the event store, and the daily runs happen on POLICY_RUN_INTERVAL_MINUTES.
 * With READ_STORE=mongodb its checkpoints, run records and letters outbox are MongoDB
 * collections, which the api reads too; embedded, they are files in the DATA_DIR it shares with
 * the api. Any number of instances may run (docs/operations.md#production-mode). On SIGTERM or
 * SIGINT it stops as the api's hosted engine does (docs/operations.md#stopping-and-restarting).
 */
async function main(): Promise<void> {
  usePrivateUmask();
  const config = loadConfig(process.env);
  // Embedded, its state and the letters outbox are in DATA_DIR; the file transport writes there in any mode.
  preparePrivateDataDir(config.dataDir);
  // For Prometheus on METRICS_PORT: the commands the engine sends (this process's command side has
  // no other caller), its runs and letters, the letters pending, and the lag of its reactions,
  // letter writer and book. Made before the context, whose first scheduled run starts with it.
  const metrics = createMetricsRegistry();
  const app = await createEngineContext(config, {
    hosted: true,
    logger: ['log', 'error', 'warn'],
    commandMetrics: new PrometheusCommandMetrics(metrics),
    engineMetrics: new PrometheusPolicyEngineMetrics(metrics),
  });
  observeEventProcessorLag(metrics, app.get(EngineEvents).processor, app.get<EventStore>(EVENT_STORE));
  observeLettersPending(metrics, app.get<LetterOutbox>(LETTER_OUTBOX));
  const metricsServer = config.metricsPort === undefined ? undefined : await serveMetrics(metrics, config.metricsPort);
  if (metricsServer) new Logger('Metrics').log(`metrics served on port ${metricsServer.port} (/metrics)`);
  const logger = new Logger('Shutdown');
  new GracefulShutdown({
    timeoutSeconds: config.shutdownTimeoutSeconds,
    log: {
      info: (fields, message) => logger.log(`${message} ${JSON.stringify(fields)}`),
      error: (fields, message) => logger.error(`${message} ${JSON.stringify(fields)}`),
    },
    // Nest's logger writes to stdout; an empty write calls back once what was queued before it is out.
    flush: () => new Promise((resolve) => process.stdout.write('', () => resolve())),
  })
    // The engine's hooks: no new run or delivery, a run stops after the customers' batches in
    // flight, the sagas and the letter writer after the events in hand with their checkpoints;
    // then its stores and the event store close.
    .add({ name: 'stop the runs, the sagas, the letters and their delivery; close the stores', run: () => app.close() })
    .add({
      name: 'close the metrics server',
      run: () => new Promise((resolve) => (metricsServer ? metricsServer.server.close(resolve) : resolve(undefined))),
    })
    .install();
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
