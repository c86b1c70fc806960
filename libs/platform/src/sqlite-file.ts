import Database from 'better-sqlite3';
import * as path from 'node:path';
import { makePrivateDir } from './data-dir';

export interface SqliteFileOptions {
  /** What the file holds, as error messages name it: "Event store", "Letters outbox". */
  holds: string;
  /** The `user_version` this build writes. */
  schemaVersion: number;
  /**
   * Brings a file from `version` (0: new) to `schemaVersion`. It runs in one transaction with the
   * version bump, so a failed migration leaves the file as it was.
   */
  migrate: (db: Database.Database, version: number) => void;
  busyTimeoutMs?: number;
  /** One owning process (the embedded read store keeps its documents in memory). */
  exclusive?: boolean;
  /** Keeps SQLite's temporary undo journals in memory (measured: faster appends). */
  tempStoreInMemory?: boolean;
}

/**
 * Opens (creating its private directory) every SQLite file the project keeps, the same way:
 * the busy timeout first (switching to WAL needs a lock another process may hold), WAL so that
 * readers never block the writer, `synchronous = FULL` so that a commit survives power loss
 * (NORMAL may lose the last ones), then the schema checked and migrated to `schemaVersion`. A
 * file written by a newer build is refused rather than misread.
 */
export function openSqliteFile(file: string, options: SqliteFileOptions): Database.Database {
  makePrivateDir(path.dirname(path.resolve(file)));
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (options.exclusive) db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    if (options.tempStoreInMemory) db.pragma('temp_store = MEMORY');
    db.transaction(() => {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > options.schemaVersion) {
        throw new Error(`${options.holds} file has schema version ${version}; this build knows up to ${options.schemaVersion}`);
      }
      if (version === options.schemaVersion) return;
      options.migrate(db, version);
      db.pragma(`user_version = ${options.schemaVersion}`);
    })
      // A write transaction takes the lock at once: two processes creating one file take turns,
      // and a second owner of an exclusive file fails here (SQLITE_BUSY, for the caller to name).
      .immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens an existing SQLite file whatever it holds, for a tool that copies it (the backup): the
 * busy timeout, but no journal mode, schema check or migration, which belong to the file's owner.
 */
export function openSqliteFileAsFound(file: string, { busyTimeoutMs = 5000 }: { busyTimeoutMs?: number } = {}): Database.Database {
  const db = new Database(file, { fileMustExist: true });
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  return db;
}
