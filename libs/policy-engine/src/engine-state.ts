import Database from 'better-sqlite3';
import { makePrivateDir } from '@collections/platform';
import * as path from 'node:path';
import { BusinessDate } from '@collections/domain';

/** What one engine run for one business date did. */
export interface RunRecord {
  businessDate: BusinessDate;
  policy: string;
  policyVersion: number;
  customers: number;
  appended: number;
  replayed: number;
  refused: number;
  startedAt: string;
  finishedAt: string;
}

/**
 * The engine's own bookkeeping, in `DATA_DIR/policy-engine.sqlite`: how far each of its event
 * store subscriptions has got (reactions, letters), and which business dates it has run for, so
 * a scheduled run after downtime knows where to start. Losing it costs time, not correctness:
 * every command the engine sends is idempotent and every letter is stored by a deterministic id.
 * Several processes (the api hosting the engine, the CLI) may share the file.
 */
export class EngineState {
  private readonly db: Database.Database;

  constructor(file: string) {
    makePrivateDir(path.dirname(file));
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS runs (
        business_date TEXT PRIMARY KEY, policy TEXT NOT NULL, policy_version INTEGER NOT NULL,
        customers INTEGER NOT NULL, appended INTEGER NOT NULL, replayed INTEGER NOT NULL, refused INTEGER NOT NULL,
        started_at TEXT NOT NULL, finished_at TEXT NOT NULL
      );
    `);
  }

  static inDataDir(dataDir: string): EngineState {
    return new EngineState(path.join(dataDir, 'policy-engine.sqlite'));
  }

  checkpoint(name: string): number | undefined {
    const row = this.db.prepare('SELECT position FROM checkpoints WHERE name = ?').get(name) as { position: number } | undefined;
    return row?.position;
  }

  /** Only ever forwards: two processes following the same events cannot move it back. */
  saveCheckpoint(name: string, position: number): void {
    this.db
      .prepare('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = MAX(position, excluded.position)')
      .run(name, position);
  }

  recordRun(run: RunRecord): void {
    this.db
      .prepare(
        `INSERT INTO runs VALUES (@businessDate, @policy, @policyVersion, @customers, @appended, @replayed, @refused, @startedAt, @finishedAt)
         ON CONFLICT (business_date) DO UPDATE SET policy = excluded.policy, policy_version = excluded.policy_version,
           customers = excluded.customers, appended = runs.appended + excluded.appended, replayed = excluded.replayed,
           refused = excluded.refused, finished_at = excluded.finished_at`,
      )
      .run(run);
  }

  /** The latest business date a run finished for. */
  lastRunDate(): BusinessDate | undefined {
    const row = this.db.prepare('SELECT MAX(business_date) AS date FROM runs').get() as { date: string | null };
    return row.date ?? undefined;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
