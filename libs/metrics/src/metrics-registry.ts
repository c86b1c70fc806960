import { Metric, Registry, collectDefaultMetrics } from 'prom-client';

/** The Nest token of the process's one registry (the api's; the other processes pass it by hand). */
export const METRICS_REGISTRY = Symbol('MetricsRegistry');

/** Every metric of ours is named collections_…; Node's own keep prom-client's names (nodejs_…, process_…). */
export const METRIC_PREFIX = 'collections_';

let nodeProcessMetrics: Metric[] | undefined;

/**
 * Node's process metrics (collectDefaultMetrics: CPU, memory, event-loop delay, GC, handles).
 * They describe the process, so they are collected once per process, into a registry of their
 * own rather than prom-client's global one: tests that start several apps in one process then
 * share one GC observer and one event-loop monitor instead of adding one per app.
 */
function processMetrics(): Metric[] {
  if (nodeProcessMetrics === undefined) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    nodeProcessMetrics = registry.getMetricsAsArray() as unknown as Metric[];
  }
  return nodeProcessMetrics;
}

/**
 * The one place a registry is made: one per process (per app in tests), holding Node's process
 * metrics; each part of the process adds its own metrics to it (libs/metrics' instruments).
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  for (const metric of processMetrics()) registry.registerMetric(metric);
  return registry;
}
