import Database from 'better-sqlite3';
import { openSqliteFile } from '@collections/platform';

/**
 * The embedded read store's SQLite file: its layout, how it is opened, and the writes the store
 * sends to it. Opened once by the store's own thread to load everything, then owned by the writer
 * thread (see `FileWriter`).
 */

/** Bumped whenever the table layout changes; a newer file is refused rather than misread. */
const SCHEMA_VERSION = 1;
/** How long opening waits for a previous owner process to let go of the file. */
const BUSY_TIMEOUT_MS = 1000;

/** One step of the file's history, applied in the order the store committed them. */
export type FileWrite =
  /**
   * Documents of one commit: `bodies[i]` is the JSON of `ids[i]`, or empty for a deletion. An array
   * of strings crosses to the writer thread in a third of the time it takes to join them into one
   * string and send that (measured on a commit of 11,000 audit entries: 6 ms against 17-23 ms).
   */
  | { kind: 'documents'; collections: string[]; ids: string[]; bodies: string[] }
  | { kind: 'index'; collection: string; name: string; keys: string; unique: boolean }
  | { kind: 'drop'; collection: string };

export interface StoredIndex {
  collection: string;
  name: string;
  keys: Record<string, 1 | -1>;
  unique: boolean;
}

export class FileOwnedElsewhereError extends Error {
  constructor(file: string, cause: unknown) {
    super(`The read store ${file} is owned by another process`, { cause });
  }
}

/**
 * Opens the file with an exclusive lock (one owning process: another one writing it would leave
 * the memory copy stale), creating or migrating its tables.
 */
export function openFile(file: string): Database.Database {
  try {
    return openSqliteFile(file, {
      holds: 'Read store',
      schemaVersion: SCHEMA_VERSION,
      busyTimeoutMs: BUSY_TIMEOUT_MS,
      exclusive: true,
      migrate,
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw new FileOwnedElsewhereError(file, error);
    throw error;
  }
}

function migrate(db: Database.Database): void {
  // A rowid table keeps insertion order, which becomes the natural order after a reload.
  db.exec(`
    CREATE TABLE IF NOT EXISTS documents (
      collection TEXT NOT NULL,
      id         TEXT NOT NULL,
      body       TEXT NOT NULL,
      UNIQUE (collection, id)
    );
    CREATE TABLE IF NOT EXISTS indexes (
      collection TEXT NOT NULL,
      name       TEXT NOT NULL,
      keys       TEXT NOT NULL,
      is_unique  INTEGER NOT NULL,
      PRIMARY KEY (collection, name)
    );
  `);
}

/** Every stored document, in insertion order, as [collection, id, JSON body]. */
export function storedDocuments(db: Database.Database): Iterable<[string, string, string]> {
  return db.prepare('SELECT collection, id, body FROM documents ORDER BY rowid').raw().iterate() as Iterable<[string, string, string]>;
}

export function storedIndexes(db: Database.Database): StoredIndex[] {
  const rows = db.prepare('SELECT collection, name, keys, is_unique FROM indexes ORDER BY rowid').all() as {
    collection: string;
    name: string;
    keys: string;
    is_unique: number;
  }[];
  return rows.map(({ collection, name, keys, is_unique }) => ({
    collection,
    name,
    keys: JSON.parse(keys) as Record<string, 1 | -1>,
    unique: is_unique === 1,
  }));
}

/** Applies writes to the file, all of them in one SQLite transaction (one fsync). */
export function fileWriter(db: Database.Database): (writes: FileWrite[]) => void {
  const upsertDocument = db.prepare(
    `INSERT INTO documents (collection, id, body) VALUES (?, ?, ?)
     ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body`,
  );
  const deleteDocument = db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?');
  const deleteDocuments = db.prepare('DELETE FROM documents WHERE collection = ?');
  const insertIndex = db.prepare('INSERT INTO indexes (collection, name, keys, is_unique) VALUES (?, ?, ?, ?)');
  const deleteIndexes = db.prepare('DELETE FROM indexes WHERE collection = ?');
  return db.transaction((writes: FileWrite[]) => {
    for (const write of writes) {
      switch (write.kind) {
        case 'documents':
          write.ids.forEach((id, i) => {
            if (write.bodies[i] === '') deleteDocument.run(write.collections[i], id);
            else upsertDocument.run(write.collections[i], id, write.bodies[i]);
          });
          break;
        case 'index':
          insertIndex.run(write.collection, write.name, write.keys, write.unique ? 1 : 0);
          break;
        case 'drop':
          deleteDocuments.run(write.collection);
          deleteIndexes.run(write.collection);
          break;
        default: {
          const unknown: never = write;
          throw new Error(`Unknown file write ${JSON.stringify(unknown)}`);
        }
      }
    }
  });
}
