import {
  AnyBulkWriteOperation,
  ClientSession,
  Collection,
  Db,
  MongoBulkWriteError,
  MongoClient,
  MongoServerError,
  UpdateResult as DriverUpdateResult,
} from 'mongodb';
import {
  AggregateOptions,
  BulkOperation,
  BulkWriteResult,
  DuplicateKeyError,
  Filter,
  FindOptions,
  IndexOptions,
  Pipeline,
  QueryBoundError,
  QueryBounds,
  QueryRefusedError,
  ReadCollection,
  ReadDocument,
  ReadSession,
  ReadStore,
  TransactionOptions,
  Update,
  UpdateResult,
  WriteOptions,
} from './read-store.port';

const DUPLICATE_KEY = 11000;
/** The server's MaxTimeMSExpired: a read ran past its `maxTimeMS`. */
const MAX_TIME_MS_EXPIRED = 50;
/**
 * A blocking stage ran out of memory with `allowDiskUse: false`: ExceededMemoryLimit,
 * QueryExceededMemoryLimitNoDiskUseAllowed, and the older $sort and $group codes.
 */
const MEMORY_LIMIT_CODES = new Set([146, 292, 16819, 16945]);
/**
 * The server's refusals of a query itself: BadValue, FailedToParse, TypeMismatch, InvalidOptions,
 * InvalidPipelineOperator, and its numbered "location" codes (unknown operators and stages, bad arguments).
 */
const REFUSED_QUERY_CODES = new Set([2, 9, 14, 72, 168]);
const isRefusedQuery = (code: number) => REFUSED_QUERY_CODES.has(code) || (code >= 15_000 && !MEMORY_LIMIT_CODES.has(code));

export interface MongoReadStoreOptions {
  /** Defaults to the database named in the connection string (the driver's default otherwise). */
  database?: string;
}

/**
 * The read store on MongoDB through the official driver: a thin mapping of the port, which mirrors
 * the driver's collection API. `withTransaction` needs a replica set (a single-node one will do,
 * e.g. `mongodb://localhost:27017/?replicaSet=rs0`); on a standalone server it fails.
 */
export class MongoReadStore implements ReadStore {
  private readonly db: Db;

  constructor(
    private readonly client: MongoClient,
    options: MongoReadStoreOptions = {},
  ) {
    this.db = client.db(options.database);
  }

  static async connect(url: string, options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    // Undefined fields are left out, as JSON (and so the embedded store) leaves them out.
    const client = new MongoClient(url, { ignoreUndefined: true });
    await client.connect();
    return new MongoReadStore(client, options);
  }

  collection<T extends ReadDocument>(name: string): ReadCollection<T> {
    return new MongoReadCollection<T>(this.db.collection<ReadDocument>(name));
  }

