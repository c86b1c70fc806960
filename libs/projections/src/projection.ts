import { CollectionEvent } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadDocument } from '@collections/read-store';

/**
 * The documents of one batch, loaded once and written back together with the checkpoint. A
 * projection reads what it needs with `get` and hands back whole documents with `put`.
 */
export interface BatchDocuments {
  get<T extends ReadDocument>(collection: string, id: string): Promise<T | undefined>;
  put<T extends ReadDocument>(collection: string, document: T): void;
  delete(collection: string, id: string): void;
}

export interface CollectionSpec {
  name: string;
  indexes: { keys: Record<string, 1 | -1>; unique?: boolean }[];
  /**
   * The projection's own bookkeeping, not a read model: dropped and rebuilt with the projection, but
   * not queryable (POST /read-models/:collection/query) and without a published schema, so its shape
   * may change with the projection's version without breaking anyone's saved query. E.g. what the
   * fast KPIs follow money with (`kpi_cohorts`, `kpi_facts`), or the fitted payment model.
   */
  internal?: boolean;
}

/**
 * A read model: the collections it owns and how each event changes their documents. `version`
 * is bumped whenever `apply` changes meaning, so that the projector rebuilds it from zero.
 *
 * `apply` treats the event as read-only (documents may hold parts of it, e.g. an `invoiceIds`
 * array) and keeps no reference to a document after the batch: the embedded store takes the
 * documents handed to `put` as they are, without a copy.
 */
export interface Projection {
  name: string;
  version: number;
  collections: CollectionSpec[];
  /** Event types it reacts to; others are skipped without loading anything. */
  eventTypes: readonly CollectionEvent['type'][];
  apply(event: StoredCollectionEvent, documents: BatchDocuments): Promise<void>;
  /**
   * After the batch's last `apply`, before its documents are written: work that depends only on
   * where the batch leaves a document, done once per batch instead of once per event (a customer's
   * predictions). What it writes must not depend on where batches begin and end.
   */
  finish?(documents: BatchDocuments): Promise<void>;
}
