import { COLLECTION_STREAM_PREFIX, customerIdOf, toCollectionEvent } from '@collections/domain';
import { EventStore, RecordedEvent, SubscriptionMessage } from '@collections/event-store';
import { BulkOperation, ReadCollection, ReadDocument, ReadSession, ReadStore } from '@collections/read-store';
import { BatchDocuments, ProjectedEvent, Projection } from './projection';

/** One document per projection: how far it has applied the event store, and in which version. */
export const CHECKPOINTS = 'projection_checkpoints';

export interface CheckpointDocument extends ReadDocument {
  position: number;
  version: number;
}

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

const IDLE = Symbol('idle');

/**
 * Keeps read models up to date from the event store, the only bus. It reads one catch-up
 * subscription from the lowest checkpoint and applies each batch of events to every projection
 * in ONE read-store transaction together with their checkpoints: a crash at any point leaves
 * each projection exactly at a committed checkpoint, so nothing is lost or applied twice.
 * Events at or below a projection's checkpoint are skipped, which also makes replaying a batch
 * harmless.
 */
export class Projector {
  private readonly batchSize: number;
  private readonly idleFlushMs: number;
  private readonly checkpoints = new Map<string, number>();
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();
  private running: Promise<void> | undefined;
  private stopRequested = false;
  private stopCurrent: (() => Promise<void>) | undefined;

  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    private readonly projections: Projection[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.idleFlushMs = options.idleFlushMs ?? 10;
  }

  /** Creates indexes, loads checkpoints, and resets any projection whose version changed. */
  async prepare(): Promise<void> {
    const stored = await this.readStore.collection<CheckpointDocument>(CHECKPOINTS).find({
      _id: { $in: this.projections.map((projection) => projection.name) },
    });
    for (const projection of this.projections) {
      const checkpoint = stored.find((document) => document._id === projection.name);
      if (checkpoint && checkpoint.version !== projection.version) await this.reset(projection);
      this.checkpoints.set(projection.name, checkpoint?.version === projection.version ? checkpoint.position : 0);
      for (const { name, indexes } of projection.collections) {
        for (const { keys, unique } of indexes) await this.readStore.collection(name).createIndex(keys, { unique });
      }
    }
  }

  /** Applies every event stored so far, then returns. */
  async catchUp(): Promise<void> {
    await this.consume(true);
  }

  /** Follows the event store until `stop()`; a failed batch is retried from the checkpoints. */
  start(): void {
    if (this.running) return;
    this.stopRequested = false;
    this.running = (async () => {
      while (!this.stopRequested) {
        try {
          await this.consume(false);
        } catch (error) {
          this.options.onError?.(error);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.stopCurrent?.();
    await this.running;
    this.running = undefined;
  }

  /** Drops the projections' documents and checkpoints and applies everything again. */
  async rebuild(): Promise<void> {
    for (const projection of this.projections) {
      await this.reset(projection);
      this.checkpoints.set(projection.name, 0);
    }
    await this.prepare();
    await this.catchUp();
  }

  /** The lowest position every projection has applied. */
  get position(): number {
    return Math.min(...this.projections.map((projection) => this.checkpoints.get(projection.name) ?? 0));
  }

  /** Resolves once every projection has applied the event at `position` (read your writes). */
  waitFor(position: number): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ position, resolve }));
  }

  private async reset(projection: Projection): Promise<void> {
    for (const { name } of projection.collections) await this.readStore.collection(name).drop();
    await this.readStore.collection(CHECKPOINTS).deleteMany({ _id: projection.name });
  }

