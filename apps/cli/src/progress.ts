import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  /** `done` more units finished; `value`, when given, is where the bar now stands. */
  advance(done: number, value?: number): void;
  stop(): void;
}

/** A progress bar on stderr (stdout keeps only the summary): done/total, rate, ETA. */
export function progressBar(total: number, unit: string): Progress {
  const bar = new SingleBar(
    {
      format: `{bar} {value}/{total} ${unit} | {speed} ${unit}/s | ETA {eta_formatted}`,
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
  let value = 0;
  bar.start(total, 0, { speed: 0 });
  return {
    advance: (count, at) => {
      done += count;
      value = at ?? value + count;
      bar.update(value, { speed: Math.round(done / Math.max((performance.now() - started) / 1000, 0.001)) });
    },
    stop: () => bar.stop(),
  };
}

export const NO_PROGRESS: Progress = { advance: () => undefined, stop: () => undefined };
