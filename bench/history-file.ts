import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';

/**
 * Writes the benchmarks' history (`customers` × ten chained events) into the event store `file` by
 * a process of its own (bench/write-history.ts), so that the process measured afterwards starts
 * on a store that exists, as a projector or an api would; returns the number of events appended.
 */
export function writeHistoryFile(file: string, customers: number, collectors: number): number {
  const written = execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'write-history.ts'), file, String(customers), String(collectors)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return Number(written.trim());
}

export interface BenchHistory {
  events: SqliteEventStore;
  /** The temporary directory it is in, for the bench's own files; removed afterwards. */
  dir: string;
  appended: number;
}

/** Writes the history into a temporary directory (saying how long it took), runs `work` on it, and removes it all. */
export async function withHistory(customers: number, collectors: number, work: (history: BenchHistory) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
  const file = join(dir, 'events.sqlite');
  const started = performance.now();
  const appended = writeHistoryFile(file, customers, collectors);
  const count = (n: number) => n.toLocaleString('en-US');
  console.log(
    `history: ${count(appended)} events for ${count(customers)} customers appended in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const events = new SqliteEventStore(file);
  try {
    await work({ events, dir, appended });
  } finally {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