  /**
   * The driver's `withTransaction`: it reruns `work` on transient errors (write conflicts, elections),
   * so `work` must not swallow errors from the store nor have effects outside it.
   */
  async withTransaction<R>(work: (session: ReadSession) => Promise<R>, options: TransactionOptions = {}): Promise<R> {
    const session = this.client.startSession();
    try {
      // The commit's write concern: `j: false` acknowledges before the journal is on disk.
      const writeConcern = options.journal === false ? { j: false } : undefined;
      return await session.withTransaction(() => work(session as unknown as ReadSession), { writeConcern });
    } finally {
      await session.endSession();
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

class MongoReadCollection<T extends ReadDocument> implements ReadCollection<T> {
  constructor(private readonly collection: Collection<ReadDocument>) {}

  get name(): string {
    return this.collection.collectionName;
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    const { sort, skip, limit, projection, session, maxTimeMS, allowDiskUse } = options;
    const documents = await boundErrors(options, () =>
      this.collection.find(filter, { sort, skip, limit, projection, session: clientSession(session), maxTimeMS, allowDiskUse }).toArray(),
    );
    return documents as T[];
  }

  async findOne(filter: Filter = {}, options: Omit<FindOptions, 'limit'> = {}): Promise<T | null> {
    const { sort, skip, projection, session } = options;
    const document = await this.collection.findOne(filter, { sort, skip, projection, session: clientSession(session) });
    return document as T | null;
  }

  async countDocuments(filter: Filter = {}, options: { session?: ReadSession } = {}): Promise<number> {
    return this.collection.countDocuments(filter, { session: clientSession(options.session) });
  }

  async aggregate<R = Record<string, unknown>>(pipeline: Pipeline, options: AggregateOptions = {}): Promise<R[]> {
    const { session, maxTimeMS, allowDiskUse } = options;
    const results = await boundErrors(options, () =>
      this.collection.aggregate(pipeline, { session: clientSession(session), maxTimeMS, allowDiskUse }).toArray(),
    );
    return results as R[];
  }

  async insertOne(document: T, options: { session?: ReadSession } = {}): Promise<void> {
    await this.mapErrors(() => this.collection.insertOne(document, { session: clientSession(options.session) }));
  }

  async updateOne(filter: Filter, update: Update, options: WriteOptions = {}): Promise<UpdateResult> {
    const { upsert, session } = options;
    return toUpdateResult(
      await this.mapErrors(() => this.collection.updateOne(filter, update, { upsert, session: clientSession(session) })),
    );
  }

  async updateMany(filter: Filter, update: Update, options: WriteOptions = {}): Promise<UpdateResult> {
    const { upsert, session } = options;
    return toUpdateResult(
      await this.mapErrors(() => this.collection.updateMany(filter, update, { upsert, session: clientSession(session) })),
    );
  }

  async replaceOne(filter: Filter, replacement: T, options: WriteOptions = {}): Promise<UpdateResult> {
    const { upsert, session } = options;
    const result = await this.mapErrors(() => this.collection.replaceOne(filter, replacement, { upsert, session: clientSession(session) }));
    return toUpdateResult(result as DriverUpdateResult);
  }

  async deleteMany(filter: Filter, options: { session?: ReadSession } = {}): Promise<{ deletedCount: number }> {
    const { deletedCount } = await this.collection.deleteMany(filter, { session: clientSession(options.session) });
    return { deletedCount };
  }

  async bulkWrite(operations: BulkOperation<T>[], options: { session?: ReadSession } = {}): Promise<BulkWriteResult> {
    // The port's operations have the driver's shape. Ordered: on a failure the driver stops, and
    // (outside a transaction) the operations before it stay applied.
    const result = await this.mapErrors(() =>
      this.collection.bulkWrite(operations as AnyBulkWriteOperation<ReadDocument>[], {
        ordered: true,
        session: clientSession(options.session),
      }),
    );
    const { insertedCount, matchedCount, modifiedCount, upsertedCount, deletedCount } = result;
    return { insertedCount, matchedCount, modifiedCount, upsertedCount, deletedCount };
  }

  async createIndex(keys: Record<string, 1 | -1>, options: IndexOptions = {}): Promise<string> {
    return this.mapErrors(() => this.collection.createIndex(keys, options));
  }

  async drop(): Promise<void> {
    // The driver ignores a missing collection.
    await this.collection.drop();
  }

  /** E11000 becomes the port's DuplicateKeyError; every other error (and its labels) passes through. */
  private async mapErrors<R>(operation: () => Promise<R>): Promise<R> {
    try {
      return await operation();
    } catch (error) {
      throw toDuplicateKeyError(error, this.name) ?? error;
    }
  }
}

/**
 * A read stopped at its bounds becomes the port's QueryBoundError; a bounded read's query the server
 * refused, a QueryRefusedError. Every other error passes through.
 */
async function boundErrors<R>(bounds: QueryBounds, read: () => Promise<R>): Promise<R> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof MongoServerError) || typeof error.code !== 'number') throw error;
    if (error.code === MAX_TIME_MS_EXPIRED) throw new QueryBoundError('time', error.message);
    if (MEMORY_LIMIT_CODES.has(error.code)) throw new QueryBoundError('memory', error.message);
    const bounded = bounds.maxTimeMS !== undefined || bounds.allowDiskUse === false;
    if (bounded && isRefusedQuery(error.code)) throw new QueryRefusedError(error.message);
    throw error;
  }
}

function clientSession(session: ReadSession | undefined): ClientSession | undefined {
  if (session === undefined) return undefined;
  if (!(session instanceof ClientSession)) throw new Error('The session belongs to another read store');
  return session;
}

function toUpdateResult(result: DriverUpdateResult): UpdateResult {
  const { matchedCount, modifiedCount, upsertedCount, upsertedId } = result;
  return { matchedCount, modifiedCount, upsertedCount, upsertedId: upsertedId === null ? null : String(upsertedId) };
}

function toDuplicateKeyError(error: unknown, collection: string): DuplicateKeyError | undefined {
  if (error instanceof MongoBulkWriteError) {
    const [first] = ([] as { code: number; err: object }[]).concat(error.writeErrors);
    if (first?.code !== DUPLICATE_KEY) return undefined;
    // The server's write error carries keyValue even though the driver's type does not declare it.
    return new DuplicateKeyError(collection, (first.err as { keyValue?: Record<string, unknown> }).keyValue ?? {});
  }
  if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
    return new DuplicateKeyError(collection, (error.keyValue as Record<string, unknown> | undefined) ?? {});
  }
  return undefined;
}
