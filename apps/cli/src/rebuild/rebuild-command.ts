import { createEventStore } from '@collections/event-store';
import { ALL_PROJECTIONS, Projector } from '@collections/projections';
import { createReadStore } from '@collections/read-store';
import { loadCliConfig } from '../config';
import { EXIT, ExitCode } from '../exit-codes';
import { NO_PROGRESS, progressBar } from '../progress';

export interface RebuildOptions {
  /** true or false forces the progress bar on or off; undefined shows it on a terminal. */
  progress?: boolean;
}

/**
 * Drops the named projections (all by default) and applies every event again. A rebuild gives
 * the same documents as the incremental projector. The embedded read store belongs to one
 * process, so in embedded mode the api must be stopped first.
 */
export async function rebuildProjections(names: string[], options: RebuildOptions): Promise<ExitCode> {
  const unknown = names.filter((name) => !ALL_PROJECTIONS.some((projection) => projection.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`error: unknown projection ${unknown.join(', ')}; known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}\n`);
    return EXIT.usage;
  }
  const config = loadCliConfig();
  if (!config) return EXIT.usage;
  const selected = names.length === 0 ? [...ALL_PROJECTIONS] : ALL_PROJECTIONS.filter((p) => names.includes(p.name));
  const events = createEventStore(config.eventStore);
  let readStore;
  try {
    readStore = await createReadStore(config.readStore);
  } catch (error) {
    await events.close();
    process.stderr.write(`error: cannot open the read store (is the api running? stop it first): ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  try {
    // Positions are event numbers in the embedded store (EventStoreDB: log offsets), so the
    // head position is the bar's end.
    const [head] = await events.readAll({ direction: 'backwards', maxCount: 1 });
    const progress = (options.progress ?? process.stderr.isTTY) ? progressBar(head?.position ?? 0, 'events') : NO_PROGRESS;
    let applied = 0;
    const projector = new Projector(events, readStore, selected, {
      onBatch: ({ position, events: count }) => {
        applied += count;
        progress.advance(count, position);
      },
    });
    const started = performance.now();
    await projector.rebuild();
    progress.stop();
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `Rebuilt ${selected.map((p) => p.name).join(', ')} from ${applied.toLocaleString('en-US')} events in ` +
        `${seconds.toFixed(1)} s (${Math.round(applied / Math.max(seconds, 0.001)).toLocaleString('en-US')} events/s).\n`,
    );
    return EXIT.ok;
  } finally {
    await readStore.close();
    await events.close();
  }
}
