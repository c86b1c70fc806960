/**
 * Server-side cursors: `find`, `aggregate` and the listing commands answer with a first batch and a
 * cursor id; `getMore` hands out the following batches until the cursor is exhausted (id 0);
 * `killCursors` closes one early. Results are computed when the cursor opens (the snapshot a cursor
 * reads from is fixed then anyway); a batch stops at its size or at 16 MiB, whichever comes first.
 */
import { Long } from 'bson';
import { bsonSize, Document } from './bson-values';
import { CommandError } from './errors';
import type { Transaction } from './sessions';

/** The server's default first batch: 101 documents. getMore has no default count. */
const DEFAULT_FIRST_BATCH_SIZE = 101;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

interface OpenCursor {
  readonly namespace: string;
  readonly remaining: Document[];
  /** The transaction that opened the cursor: its end closes the cursor. */
  readonly transaction: Transaction | undefined;
}

export interface OpenOptions {
  readonly batchSize?: number;
  readonly singleBatch?: boolean;
  readonly transaction?: Transaction;
}

export class CursorRegistry {
  private readonly cursors = new Map<number, OpenCursor>();
  /** Ids start past 2^32 so that clients must treat them as the int64 they are. */
  private lastId = 2 ** 32 + Math.floor(Math.random() * 2 ** 20);

  /** Opens a cursor over `documents`; the reply's `cursor` field, with the first batch. */
  open(namespace: string, documents: Document[], options: OpenOptions = {}): Document {
    const remaining = [...documents];
    const firstBatch = takeBatch(remaining, options.batchSize ?? DEFAULT_FIRST_BATCH_SIZE);
    let id = 0;
    if (remaining.length > 0 && !options.singleBatch) {
      id = ++this.lastId;
      this.cursors.set(id, { namespace, remaining, transaction: options.transaction });
    }
    return { firstBatch, id: Long.fromNumber(id), ns: namespace };
  }

  getMore(id: number, namespace: string, batchSize: number | undefined): Document {
    const cursor = this.cursors.get(id);
    if (!cursor || cursor.namespace !== namespace) throw new CommandError('CursorNotFound', `cursor id ${id} not found`);
    const nextBatch = takeBatch(cursor.remaining, batchSize || Infinity);
    if (cursor.remaining.length === 0) this.cursors.delete(id);
    return { nextBatch, id: Long.fromNumber(this.cursors.has(id) ? id : 0), ns: namespace };
  }

  kill(namespace: string, ids: number[]): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      if (this.cursors.get(id)?.namespace === namespace) {
        this.cursors.delete(id);
        killed.push(Long.fromNumber(id));
      } else {
        notFound.push(Long.fromNumber(id));
      }
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] };
  }

  closeOpenedIn(transaction: Transaction): void {
    for (const [id, cursor] of this.cursors) if (cursor.transaction === transaction) this.cursors.delete(id);
  }

  clear(): void {
    this.cursors.clear();
  }
}

/** Removes and returns the next batch: up to `size` documents and 16 MiB, at least one document if any. */
function takeBatch(remaining: Document[], size: number): Document[] {
  let count = 0;
  let bytes = 0;
  while (count < Math.min(size, remaining.length)) {
    bytes += bsonSize(remaining[count]);
    if (count > 0 && bytes > MAX_BATCH_BYTES) break;
    count += 1;
  }
  return remaining.splice(0, count);
}
