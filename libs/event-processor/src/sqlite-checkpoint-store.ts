import Database from 'better-sqlite3';
import { Checkpoint, CheckpointCommit, CheckpointStore } from './checkpoint-store.port';

/**
 * Checkpoints in a table of a SQLite file the caller opened (`openSqliteFile`) and migrated with
 * `createCheckpointsTable`: the embedded adapter, for handlers whose writes go elsewhere (the
 * engine's reactions and letters). Several processes may share the file.
 */
export class SqliteCheckpointStore implements CheckpointStore<undefined> {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      load: db.prepare<[string], { name: string; position: number; version: number | null }>(
        'SELECT name, position, version FROM checkpoints WHERE name = ?',
      ),
      // Only ever forwards: two processes following the same events cannot move it back.
      save: db.prepare(
        `INSERT INTO checkpoints (name, position, version) VALUES (@name, @position, @version)
         ON CONFLICT (name) DO UPDATE SET position = MAX(position, excluded.position), version = excluded.version`,
      ),
      remove: db.prepare('DELETE FROM checkpoints WHERE name = ?'),
    };
    this.saveAll = db.transaction((commits: readonly CheckpointCommit<undefined>[]) => {
      for (const { name, checkpoint } of commits)
        this.statements.save.run({ name, position: checkpoint.position, version: checkpoint.version ?? null });
    });
  }

  private readonly saveAll: (commits: readonly CheckpointCommit<undefined>[]) => void;

  async load(names: readonly string[]): Promise<Map<string, Checkpoint>> {
    const loaded = new Map<string, Checkpoint>();
    for (const name of names) {
      const row = this.statements.load.get(name);
      if (row) loaded.set(name, { position: row.position, ...(row.version === null ? {} : { version: row.version }) });
    }
    return loaded;
  }

  /** The work first, then the checkpoints in one SQLite transaction: a crash between repeats the work. */
  async commit(commits: readonly CheckpointCommit<undefined>[]): Promise<void> {
    for (const { work } of commits) await work?.(undefined);
    this.saveAll(commits);
  }

  async remove(name: string): Promise<void> {
    this.statements.remove.run(name);
  }
}

/** The checkpoints table, for the migration of the file that holds it (a file of before gains `version`). */
export function createCheckpointsTable(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL, version INTEGER)');
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('checkpoints')").all();
  if (!columns.some((column) => column.name === 'version')) db.exec('ALTER TABLE checkpoints ADD COLUMN version INTEGER');
}
