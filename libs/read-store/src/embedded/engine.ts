import type Database from 'better-sqlite3';
import { IndexOptions, ReadDocument, ReadSession } from '../read-store.port';
import { openFile, storedDocuments, storedIndexes } from './persistence/file';
import { FileWriter } from './persistence/file-writer';
import { HashIndex, ID_INDEX_NAME, IndexDefinition } from './indexes';
import { CollectionState, EmbeddedSession, TransactionAbortedError, WriteConflictError, WriteSet } from './transactions';
import { View, WritableView } from './views';

/** Documents, indexes and the SQLite file behind them; shared by a store and its collections. */
export class Engine {
  /** Counts what may invalidate a transaction's reads: commits, new indexes, drops. */
  version = 0;
  private readonly collections = new Map<string, CollectionState>();
  /** Writes the file on another thread; none for ':memory:'. */
  private readonly writer: FileWriter | undefined;
  private closed = false;

  constructor(file: string) {
    if (file === ':memory:') return;
    // This thread loads the file, then the writer thread takes it over, lock included.
    const db = openFile(file);
    try {
      this.load(db);
    } finally {
      db.close();
    }
    this.writer = new FileWriter(file);
  }

  read(name: string, session: ReadSession | undefined): View {
    this.assertOpen();
    return new View(name, this.state(name), this.sessionOf(session)?.writes.collections.get(name));
  }

  /** Runs `operation` inside the session, or alone with its own commit. */
  write<R>(name: string, session: ReadSession | undefined, operation: (target: WritableView) => R): R {
    this.assertOpen();
    const active = this.sessionOf(session);
    if (active) {
      try {
        return operation(new WritableView(name, this.state(name), active.writes.collection(name)));
      } catch (error) {
        active.failure = { error };
        throw error;
      }
    }
    const writes = new WriteSet();
    try {
      return operation(new WritableView(name, this.state(name), writes.collection(name)));
    } finally {
      // Outside a transaction what a failing call did before its failure stays, as in MongoDB.
      this.commit(writes, this.version);
    }
  }

  /**
   * Checks, publishes in memory, and queues the changes for the file, where they land in commit
   * order (see `written`).
   */
  commit(writes: WriteSet, readAt: number): void {
    this.assertOpen();
    // Nothing committed since the writes were made: nothing they were checked against has moved.
    if (readAt !== this.version) this.assertStillValid(writes);
    let published = 0;
    const collections: string[] = [];
    const ids: string[] = [];
    const bodies: string[] = [];
    for (const [name, collectionWrites] of writes.collections) {
      const state = this.state(name);
      for (const [id, change] of collectionWrites.changes) {
        if (change.current === change.base) continue;
        for (const index of state.indexes.values()) index.replace(change.base, change.current);
        if (change.current) state.documents.set(id, change.current);
        else state.documents.delete(id);
        published += 1;
        if (!this.writer) continue;
        collections.push(name);
        ids.push(id);
        bodies.push(change.current ? JSON.stringify(change.current) : '');
      }
    }
    if (published === 0) return;
    this.version += 1;
    this.writer?.submit({ kind: 'documents', collections, ids, bodies });
  }

  /** Throws if another commit changed a document these writes were made from, or took a unique key. */
  private assertStillValid(writes: WriteSet): void {
    for (const [name, collectionWrites] of writes.collections) {
      const view = new WritableView(name, this.state(name), collectionWrites);
      for (const [id, change] of collectionWrites.changes) {
        if (view.state.documents.get(id) !== change.base) throw new WriteConflictError(name, id);
        if (change.current) view.assertUnique(change.current);
      }
    }
  }

  /** Resolves once everything committed so far is on disk. */
  async written(): Promise<void> {
    await this.writer?.whenWritten();
  }

  /** Resolves once at most `commits` commits are still on their way to disk. */
  async backlogAtMost(commits: number): Promise<void> {
    await this.writer?.whenBacklogAtMost(commits);
  }

  createIndex(name: string, keys: Record<string, 1 | -1>, options: IndexOptions): string {
    this.assertOpen();
    const fields = Object.keys(keys);
    if (fields.length === 0 || fields.some((field) => keys[field] !== 1 && keys[field] !== -1)) {
      throw new Error('Index keys must map field names to 1 or -1');
    }
    if (fields.length === 1 && fields[0] === '_id') return ID_INDEX_NAME;
    const definition: IndexDefinition = {
      name: options.name ?? fields.map((field) => `${field}_${keys[field]}`).join('_'),
      keys: { ...keys },
      unique: options.unique ?? false,
    };
    const state = this.state(name);
    const sameKeys = (other: IndexDefinition) => JSON.stringify(other.keys) === JSON.stringify(definition.keys);
    const existing = [...state.indexes.values()].find((index) => index.definition.name === definition.name || sameKeys(index.definition));
    if (existing) {
      const { name: existingName, unique } = existing.definition;
      if (existingName === definition.name && unique === definition.unique && sameKeys(existing.definition)) {
        return definition.name;
      }
      throw new Error(`Index ${definition.name} conflicts with the existing index ${existingName}`);
    }
    const index = new HashIndex(definition);
    for (const document of state.documents.values()) {
      if (definition.unique) {
        for (const [key, values] of index.keysOf(document)) {
          if (index.lookup(fields.length, key)) throw index.duplicateKeyError(name, values);
        }
      }
      index.replace(undefined, document);
    }
    const { unique } = definition;
    this.writer?.submit({ kind: 'index', collection: name, name: definition.name, keys: JSON.stringify(keys), unique });
    state.indexes.set(definition.name, index);
    this.version += 1;
    return definition.name;
  }

  drop(name: string): void {
    this.assertOpen();
    this.writer?.submit({ kind: 'drop', collection: name });
    this.collections.delete(name);
    this.version += 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer?.close();
  }

  private state(name: string): CollectionState {
    let state = this.collections.get(name);
    if (!state) {
      state = new CollectionState();
      this.collections.set(name, state);
    }
    return state;
  }

  private sessionOf(session: ReadSession | undefined): EmbeddedSession | undefined {
    if (session === undefined) return undefined;
    if (!(session instanceof EmbeddedSession) || session.engine !== this) {
      throw new Error('The session belongs to another read store');
    }
    if (session.ended) throw new Error('The session was used after its transaction ended');
    if (session.failure) throw new TransactionAbortedError(session.failure.error);
    return session;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The read store is closed');
    this.writer?.assertHealthy();
  }

  private load(db: Database.Database): void {
    for (const [collection, id, body] of storedDocuments(db)) {
      this.state(collection).documents.set(id, JSON.parse(body) as ReadDocument);
    }
    for (const { collection, name, keys, unique } of storedIndexes(db)) {
      const index = new HashIndex({ name, keys, unique });
      const state = this.state(collection);
      for (const document of state.documents.values()) index.replace(undefined, document);
      state.indexes.set(name, index);
    }
  }
}
