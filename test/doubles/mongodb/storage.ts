/**
 * Committed data, multi-versioned: every commit gets the next timestamp of a logical clock, and each
 * document keeps the versions that a transaction still open may read (snapshot isolation). The
 * catalog (collections and their indexes) is not versioned: it changes outside transactions only.
 */
import { UUID } from 'bson';

export type IndexKey = Record<string, 1 | -1>;

export interface IndexSpec {
  readonly name: string;
  readonly key: IndexKey;
  readonly unique: boolean;
}

export const ID_INDEX: IndexSpec = { name: '_id_', key: { _id: 1 }, unique: true };

/** A document's bytes as of a commit; null once deleted. */
interface Version {
  readonly committedAt: number;
  readonly bytes: Buffer | null;
}

class DocumentHistory {
  /** Oldest first. */
  versions: Version[] = [];

  at(timestamp: number): Buffer | null {
    for (let i = this.versions.length - 1; i >= 0; i--) {
      if (this.versions[i].committedAt <= timestamp) return this.versions[i].bytes;
    }
    return null;
  }

  get latest(): Version {
    return this.versions[this.versions.length - 1];
  }

  /** Drops the versions no reader at or after `oldestSnapshot` can see. */
  prune(oldestSnapshot: number): void {
    let firstVisible = this.versions.length - 1;
    while (firstVisible > 0 && this.versions[firstVisible].committedAt > oldestSnapshot) firstVisible -= 1;
    if (firstVisible > 0) this.versions = this.versions.slice(firstVisible);
  }
}

export class CollectionState {
  readonly uuid = new UUID();
  /** Keyed by the `_id`'s equality key; map order is the natural (insertion) order. */
  readonly documents = new Map<string, DocumentHistory>();
  readonly indexes = new Map<string, IndexSpec>([[ID_INDEX.name, ID_INDEX]]);

  constructor(readonly namespace: string) {}

  get uniqueSecondaryIndexes(): IndexSpec[] {
    return [...this.indexes.values()].filter((index) => index.unique && index !== ID_INDEX);
  }
}

/** Changes to commit together: namespace → document key → new bytes (null deletes). */
export type ChangeSet = ReadonlyMap<string, ReadonlyMap<string, Buffer | null>>;

export class Storage {
  private readonly collections = new Map<string, CollectionState>();
  private clock = 0;

  /** The timestamp of the latest commit: a snapshot taken now reads everything committed so far. */
  get now(): number {
    return this.clock;
  }

  collection(namespace: string): CollectionState | undefined {
    return this.collections.get(namespace);
  }

  /** Creates the collection if missing (as an insert, an upsert or createIndexes does). */
  ensureCollection(namespace: string): { collection: CollectionState; created: boolean } {
    const existing = this.collections.get(namespace);
    if (existing) return { collection: existing, created: false };
    const collection = new CollectionState(namespace);
    this.collections.set(namespace, collection);
    return { collection, created: true };
  }

  drop(namespace: string): CollectionState | undefined {
    const collection = this.collections.get(namespace);
    this.collections.delete(namespace);
    return collection;
  }

  collectionsOf(database: string): CollectionState[] {
    return [...this.collections.values()].filter((collection) => databaseOf(collection.namespace) === database);
  }

  /** Every document of the collection as of `snapshot`, in natural order. */
  *documentsAt(namespace: string, snapshot: number): Generator<[key: string, bytes: Buffer]> {
    const collection = this.collections.get(namespace);
    if (!collection) return;
    for (const [key, history] of collection.documents) {
      const bytes = history.at(snapshot);
      if (bytes) yield [key, bytes];
    }
  }

  documentAt(namespace: string, key: string, snapshot: number): Buffer | null {
    return this.collections.get(namespace)?.documents.get(key)?.at(snapshot) ?? null;
  }

  /** When the document last changed (0 if never): later than a snapshot means a write conflict. */
  lastCommitOf(namespace: string, key: string): number {
    return this.collections.get(namespace)?.documents.get(key)?.latest.committedAt ?? 0;
  }

  /**
   * Applies `changes` as one commit at the next timestamp, keeping the versions that readers from
   * `oldestSnapshot` on still need.
   */
  commit(changes: ChangeSet, oldestSnapshot: number): number {
    if (changes.size === 0) return this.clock;
    const committedAt = ++this.clock;
    for (const [namespace, documents] of changes) {
      const { collection } = this.ensureCollection(namespace);
      for (const [key, bytes] of documents) {
        let history = collection.documents.get(key);
        if (!history) {
          history = new DocumentHistory();
          collection.documents.set(key, history);
        }
        history.versions.push({ committedAt, bytes });
        history.prune(Math.min(oldestSnapshot, committedAt));
        // A deletion nobody can look behind any more leaves no trace (a re-insert goes to the end).
        if (history.versions.length === 1 && history.latest.bytes === null && committedAt <= oldestSnapshot) {
          collection.documents.delete(key);
        }
      }
    }
    return committedAt;
  }
}

export function databaseOf(namespace: string): string {
  return namespace.slice(0, namespace.indexOf('.'));
}

export function collectionNameOf(namespace: string): string {
  return namespace.slice(namespace.indexOf('.') + 1);
}
