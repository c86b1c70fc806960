/**
 * The read-store port: the subset of a MongoDB database that projections and queries use,
 * shaped like the official driver so that the MongoDB adapter stays thin and the embedded one
 * (documents in memory, queried with mingo, persisted with their checkpoints) answers the same
 * dialect. Filters, updates and pipelines are plain MongoDB documents.
 */

/** Every read-model document has a string `_id`. */
export interface ReadDocument {
  _id: string;
  [field: string]: unknown;
}

/** A MongoDB query filter, e.g. `{ customerId: 'C-1', balance: { $gt: 0 } }`. */
export type Filter = Record<string, unknown>;
/** A MongoDB update with operators: `$set`, `$unset`, `$inc`, `$push`, `$pull`, `$setOnInsert`, … */
export type Update = Record<string, unknown>;
/** A MongoDB aggregation pipeline. */
export type Pipeline = Record<string, unknown>[];
export type Sort = Record<string, 1 | -1>;
export type Projection = Record<string, 0 | 1>;

/** Writes that must commit together share a session (see `ReadStore.withTransaction`). */
export interface ReadSession {
  readonly __readSession: unique symbol;
}

/**
 * Bounds on one read, for questions nobody wrote ahead (ad-hoc queries). A read past a bound fails
 * with a QueryBoundError; reads without them are unbounded, as before.
 */
export interface QueryBounds {
  /**
   * Stop after this long: MongoDB's `maxTimeMS`. The embedded store checks its deadline between
   * documents, at every stage of a pipeline, so a query cannot hold the process past it.
   */
  maxTimeMS?: number;
  /**
   * `false`: blocking stages (`$sort`, `$group`) must do with the memory they are given: MongoDB's
   * `allowDiskUse: false` (100 MB a stage); the embedded store lets one such stage take in at most
   * MAX_BLOCKING_DOCUMENTS documents.
   */
  allowDiskUse?: boolean;
}

export interface AggregateOptions extends QueryBounds {
  session?: ReadSession;
}

export interface FindOptions extends QueryBounds {
  sort?: Sort;
  skip?: number;
  limit?: number;
  projection?: Projection;
  session?: ReadSession;
  /**
   * The caller only reads what comes back: the store may then hand out its own documents, deeply
   * frozen, instead of copies (the embedded store does; MongoDB's are fresh objects anyway).
   * Queries over many documents use it; whoever changes what it read leaves it out.
   */
  readOnly?: boolean;
}

export interface WriteOptions {
  upsert?: boolean;
  session?: ReadSession;
}

export interface UpdateResult {
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
  upsertedId: string | null;
}

export type BulkOperation<T extends ReadDocument> =
  | { insertOne: { document: T } }
  | { updateOne: { filter: Filter; update: Update; upsert?: boolean } }
  | { updateMany: { filter: Filter; update: Update; upsert?: boolean } }
  | { replaceOne: { filter: Filter; replacement: T; upsert?: boolean } }
  | { deleteOne: { filter: Filter } }
  | { deleteMany: { filter: Filter } };

export interface BulkWriteResult {
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
  deletedCount: number;
}

export interface IndexOptions {
  unique?: boolean;
  name?: string;
}

export interface ReadCollection<T extends ReadDocument> {
  readonly name: string;
  find(filter?: Filter, options?: FindOptions): Promise<T[]>;
  findOne(filter?: Filter, options?: Omit<FindOptions, 'limit'>): Promise<T | null>;
  countDocuments(filter?: Filter, options?: { session?: ReadSession }): Promise<number>;
  aggregate<R = Record<string, unknown>>(pipeline: Pipeline, options?: AggregateOptions): Promise<R[]>;
  insertOne(document: T, options?: { session?: ReadSession }): Promise<void>;
  updateOne(filter: Filter, update: Update, options?: WriteOptions): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update, options?: WriteOptions): Promise<UpdateResult>;
  replaceOne(filter: Filter, replacement: T, options?: WriteOptions): Promise<UpdateResult>;
  deleteMany(filter: Filter, options?: { session?: ReadSession }): Promise<{ deletedCount: number }>;
  /** Ordered: stops at the first failing operation, like the driver's default. */
  bulkWrite(operations: BulkOperation<T>[], options?: { session?: ReadSession }): Promise<BulkWriteResult>;
  createIndex(keys: Record<string, 1 | -1>, options?: IndexOptions): Promise<string>;
  /** Removes every document and index; a missing collection is not an error. */
  drop(): Promise<void>;
  /**
   * Optional fast path for a writer that hands over whole documents it will never touch again (the
   * projector): upserts each document by `_id` and deletes the `deletedIds`, as a `bulkWrite` of
   * `replaceOne({ _id }, document, { upsert: true })` and `deleteOne({ _id })` would, but the store
   * may keep the very objects instead of a defensive copy (and reports nothing back). Stores without
   * it are written through `bulkWrite`.
   */
  replaceOwned?(documents: T[], deletedIds: string[], options?: { session?: ReadSession }): Promise<void>;
}

export interface TransactionOptions {
  /**
   * Whether to wait until the commit is on disk (the default), or only until every reader sees it,
   * as MongoDB's write concern `j: false`. A crash may then lose the last commits, each one whole
   * and in commit order: fine for what can be derived again, such as read models committed with
   * their checkpoints.
   */
  journal?: boolean;
}

export interface ReadStore {
  collection<T extends ReadDocument>(name: string): ReadCollection<T>;
  /**
   * Runs `work` so that its writes (those passed the session) commit together or not at all: a
   * MongoDB transaction on a replica set; one SQLite transaction embedded. Reads with the
   * session see the session's own writes; others see them only after the commit.
   */
  withTransaction<R>(work: (session: ReadSession) => Promise<R>, options?: TransactionOptions): Promise<R>;
  close(): Promise<void>;
}

/** A unique index refused a write (MongoDB's E11000). */
export class DuplicateKeyError extends Error {
  readonly code = 11000;
  constructor(
    readonly collection: string,
    readonly key: Record<string, unknown>,
  ) {
    super(`E11000 duplicate key error collection: ${collection} dup key: ${JSON.stringify(key)}`);
    this.name = 'DuplicateKeyError';
  }
}

/** Documents a blocking stage ($sort, $group) of the embedded store may take in under `allowDiskUse: false`. */
export const MAX_BLOCKING_DOCUMENTS = 250_000;

/** A read stopped at one of its QueryBounds: `time` (maxTimeMS) or `memory` (allowDiskUse: false). */
export class QueryBoundError extends Error {
  constructor(
    readonly bound: 'time' | 'memory',
    message: string,
  ) {
    super(message);
    this.name = 'QueryBoundError';
  }
}

/**
 * A bounded read the store could not evaluate: an unknown operator, a malformed stage or value. The
 * store's own words; raised only by reads given QueryBounds, whose questions nobody wrote ahead.
 */
export class QueryRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryRefusedError';
  }
}

export const READ_STORE = Symbol('ReadStore');
