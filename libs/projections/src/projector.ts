import { EventStore, RecordedEvent } from '@collections/event-store';
import { EventHandler, EventProcessor, ReadStoreCheckpointStore, StoredCollectionEvent } from '@collections/event-processor';
import { BulkOperation, ReadCollection, ReadDocument, ReadSession, ReadStore } from '@collections/read-store';
import { BatchDocuments, Projection } from './projection';

/** One document per projection: how far it has applied the event store, and in which version. */
export const CHECKPOINTS = 'projection_checkpoints';

export interface ProjectorOptions {
  /** Events applied in one transaction at most. */
  batchSize?: number;
  /** How long to wait for more events before applying a partial batch. */
  idleFlushMs?: number;
  /** Called after each applied batch (progress bars, metrics). */
  onBatch?: (progress: { position: number; events: number }) => void;
  /** Where errors of the live loop go before it restarts from the checkpoints. */
  onError?: (error: unknown) => void;
}

/**
 * A read model as a handler of the event processor: each batch's events of its types go through
 * `apply`, its documents are written in the read store transaction that also stores its
 * checkpoint, so a crash at any point leaves it exactly at a committed checkpoint.
 */
export class ProjectionHandler implements EventHandler<ReadSession> {
  readonly name: string;
  readonly version: number;
  readonly eventTypes: Projection['eventTypes'];

  constructor(
    private readonly projection: Projection,
    private readonly readStore: ReadStore,
    readonly checkpoints: ReadStoreCheckpointStore,
  ) {
    ({ name: this.name, version: this.version, eventTypes: this.eventTypes } = projection);
  }

  async prepare(): Promise<void> {
    for (const { name, indexes } of this.projection.collections) {
      for (const { keys, unique } of indexes) await this.readStore.collection(name).createIndex(keys, { unique });
    }
  }

  async reset(): Promise<void> {
    for (const { name } of this.projection.collections) await this.readStore.collection(name).drop();
  }

  async handle(events: readonly StoredCollectionEvent[], session: ReadSession): Promise<void> {
    const documents = new SessionDocuments(this.readStore, session);
    for (const event of events) await this.projection.apply(event, documents);
    await this.projection.finish?.(documents);
    await documents.write();
  }
}

/**
 * Keeps read models up to date from the event store: every projection is a handler of one event
 * processor, their checkpoints are documents of CHECKPOINTS in the read store, and each batch
 * commits every projection that applied it with its checkpoint in ONE read-store transaction.
 * Events at or below a projection's checkpoint are skipped, which also makes replaying a batch
 * harmless; a projection whose version changed is dropped and rebuilt from the start (on its
 * own, while the others follow live).
 */
export class Projector {
  private readonly processor: EventProcessor;
  readonly handlers: ProjectionHandler[];
  private readonly names: string[];

  /** `processor`: the process's event processor, when other handlers follow the store with them. */
  constructor(
    events: EventStore,
    readStore: ReadStore,
    projections: Projection[],
    options: ProjectorOptions = {},
    processor?: EventProcessor,
  ) {
    // Not journaled: a crash may lose the last batches, but always with their checkpoints, so
    // they are applied again; meanwhile disk writes overlap the next batch.
    const checkpoints = new ReadStoreCheckpointStore(readStore, CHECKPOINTS, { journal: false });
    this.handlers = projections.map((projection) => new ProjectionHandler(projection, readStore, checkpoints));
    this.names = this.handlers.map((handler) => handler.name);
    this.processor =
      processor ??
      new EventProcessor(events, [], {
        batchSize: options.batchSize,
        idleFlushMs: options.idleFlushMs,
        onBatch: options.onBatch && (({ position, events: count }) => options.onBatch?.({ position, events: count })),
        onError: options.onError && ((error) => options.onError?.(error)),
      });
    for (const handler of this.handlers) this.processor.add(handler);
  }

  /** Creates indexes, loads checkpoints, and resets any projection whose version changed. */
  prepare(): Promise<void> {
    return this.processor.prepare(this.names);
  }

