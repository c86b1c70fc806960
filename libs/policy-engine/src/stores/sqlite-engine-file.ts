import Database from 'better-sqlite3';
import * as path from 'node:path';
import { BusinessDate } from '@collections/domain';
import { SqliteCheckpointStore, createCheckpointsTable } from '@collections/event-processor';
import { openSqliteFile } from '@collections/platform';
import { RunRecord, RunRecords } from './run-records.port';

/** 1: checkpoints gain the handler's version (files of before have no user_version). */
const SCHEMA_VERSION = 1;

/**
 * The engine's own bookkeeping in embedded mode, `DATA_DIR/policy-engine.sqlite`: the checkpoints
 * of its event handlers (reactions, letters) and its run records. Several processes (the api
 * hosting the engine, the CLI) may share the file.
 */
export class SqliteEngineFile {
  readonly checkpoints: SqliteCheckpointStore;
  readonly runs: SqliteRunRecords;
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openSqliteFile(file, { holds: 'Policy engine', schemaVersion: SCHEMA_VERSION, migrate: createTables });
    this.checkpoints = new SqliteCheckpointStore(this.db);
    this.runs = new SqliteRunRecords(this.db);
  }

  static inDataDir(dataDir: string): SqliteEngineFile {
    return new SqliteEngineFile(path.join(dataDir, 'policy-engine.sqlite'));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function createTables(db: Database.Database): void {
  createCheckpointsTable(db);
  db.exec(`
    CREATE TABLE IF NOT EXISTS runs (
      business_date TEXT PRIMARY KEY, policy TEXT NOT NULL, policy_version INTEGER NOT NULL,
      customers INTEGER NOT NULL, appended INTEGER NOT NULL, replayed INTEGER NOT NULL, refused INTEGER NOT NULL,
      started_at TEXT NOT NULL, finished_at TEXT NOT NULL
    );
  `);
}

interface RunRow {
  business_date: string;
  policy: string;
  policy_version: number;
  customers: number;
  appended: number;
  replayed: number;
  refused: number;
  started_at: string;
  finished_at: string;
}

/** The run records' embedded adapter: a table of the engine's file. */
export class SqliteRunRecords implements RunRecords {
  constructor(private readonly db: Database.Database) {}

  async record(run: RunRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO runs VALUES (@businessDate, @policy, @policyVersion, @customers, @appended, @replayed, @refused, @startedAt, @finishedAt)
         ON CONFLICT (business_date) DO UPDATE SET policy = excluded.policy, policy_version = excluded.policy_version,
           customers = excluded.customers, appended = runs.appended + excluded.appended, replayed = excluded.replayed,
           refused = excluded.refused, finished_at = excluded.finished_at`,
      )
      .run(run);
  }

  async lastRunDate(): Promise<BusinessDate | undefined> {
    const row = this.db.prepare('SELECT MAX(business_date) AS date FROM runs').get() as { date: string | null };
    return row.date ?? undefined;
  }

  async runOn(date: BusinessDate): Promise<RunRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM runs WHERE business_date = ?').get(date) as RunRow | undefined;
    return (
      row && {
        businessDate: row.business_date,
        policy: row.policy,
        policyVersion: row.policy_version,
        customers: row.customers,
        appended: row.appended,
        replayed: row.replayed,
        refused: row.refused,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
      }
    );
  }
}
