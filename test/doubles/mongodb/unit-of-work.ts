/**
 * A unit of work reads one snapshot of the committed data under its own uncommitted writes, and
 * commits those writes together. A multi-document transaction is one unit for its whole life; a
 * write outside a transaction is a unit per statement, committed at once.
 *
 * Conflicts follow the server's first-writer-wins rule: a unit may not change a document (or take a
 * unique key) that another open unit has changed, nor one committed after its snapshot. Reads
 * never wait and never conflict.
 */
import { decodeDocument, Document, encodeDocument, equalityKey } from './bson-values';
import { noSuchTransaction, WriteConflictError } from './errors';
import { collision, duplicateIdError, duplicateKeyError, indexEntries } from './indexes';
import { Storage } from './storage';

export interface VisibleDocument {
  /** The `_id`'s equality key. */
  readonly key: string;
  /** A fresh copy, the caller's to change. */
  readonly document: Document;
}

/** Which open unit has changed which document: the write locks of the server, held until commit or abort. */
export class WriteLocks {
  private readonly holders = new Map<string, UnitOfWork>();

  holderOf(namespace: string, key: string): UnitOfWork | undefined {
    return this.holders.get(lockName(namespace, key));
  }

  take(namespace: string, key: string, unit: UnitOfWork): void {
    this.holders.set(lockName(namespace, key), unit);
  }

  release(namespace: string, key: string): void {
    this.holders.delete(lockName(namespace, key));
  }

  /** The open units with uncommitted writes in `namespace`. */
  writersOf(namespace: string): Set<UnitOfWork> {
    const prefix = `${namespace}\0`;
    const writers = new Set<UnitOfWork>();
    for (const [name, unit] of this.holders) if (name.startsWith(prefix)) writers.add(unit);
    return writers;
  }
}

const lockName = (namespace: string, key: string) => `${namespace}\0${key}`;

type UnitState = 'open' | 'committed' | 'aborted';

export class UnitOfWork {
  /** namespace → document key → new bytes, or null for a deletion. */
  private readonly writes = new Map<string, Map<string, Buffer | null>>();
  private state: UnitState = 'open';
  private markFinished!: () => void;
  /** Resolves once the unit has committed or aborted and released its locks. */
  readonly finished = new Promise<void>((resolve) => (this.markFinished = resolve));

  constructor(
    private readonly storage: Storage,
    private readonly locks: WriteLocks,
    readonly snapshot: number,
    /** Names the unit to a caller who comes too late: "Transaction with { txnNumber: 3 } has been aborted." */
    private readonly description = 'The write',
  ) {}

  get hasWrites(): boolean {
    return this.writes.size > 0;
  }

  /** The collection as this unit sees it, in natural order: its snapshot with its own writes applied. */
  documents(namespace: string): VisibleDocument[] {
    const own = this.writes.get(namespace);
    const visible: VisibleDocument[] = [];
    for (const [key, bytes] of this.storage.documentsAt(namespace, this.snapshot)) {
      const current = own?.has(key) ? own.get(key) : bytes;
      if (current) visible.push({ key, document: decodeDocument(current) });
    }
    // Documents this unit inserted come last, as new records do.
    for (const [key, bytes] of own ?? []) {
      if (bytes && !this.storage.documentAt(namespace, key, this.snapshot)) visible.push({ key, document: decodeDocument(bytes) });
    }
    return visible;
  }

  document(namespace: string, key: string): Document | undefined {
    const own = this.writes.get(namespace);
    const bytes = own?.has(key) ? own.get(key) : this.storage.documentAt(namespace, key, this.snapshot);
    return bytes ? decodeDocument(bytes) : undefined;
  }

  insert(namespace: string, document: Document): void {
    const key = equalityKey(document._id);
    this.assertWritable(namespace, key);
    if (this.document(namespace, key)) throw duplicateIdError(namespace, document._id);
    this.assertUniqueKeysFree(namespace, key, document);
    this.record(namespace, key, encodeDocument(document));
  }

  replace(namespace: string, key: string, document: Document): void {
    this.assertWritable(namespace, key);
    this.assertUniqueKeysFree(namespace, key, document);
    this.record(namespace, key, encodeDocument(document));
  }

  remove(namespace: string, key: string): void {
    this.assertWritable(namespace, key);
    this.record(namespace, key, null);
  }

  /** Makes the writes visible to everyone, as one commit. */
  commit(oldestSnapshot: number): void {
    this.assertOpen();
    this.storage.commit(this.writes, oldestSnapshot);
    this.finish('committed');
  }

  abort(): void {
    if (this.state === 'open') this.finish('aborted');
  }

  private finish(state: UnitState): void {
    this.state = state;
    for (const [namespace, documents] of this.writes) {
      for (const key of documents.keys()) this.locks.release(namespace, key);
    }
    this.markFinished();
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw noSuchTransaction(`${this.description} has been ${this.state}.`);
  }

  private assertWritable(namespace: string, key: string): void {
    this.assertOpen();
    const holder = this.locks.holderOf(namespace, key);
    if (holder && holder !== this) throw new WriteConflictError(holder.finished);
    if (this.storage.lastCommitOf(namespace, key) > this.snapshot) throw new WriteConflictError();
  }

  /** A unique key taken in this unit's view is a duplicate; one taken by a writer it cannot see yet is a conflict. */
  private assertUniqueKeysFree(namespace: string, key: string, document: Document): void {
    const indexes = this.storage.collection(namespace)?.uniqueSecondaryIndexes ?? [];
    if (indexes.length === 0) return;
    const visible = this.documents(namespace).filter((other) => other.key !== key);
    const committedLater = [...this.storage.documentsAt(namespace, this.storage.now)]
      .filter(([otherKey]) => otherKey !== key && this.storage.lastCommitOf(namespace, otherKey) > this.snapshot)
      .map(([, bytes]) => decodeDocument(bytes));
    const otherWriters = [...this.locks.writersOf(namespace)].filter((unit) => unit !== this);
    for (const index of indexes) {
      const entries = indexEntries(index, document);
      for (const other of visible) {
        const values = collision(index, entries, other.document);
        if (values) throw duplicateKeyError(namespace, index, values);
      }
      if (committedLater.some((other) => collision(index, entries, other))) throw new WriteConflictError();
      const blocker = otherWriters.find((unit) => unit.pendingDocuments(namespace).some((other) => collision(index, entries, other)));
      if (blocker) throw new WriteConflictError(blocker.finished);
    }
  }

  private pendingDocuments(namespace: string): Document[] {
    return [...(this.writes.get(namespace)?.values() ?? [])].flatMap((bytes) => (bytes ? [decodeDocument(bytes)] : []));
  }

  private record(namespace: string, key: string, bytes: Buffer | null): void {
    let documents = this.writes.get(namespace);
    if (!documents) {
      documents = new Map();
      this.writes.set(namespace, documents);
    }
    documents.set(key, bytes);
    this.locks.take(namespace, key, this);
  }
}
