import { ReadDocument } from '../read-store.port';
import type { Engine } from './engine';
import { HashIndex, IndexDefinition } from './indexes';

/**
 * Multi-version concurrency: a collection's committed documents, and a transaction's writes over
 * them, each change remembering the committed version it was made from; a commit whose bases have
 * moved conflicts (see `Engine.commit`) and the transaction runs again.
 */

/** The committed documents of one collection, and their indexes. */
export class CollectionState {
  readonly documents = new Map<string, ReadDocument>();
  readonly indexes = new Map<string, HashIndex>();
}

export interface Change {
  /** The committed version the change was made from; a different one at commit is a conflict. */
  readonly base: ReadDocument | undefined;
  /** The new version; undefined for a deletion. */
  current: ReadDocument | undefined;
}

/** Uncommitted changes to one collection, with indexes over the changed documents. */
export class CollectionWrites {
  readonly changes = new Map<string, Change>();
  private readonly indexes = new Map<IndexDefinition, HashIndex>();

  /** An index over the changed documents, built on first use (the definition may be newer than the changes). */
  index(definition: IndexDefinition): HashIndex {
    let index = this.indexes.get(definition);
    if (!index) {
      index = new HashIndex(definition);
      for (const change of this.changes.values()) index.replace(undefined, change.current);
      this.indexes.set(definition, index);
    }
    return index;
  }

  record(id: string, current: ReadDocument | undefined, committed: ReadDocument | undefined): void {
    const change = this.changes.get(id);
    for (const index of this.indexes.values()) index.replace(change?.current, current);
    if (change) change.current = current;
    else this.changes.set(id, { base: committed, current });
  }
}

/** The changes of one transaction, or of one write call outside a transaction. */
export class WriteSet {
  readonly collections = new Map<string, CollectionWrites>();

  collection(name: string): CollectionWrites {
    let writes = this.collections.get(name);
    if (!writes) {
      writes = new CollectionWrites();
      this.collections.set(name, writes);
    }
    return writes;
  }
}

export class EmbeddedSession {
  readonly writes = new WriteSet();
  /** The first failed operation: like MongoDB, it aborts the whole transaction. */
  failure: { error: unknown } | undefined;
  ended = false;
  /** The engine's version when the session began (see `Engine.version`). */
  readonly startedAt: number;

  constructor(readonly engine: Engine) {
    this.startedAt = engine.version;
  }
}

/** Another commit changed a document this transaction changed; the transaction runs again. */
export class WriteConflictError extends Error {
  readonly code = 112;
  constructor(collection: string, id: string) {
    super(`Write conflict on ${collection} ${id}: another transaction committed it first`);
    this.name = 'WriteConflictError';
  }
}

export class TransactionAbortedError extends Error {
  constructor(cause: unknown) {
    super('The transaction was aborted by an earlier failed operation in it', { cause });
    this.name = 'TransactionAbortedError';
  }
}
