import { ReadCollection, ReadDocument, ReadSession, ReadStore, TransactionOptions } from '../read-store.port';
import { EmbeddedCollection } from './collection';
import { Engine } from './engine';
import { EmbeddedSession, WriteConflictError } from './transactions';

/**
 * Commits a transaction without `journal` may have on their way to disk before it waits: the
 * writer thread keeps up, and memory stays bounded if the disk cannot.
 */
const MAX_UNJOURNALED_COMMITS = 4;
/** A transaction whose documents another commit changed first is run again, as the driver does. */
const MAX_TRANSACTION_ATTEMPTS = 20;

/**
 * The embedded read store: every document in memory, one `Map` per collection keyed by `_id`, with
 * hash indexes for equality lookups; filters, projections, sorts, updates and pipelines are
 * evaluated by mingo. A SQLite file (WAL, synchronous=FULL) keeps the documents and index
 * definitions; opening loads it all.
 *
 * - The file is owned by one process (SQLite exclusive locking): another process opening it fails,
 *   because the memory copy would no longer match the file.
 * - A write outside a session commits by itself (one SQLite transaction). Like MongoDB without a
 *   transaction, a multi-document write that fails part-way keeps what it did before the failure.
 * - `withTransaction` collects writes in the session's overlay (copy-on-write per document) and
 *   commits them in one SQLite transaction before publishing them in memory; a throw, or any failed
 *   write in the session, discards all of it. Sessions read committed documents plus their own
 *   writes; two transactions that change the same document conflict at commit and the later one is
 *   run again.
 * - Documents are JSON: what goes in is normalised as `JSON.stringify` would (a Date becomes its ISO
 *   string) so memory and disk agree, and everything read out is a deep copy.
 */
export class EmbeddedReadStore implements ReadStore {
  private readonly engine: Engine;

  /** `file` is a path (created if missing) or `':memory:'`. */
  constructor(file: string) {
    this.engine = new Engine(file);
  }

  collection<T extends ReadDocument>(name: string): ReadCollection<T> {
    if (!name || name.includes('$') || name.includes('\0')) throw new Error(`Invalid collection name: '${name}'`);
    return new EmbeddedCollection<T>(this.engine, name);
  }

  /**
   * Like the driver's `withTransaction`, `work` may run more than once (after a write conflict), so
   * it should have no effects outside the store.
   */
  async withTransaction<R>(work: (session: ReadSession) => Promise<R>, options: TransactionOptions = {}): Promise<R> {
    for (let attempt = 1; ; attempt += 1) {
      const session = new EmbeddedSession(this.engine);
      try {
        const result = await work(session as unknown as ReadSession);
        if (session.failure) throw session.failure.error;
        this.engine.commit(session.writes, session.startedAt);
        if (options.journal === false) await this.engine.backlogAtMost(MAX_UNJOURNALED_COMMITS);
        else await this.engine.written();
        return result;
      } catch (error) {
        if (!(error instanceof WriteConflictError) || attempt === MAX_TRANSACTION_ATTEMPTS) throw error;
      } finally {
        session.ended = true;
      }
    }
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}
