import {
  AggregateOptions,
  BulkOperation,
  BulkWriteResult,
  Filter,
  FindOptions,
  IndexOptions,
  Pipeline,
  ReadCollection,
  ReadDocument,
  ReadSession,
  Update,
  UpdateResult,
  WriteOptions,
} from '../read-store.port';
import { isOwnableDocument, prepareDocument, prepareReplacement } from './documents';
import type { Engine } from './engine';
import { copyJson, deepFreeze, JsonObject, sameJson } from './json';
import { equalityConditions, idOnly } from './matching';
import { CompiledUpdate } from './update-compiler';
import type { WritableView } from './views';

export class EmbeddedCollection<T extends ReadDocument> implements ReadCollection<T> {
  constructor(
    private readonly engine: Engine,
    readonly name: string,
  ) {}

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    return this.engine.read(this.name, options.session).find(filter, options) as T[];
  }

  async findOne(filter: Filter = {}, options: Omit<FindOptions, 'limit'> = {}): Promise<T | null> {
    const { session, readOnly, ...shaping } = options;
    const id = idOnly(filter);
    if (id !== undefined && Object.keys(shaping).length === 0) {
      // The projector reads every document it changes this way, millions in a catch-up: straight to it.
      const document = this.engine.read(this.name, session).get(id);
      return document ? ((readOnly ? deepFreeze(document) : copyJson(document)) as T) : null;
    }
    const [document] = this.engine.read(this.name, session).find(filter, { ...options, limit: 1 });
    return (document as T | undefined) ?? null;
  }

  async countDocuments(filter: Filter = {}, options: { session?: ReadSession } = {}): Promise<number> {
    return this.engine.read(this.name, options.session).matching(filter).length;
  }

  async aggregate<R = Record<string, unknown>>(pipeline: Pipeline, options: AggregateOptions = {}): Promise<R[]> {
    const { session, ...bounds } = options;
    const resolveCollection = (name: string) => [...this.engine.read(name, session).all()].map(copyJson);
    return this.engine.read(this.name, session).aggregate(pipeline, resolveCollection, bounds) as R[];
  }

  async insertOne(document: T, options: { session?: ReadSession } = {}): Promise<void> {
    const prepared = prepareDocument(document, document._id);
    await this.write(options.session, (target) => target.insert(prepared));
  }

  async updateOne(filter: Filter, update: Update, options: WriteOptions = {}): Promise<UpdateResult> {
    const compiled = new CompiledUpdate(update);
    return this.write(options.session, (target) => updateIn(target, filter, compiled, options.upsert, 1));
  }

  async updateMany(filter: Filter, update: Update, options: WriteOptions = {}): Promise<UpdateResult> {
    const compiled = new CompiledUpdate(update);
    return this.write(options.session, (target) => updateIn(target, filter, compiled, options.upsert, Infinity));
  }

  async replaceOne(filter: Filter, replacement: T, options: WriteOptions = {}): Promise<UpdateResult> {
    const prepared = prepareReplacement(replacement);
    return this.write(options.session, (target) => replaceIn(target, filter, prepared, options.upsert));
  }

  async deleteMany(filter: Filter, options: { session?: ReadSession } = {}): Promise<{ deletedCount: number }> {
    return { deletedCount: await this.write(options.session, (target) => deleteIn(target, filter, Infinity)) };
  }

  async bulkWrite(operations: BulkOperation<T>[], options: { session?: ReadSession } = {}): Promise<BulkWriteResult> {
    const result: BulkWriteResult = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, deletedCount: 0 };
    const addUpdate = (outcome: UpdateResult) => {
      result.matchedCount += outcome.matchedCount;
      result.modifiedCount += outcome.modifiedCount;
      result.upsertedCount += outcome.upsertedCount;
    };
    // Ordered: the first failure stops the batch and (outside a session) the operations before it stay applied.
    await this.write(options.session, (target) => {
      for (const operation of operations) {
        if ('insertOne' in operation) {
          const document = operation.insertOne.document;
          target.insert(prepareDocument(document, document._id));
          result.insertedCount += 1;
        } else if ('updateOne' in operation) {
          const { filter, update, upsert } = operation.updateOne;
          addUpdate(updateIn(target, filter, new CompiledUpdate(update), upsert, 1));
        } else if ('updateMany' in operation) {
          const { filter, update, upsert } = operation.updateMany;
          addUpdate(updateIn(target, filter, new CompiledUpdate(update), upsert, Infinity));
        } else if ('replaceOne' in operation) {
          const { filter, replacement, upsert } = operation.replaceOne;
          addUpdate(replaceIn(target, filter, prepareReplacement(replacement), upsert));
        } else if ('deleteOne' in operation) {
          result.deletedCount += deleteIn(target, operation.deleteOne.filter, 1);
        } else {
          result.deletedCount += deleteIn(target, operation.deleteMany.filter, Infinity);
        }
      }
    });
    return result;
  }

  /**
   * The projector's fast path (see `ReadCollection.replaceOwned`): a document that is already what
   * `toJson` would make of it, `_id` first, is kept as it is; any other is copied as usual.
   */
  async replaceOwned(documents: T[], deletedIds: string[], options: { session?: ReadSession } = {}): Promise<void> {
    await this.write(options.session, (target) => {
      for (const document of documents) {
        const owned: ReadDocument = isOwnableDocument(document) ? document : prepareDocument(document, document._id);
        target.put(owned._id, owned);
      }
      for (const id of deletedIds) if (target.get(id)) target.put(id, undefined);
    });
  }

  async createIndex(keys: Record<string, 1 | -1>, options: IndexOptions = {}): Promise<string> {
    const name = this.engine.createIndex(this.name, keys, options);
    await this.engine.written();
    return name;
  }

  async drop(): Promise<void> {
    this.engine.drop(this.name);
    await this.engine.written();
  }

  /** A write in the session, or alone: then it returns once its commit is on disk. */
  private async write<R>(session: ReadSession | undefined, operation: (target: WritableView) => R): Promise<R> {
    const result = this.engine.write(this.name, session, operation);
    if (!session) await this.engine.written();
    return result;
  }
}

