import type { CommandMetrics, CommandResult } from '@collections/accounts';
import { Counter, Histogram, Registry } from 'prom-client';
import { METRIC_PREFIX } from './metrics-registry';

/** Seconds: a cached account decides in well under a millisecond; retries after conflicts take up to a second or so. */
const COMMAND_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Events in one append: one command appends one to three; the engine's batch for a customer more. */
const APPEND_EVENTS = [1, 2, 3, 5, 10, 20, 50, 100];

/**
 * The command side's figures: commands by type and outcome, their latency by type, and the
 * appends with their size. Label children are kept per type, so a command costs two map lookups
 * and no allocation.
 */
export class PrometheusCommandMetrics implements CommandMetrics {
  private readonly commands: Counter<'type' | 'outcome'>;
  private readonly durations: Histogram<'type'>;
  private readonly appendSizes: Histogram;
  private readonly counted = new Map<string, Map<CommandResult, Counter.Internal>>();
  private readonly timed = new Map<string, Histogram.Internal<'type'>>();

  constructor(registry: Registry) {
    this.commands = new Counter({
      name: `${METRIC_PREFIX}commands_total`,
      help: 'Commands by type and outcome: accepted, replayed (an Idempotency-Key retry), refused (a business rule or a reused key), invalid (400), conflict (409 after the retries), failed (the store)',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    });
    this.durations = new Histogram({
      name: `${METRIC_PREFIX}command_duration_seconds`,
      help: 'Time from a command reaching the command side to its outcome, queueing and conflict retries included',
      labelNames: ['type'],
      buckets: COMMAND_SECONDS,
      registers: [registry],
    });
    this.appendSizes = new Histogram({
      name: `${METRIC_PREFIX}append_events`,
      help: 'Appends to the event store by the command side (_count) and the events each held (_sum, buckets)',
      buckets: APPEND_EVENTS,
      registers: [registry],
    });
  }

  commandSettled(type: string, result: CommandResult, seconds: number): void {
    this.counterOf(type, result).inc();
    // An invalid command never reached the command side: it has no latency of its own.
    if (result !== 'invalid') this.histogramOf(type).observe(seconds);
  }

  appended(events: number): void {
    this.appendSizes.observe(events);
  }

  private counterOf(type: string, result: CommandResult): Counter.Internal {
    let byResult = this.counted.get(type);
    if (byResult === undefined) this.counted.set(type, (byResult = new Map()));
    let counter = byResult.get(result);
    if (counter === undefined) byResult.set(result, (counter = this.commands.labels(type, result)));
    return counter;
  }

  private histogramOf(type: string): Histogram.Internal<'type'> {
    let histogram = this.timed.get(type);
    if (histogram === undefined) this.timed.set(type, (histogram = this.durations.labels(type)));
    return histogram;
  }
}