  /** Applies every event stored so far, then returns. */
  catchUp(): Promise<void> {
    return this.processor.catchUp(this.names);
  }

  /**
   * Follows the event store until `stop()`; a failed batch is retried from the checkpoints. (A
   * shared processor follows for all its handlers: the process starts it once.)
   */
  start(): void {
    this.processor.start();
  }

  stop(): Promise<void> {
    return this.processor.stop();
  }

  /** Drops the projections' documents and checkpoints and applies everything again. */
  rebuild(): Promise<void> {
    return this.processor.rebuild(this.names);
  }

  /** The lowest position every projection has applied. */
  get position(): number {
    return Math.max(0, this.processor.position(this.names));
  }

  /** Resolves once every projection has applied the event at `position` (read your writes). */
  waitFor(position: number): Promise<void> {
    return this.processor.waitFor(position, this.names);
  }

  /**
   * One batch, every projection, one transaction. Events a projection has already applied (at or
   * below its checkpoint) are skipped, so applying a batch twice changes nothing.
   */
  applyBatch(recorded: RecordedEvent[]): Promise<void> {
    return this.processor.handBatch(recorded, this.names);
  }
}

/**
 * The documents a projection touches in one batch: each is read once (inside the transaction),
 * then changed in memory, and written back in one bulk write per collection.
 */
class SessionDocuments implements BatchDocuments {
  private readonly loaded = new Map<string, Map<string, ReadDocument | undefined>>();
  private readonly changed = new Map<string, Map<string, ReadDocument | null>>();
  private readonly collections = new Map<string, ReadCollection<ReadDocument>>();

  constructor(
    private readonly readStore: ReadStore,
    private readonly session: ReadSession,
  ) {}

  async get<T extends ReadDocument>(collection: string, id: string): Promise<T | undefined> {
    const changed = this.changed.get(collection)?.get(id);
    if (changed !== undefined) return (changed ?? undefined) as T | undefined;
    const cache = this.cacheOf(collection);
    if (!cache.has(id)) {
      const document = await this.collection(collection).findOne({ _id: id }, { session: this.session });
      cache.set(id, document ?? undefined);
    }
    return cache.get(id) as T | undefined;
  }

  /** One handle per collection and batch, not one per document read. */
  private collection(name: string): ReadCollection<ReadDocument> {
    let collection = this.collections.get(name);
    if (!collection) this.collections.set(name, (collection = this.readStore.collection(name)));
    return collection;
  }

  put<T extends ReadDocument>(collection: string, document: T): void {
    this.changesOf(collection).set(document._id, document);
  }

  delete(collection: string, id: string): void {
    this.changesOf(collection).set(id, null);
  }

  /**
   * Writes every changed document once. A store with `replaceOwned` keeps the very objects: the
   * projector never touches them again (this object is dropped after the batch), and projections
   * neither keep references across events nor change events in place (see `Projection`).
   */
  async write(): Promise<void> {
    for (const [name, changes] of this.changed) {
      const collection = this.collection(name);
      if (collection.replaceOwned) {
        const documents: ReadDocument[] = [];
        const deletedIds: string[] = [];
        for (const [id, document] of changes) {
          if (document === null) deletedIds.push(id);
          else documents.push(document);
        }
        await collection.replaceOwned(documents, deletedIds, { session: this.session });
        continue;
      }
      const operations: BulkOperation<ReadDocument>[] = [...changes].map(([id, document]) =>
        document === null
          ? { deleteOne: { filter: { _id: id } } }
          : { replaceOne: { filter: { _id: id }, replacement: document, upsert: true } },
      );
      if (operations.length > 0) await collection.bulkWrite(operations, { session: this.session });
    }
  }

  private cacheOf(collection: string): Map<string, ReadDocument | undefined> {
    let cache = this.loaded.get(collection);
    if (!cache) this.loaded.set(collection, (cache = new Map()));
    return cache;
  }

  private changesOf(collection: string): Map<string, ReadDocument | null> {
    let changes = this.changed.get(collection);
    if (!changes) this.changed.set(collection, (changes = new Map()));
    return changes;
  }
}