  private async consume(untilCaughtUp: boolean): Promise<void> {
    const from = this.position;
    const subscription = this.events.subscribeToAll({
      fromPosition: from === 0 ? 'start' : from,
      filter: { streamPrefixes: [COLLECTION_STREAM_PREFIX] },
    });
    this.stopCurrent = () => subscription.unsubscribe();
    const messages = subscription[Symbol.asyncIterator]();
    let batch: RecordedEvent[] = [];
    const flush = async () => {
      if (batch.length > 0) await this.applyBatch(batch);
      batch = [];
    };
    try {
      let pending = messages.next();
      let caughtUp = false;
      for (;;) {
        // Once live, a batch that is open stops waiting after a moment and applies what has come;
        // before that the history streams in, and the caught-up marker closes the last batch.
        const next: IteratorResult<SubscriptionMessage> | typeof IDLE =
          batch.length === 0 || !caughtUp ? await pending : await nextOrIdle(pending, this.idleFlushMs);
        if (next === IDLE) {
          await flush();
          continue;
        }
        if (next.done) break;
        pending = messages.next();
        if (next.value.kind === 'event') {
          batch.push(next.value.event);
          if (batch.length >= this.batchSize) await flush();
        } else {
          caughtUp = true;
          await flush();
          if (untilCaughtUp) break;
        }
      }
      await flush();
    } finally {
      this.stopCurrent = undefined;
      await subscription.unsubscribe();
    }
  }

  /**
   * One batch, every projection, one transaction. Events a projection has already applied (at or
   * below its checkpoint) are skipped, so applying a batch twice changes nothing.
   */
  async applyBatch(recorded: RecordedEvent[]): Promise<void> {
    const events = recorded.flatMap((event) => toProjected(event) ?? []);
    const last = recorded[recorded.length - 1].position;
    const applied = new Map<string, number>();
    await this.readStore.withTransaction(async (session) => {
      for (const projection of this.projections) {
        const checkpoint = this.checkpoints.get(projection.name) ?? 0;
        if (last <= checkpoint) continue;
        const documents = new SessionDocuments(this.readStore, session);
        const eventTypes = new Set<string>(projection.eventTypes);
        for (const event of events) {
          if (event.position > checkpoint && eventTypes.has(event.event.type)) {
            await projection.apply(event, documents);
          }
        }
        await documents.write();
        await this.readStore
          .collection<CheckpointDocument>(CHECKPOINTS)
          .replaceOne(
            { _id: projection.name },
            { _id: projection.name, position: last, version: projection.version },
            { upsert: true, session },
          );
        applied.set(projection.name, last);
      }
      // Not journaled: a crash may lose the last batches, but always with their checkpoints, so
      // they are applied again; meanwhile disk writes overlap the next batch.
    }, { journal: false });
    for (const [name, position] of applied) this.checkpoints.set(name, position);
    this.options.onBatch?.({ position: last, events: recorded.length });
    for (const waiter of [...this.waiters]) {
      if (this.position >= waiter.position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

const NOT_YET = Symbol('not yet');

/**
 * The next message, or IDLE if none comes within `ms`. While catching up the next message is
 * usually there already (or a few microtasks away): only then is a timer set, and it is cleared.
 */
async function nextOrIdle<T>(pending: Promise<T>, ms: number): Promise<T | typeof IDLE> {
  for (let tick = 0; tick < 4; tick++) {
    const settled: T | typeof NOT_YET = await Promise.race<T | typeof NOT_YET>([pending, NOT_YET]);
    if (settled !== NOT_YET) return settled;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([pending, new Promise<typeof IDLE>((resolve) => (timer = setTimeout(() => resolve(IDLE), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function toProjected(recorded: RecordedEvent): ProjectedEvent | undefined {
  const event = toCollectionEvent(recorded);
  if (!event) return undefined;
  const metadata = recorded.metadata as { occurredAt: string; recordedAt: string; actor: { id: string; role: string } };
  return {
    event,
    customerId: customerIdOf(recorded.streamId),
    position: recorded.position,
    revision: recorded.revision,
    occurredAt: metadata.occurredAt,
    recordedAt: metadata.recordedAt,
    actor: metadata.actor,
  };
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