function updateIn(target: WritableView, filter: Filter, update: CompiledUpdate, upsert: boolean | undefined, limit: number): UpdateResult {
  const matches = target.matching(filter, limit);
  let modifiedCount = 0;
  for (const document of matches) {
    const updated = update.applyTo(document, filter);
    if (updated) {
      target.put(document._id, updated);
      modifiedCount += 1;
    }
  }
  if (matches.length > 0 || !upsert) {
    return { matchedCount: matches.length, modifiedCount, upsertedCount: 0, upsertedId: null };
  }
  const inserted = update.toInsert(filter);
  target.insert(inserted);
  return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: inserted._id };
}

function replaceIn(target: WritableView, filter: Filter, replacement: JsonObject, upsert: boolean | undefined): UpdateResult {
  const [current] = target.matching(filter, 1);
  if (current) {
    const replaced = prepareDocument(replacement, current._id);
    const modified = !sameJson(replaced, current);
    if (modified) target.put(current._id, replaced);
    return { matchedCount: 1, modifiedCount: modified ? 1 : 0, upsertedCount: 0, upsertedId: null };
  }
  if (!upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null };
  // A replacement without `_id` takes the filter's `_id` equality, if any.
  const inserted = prepareDocument(replacement, replacement._id ?? equalityConditions(filter).get('_id'));
  target.insert(inserted);
  return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: inserted._id };
}

function deleteIn(target: WritableView, filter: Filter, limit: number): number {
  const matches = target.matching(filter, limit);
  for (const document of matches) target.put(document._id, undefined);
  return matches.length;
}
