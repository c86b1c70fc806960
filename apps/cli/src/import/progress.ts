import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  tick(): void;
  stop(): void;
}

/** A progress bar on stderr (stdout keeps only the summary): commands done/total, rate, ETA. */
export function progressBar(total: number): Progress {
  const bar = new SingleBar(
    {
      format: '{bar} {value}/{total} commands | {speed} commands/s | ETA {eta_formatted}',
      stream: process.stderr,
      // Also when forced onto a stream that is not a terminal (a log file).
      noTTYOutput: true,
      hideCursor: true,
      etaBuffer: 1000,
    },
    Presets.shades_classic,
  );
  const started = performance.now();
  let done = 0;
  bar.start(total, 0, { speed: 0 });
  return {
    tick: () => {
      done++;
      bar.increment(1, { speed: Math.round(done / Math.max((performance.now() - started) / 1000, 0.001)) });
    },
    stop: () => bar.stop(),
  };
}

export const NO_PROGRESS: Progress = { tick: () => undefined, stop: () => undefined };
