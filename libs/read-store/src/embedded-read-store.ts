import type Database from 'better-sqlite3';
import { randomBytes, randomInt } from 'node:crypto';
import { aggregate, Context, update as updateWithFilter } from 'mingo';
import type { Query as MingoQuery } from 'mingo/types/query';
import {
  BulkOperation,
  BulkWriteResult,
  DuplicateKeyError,
  Filter,
  FindOptions,
  IndexOptions,
  Pipeline,
  ReadCollection,
  ReadDocument,
  ReadSession,
  ReadStore,
  TransactionOptions,
  Update,
  UpdateResult,
  WriteOptions,
} from './read-store.port';
import { openFile, storedDocuments, storedIndexes } from './embedded-file';
import { FileWriter } from './embedded-file-writer';

// The tsconfig's node10 module resolution ignores package "exports": mingo's subpath modules are
// loaded by their exported names and typed from the declaration files they ship.
const { Query } = require('mingo/query') as typeof import('mingo/types/query');
const queryOperators = require('mingo/operators/query') as typeof import('mingo/types/operators/query');
const expressionOperators = require('mingo/operators/expression') as typeof import('mingo/types/operators/expression');
const updateOperators = require('mingo/operators/update') as typeof import('mingo/types/operators/update');

/**
 * Commits a transaction without `journal` may have on their way to disk before it waits: the
 * writer thread keeps up, and memory stays bounded if the disk cannot.
 */
const MAX_UNJOURNALED_COMMITS = 4;
/** A transaction whose documents another commit changed first is run again, as the driver does. */
const MAX_TRANSACTION_ATTEMPTS = 20;
/** Every collection has a unique index on `_id` under this name, as in MongoDB. */
const ID_INDEX_NAME = '_id_';

/**
 * mingo copies its operator tables into every compiled query; with the query operators alone that
 * is ~3x cheaper than with the expression operators too, which only `$expr` needs.
 */
const QUERY_CONTEXT = Context.init({ query: queryOperators });
const EXPRESSION_QUERY_CONTEXT = Context.init({ query: queryOperators, expression: expressionOperators });

type JsonObject = Record<string, unknown>;
type UpdateOperator = (expression: JsonObject) => (document: JsonObject) => string[];
/**
 * mingo's update operators called one by one: its `update()` rebuilds operator tables on every call
 * (~100 µs); the operators themselves cost a few µs. `update()` remains for the positional `$`.
 */
const UPDATE_OPERATORS = updateOperators as unknown as Record<string, UpdateOperator>;

/**
 * The embedded read store: every document in memory, one `Map` per collection keyed by `_id`, with
 * hash indexes for equality lookups; filters, projections, sorts, updates and pipelines are
 * evaluated by mingo. A SQLite file (WAL, synchronous=FULL) keeps the documents and index
 * definitions; opening loads it all.
 *
 * - The file is owned by one process (SQLite exclusive locking): another process opening it fails,
 *   because the memory copy would no longer match the file.
 * - A write outside a session commits by itself (one SQLite transaction). Like MongoDB without a
 *   transaction, a multi-document write that fails part-way keeps what it did before the failure.
 * - `withTransaction` collects writes in the session's overlay (copy-on-write per document) and
 *   commits them in one SQLite transaction before publishing them in memory; a throw, or any failed
 *   write in the session, discards all of it. Sessions read committed documents plus their own
 *   writes; two transactions that change the same document conflict at commit and the later one is
 *   run again.
 * - Documents are JSON: what goes in is normalised as `JSON.stringify` would (a Date becomes its ISO
 *   string) so memory and disk agree, and everything read out is a deep copy.
 */
export class EmbeddedReadStore implements ReadStore {
  private readonly engine: Engine;

  /** `file` is a path (created if missing) or `':memory:'`. */
  constructor(file: string) {
    this.engine = new Engine(file);
  }

  collection<T extends ReadDocument>(name: string): ReadCollection<T> {
    if (!name || name.includes('$') || name.includes('\0')) throw new Error(`Invalid collection name: '${name}'`);
    return new EmbeddedCollection<T>(this.engine, name);
  }

  /**
   * Like the driver's `withTransaction`, `work` may run more than once (after a write conflict), so
   * it should have no effects outside the store.
   */
  async withTransaction<R>(work: (session: ReadSession) => Promise<R>, options: TransactionOptions = {}): Promise<R> {
    for (let attempt = 1; ; attempt += 1) {
      const session = new EmbeddedSession(this.engine);
      try {
        const result = await work(session as unknown as ReadSession);
        if (session.failure) throw session.failure.error;
        this.engine.commit(session.writes, session.startedAt);
        if (options.journal === false) await this.engine.backlogAtMost(MAX_UNJOURNALED_COMMITS);
        else await this.engine.written();
        return result;
      } catch (error) {
        if (!(error instanceof WriteConflictError) || attempt === MAX_TRANSACTION_ATTEMPTS) throw error;
      } finally {
        session.ended = true;
      }
    }
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}

class EmbeddedCollection<T extends ReadDocument> implements ReadCollection<T> {
  constructor(
    private readonly engine: Engine,
    readonly name: string,
  ) {}

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    return this.engine.read(this.name, options.session).find(filter, options) as T[];
  }

  async findOne(filter: Filter = {}, options: Omit<FindOptions, 'limit'> = {}): Promise<T | null> {
    const [document] = this.engine.read(this.name, options.session).find(filter, { ...options, limit: 1 });
    return (document as T | undefined) ?? null;
  }

  async countDocuments(filter: Filter = {}, options: { session?: ReadSession } = {}): Promise<number> {
    return this.engine.read(this.name, options.session).matching(filter).length;
  }

  async aggregate<R = Record<string, unknown>>(pipeline: Pipeline, options: { session?: ReadSession } = {}): Promise<R[]> {
    const resolveCollection = (name: string) => [...this.engine.read(name, options.session).all()].map(copyJson);
    return this.engine.read(this.name, options.session).aggregate(pipeline, resolveCollection) as R[];
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

function updateIn(
  target: WritableView,
  filter: Filter,
  update: CompiledUpdate,
  upsert: boolean | undefined,
  limit: number,
): UpdateResult {
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

/** A copy of `document` as JSON, `_id` first (as MongoDB stores it): `id`, or a new ObjectId-like one. */
function prepareDocument(document: JsonObject, id: unknown): ReadDocument {
  const { _id: givenId, ...fields } = toJson(document);
  const documentId = id ?? givenId ?? newObjectId();
  if (givenId !== undefined && givenId !== documentId) throw new ImmutableIdError();
  assertStringId(documentId);
  return { _id: documentId, ...fields };
}

function prepareReplacement(replacement: JsonObject): JsonObject {
  if (Object.keys(replacement).some((field) => field.startsWith('$'))) {
    throw new Error('Replacement document must not contain atomic operators');
  }
  return replacement;
}

/** The update of one call, checked and copied once, then applied to each matched document. */
class CompiledUpdate {
  private readonly setOnInsert: JsonObject;
  private readonly operations: [operator: string, expression: JsonObject][];
  /** The positional `$` needs the filter, which only mingo's (slower) `update()` takes. */
  private readonly positional: boolean;
  private readonly setsId: boolean;

  constructor(update: Update) {
    const operators = Object.keys(update);
    if (operators.length === 0 || operators.some((operator) => !operator.startsWith('$'))) {
      throw new Error('Update document requires atomic operators');
    }
    for (const operator of operators) {
      if (operator === '$currentDate') {
        throw new Error('$currentDate is not supported: documents are JSON; $set a timestamp from the Clock instead');
      }
      if (operator !== '$setOnInsert' && !(operator in UPDATE_OPERATORS)) {
        throw new Error(`Unknown update operator: ${operator}`);
      }
    }
    const { $setOnInsert = {}, ...others } = toJson(update) as Record<string, JsonObject>;
    this.setOnInsert = $setOnInsert;
    this.operations = Object.entries(others);
    const paths = [
      ...Object.keys($setOnInsert),
      ...this.operations.flatMap(([operator, expression]) => [
        ...Object.keys(expression),
        ...(operator === '$rename' ? Object.values(expression).map(String) : []),
      ]),
    ];
    assertNoPathConflicts(paths);
    this.positional = paths.some((field) => field.split('.').includes('$'));
    this.setsId = this.operations.some(([operator, expression]) => operator === '$set' && '_id' in expression);
  }

  /** A new version of `document`, or undefined when the update changes nothing. */
  applyTo(document: ReadDocument, filter: Filter): ReadDocument | undefined {
    const updated = copyJson(document);
    const operations = this.setsId
      ? this.operations.map(([operator, expression]): [string, JsonObject] => [
          operator,
          operator === '$set' ? withoutUnchangedId(expression, document._id) : expression,
        ])
      : this.operations;
    let changed = false;
    if (this.positional) {
      changed = updateWithFilter(updated, Object.fromEntries(operations), undefined, filter).length > 0;
    } else {
      for (const [operator, expression] of operations) {
        changed = UPDATE_OPERATORS[operator](expression)(updated).length > 0 || changed;
      }
    }
    return changed ? updated : undefined;
  }

  /** What an upsert inserts, built in MongoDB's order: the filter's equality fields, `$setOnInsert`, the rest. */
  toInsert(filter: Filter): ReadDocument {
    const { _id: filterId, ...seed } = toJson(Object.fromEntries(equalityConditions(filter)));
    const setId = this.operations.find(([operator]) => operator === '$set')?.[1]._id;
    const id = filterId ?? this.setOnInsert._id ?? setId ?? newObjectId();
    assertStringId(id);
    const document: ReadDocument = { _id: id };
    const steps: [string, JsonObject][] = [['$set', seed], ['$set', this.setOnInsert], ...this.operations];
    for (const [operator, expression] of steps) {
      UPDATE_OPERATORS[operator](operator === '$set' ? withoutUnchangedId(expression, id) : expression)(document);
    }
    return document;
  }
}

/** MongoDB lets an update set `_id` to the value it already has and refuses any other change. */
function withoutUnchangedId(expression: JsonObject, id: string): JsonObject {
  if (!('_id' in expression)) return expression;
  const { _id: newId, ...others } = expression;
  if (newId !== id) throw new ImmutableIdError();
  return others;
}

/** MongoDB refuses an update that names one path twice, or a path and one of its parents. */
function assertNoPathConflicts(paths: string[]): void {
  const seen = new Set<string>();
  for (const field of paths) {
    if (seen.has(field)) throw new Error(`Updating the path '${field}' would create a conflict at '${field}'`);
    seen.add(field);
  }
  for (const field of paths) {
    for (let dot = field.indexOf('.'); dot !== -1; dot = field.indexOf('.', dot + 1)) {
      const parent = field.slice(0, dot);
      if (seen.has(parent)) throw new Error(`Updating the path '${field}' would create a conflict at '${parent}'`);
    }
  }
}

class ImmutableIdError extends Error {
  readonly code = 66;
  constructor() {
    super("Performing an update on the path '_id' would modify the immutable field '_id'");
    this.name = 'ImmutableIdError';
  }
}

/** Another commit changed a document this transaction changed; the transaction runs again. */
class WriteConflictError extends Error {
  readonly code = 112;
  constructor(collection: string, id: string) {
    super(`Write conflict on ${collection} ${id}: another transaction committed it first`);
    this.name = 'WriteConflictError';
  }
}

class TransactionAbortedError extends Error {
  constructor(cause: unknown) {
    super('The transaction was aborted by an earlier failed operation in it', { cause });
    this.name = 'TransactionAbortedError';
  }
}

interface IndexDefinition {
  readonly name: string;
  readonly keys: Readonly<Record<string, 1 | -1>>;
  readonly unique: boolean;
}

/**
 * A hash index for equality on a prefix of its fields: `levels[d]` maps the key of a document's
 * values on the first d+1 fields to the ids of the documents with those values. Arrays fan out
 * (one key per element, as a MongoDB multikey index) and a missing field keys as null.
 */
class HashIndex {
  readonly fields: string[];
  private readonly paths: string[][];
  /** The ids under a key: a lone id as a string (most keys of a compound index), more in a Set. */
  private readonly levels: Map<string, string | Set<string>>[];

  constructor(readonly definition: IndexDefinition) {
    this.fields = Object.keys(definition.keys);
    this.paths = this.fields.map((field) => field.split('.'));
    this.levels = this.fields.map(() => new Map());
  }

  /** The distinct keys of `document` on all the fields, each with the values it encodes. */
  keysOf(document: ReadDocument): Map<string, unknown[]> {
    let tuples: unknown[][] = [[]];
    for (const fieldPath of this.paths) {
      const values = valuesAt(document, fieldPath);
      tuples = tuples.flatMap((tuple) => values.map((value) => [...tuple, value]));
    }
    return new Map(tuples.map((tuple) => [encodeKey(tuple), tuple]));
  }

  lookup(depth: number, key: string): ReadonlySet<string> | undefined {
    const ids = this.levels[depth - 1].get(key);
    return typeof ids === 'string' ? new Set([ids]) : ids;
  }

  /** Moves a document from its `previous` version's keys to its `next` one's. */
  replace(previous: ReadDocument | undefined, next: ReadDocument | undefined): void {
    // Most updates leave the indexed fields alone: comparing values is cheaper than re-keying.
    if (previous && next && this.unchanged(previous, next)) return;
    if (previous) {
      this.levelKeys(previous).forEach((keys, depth) => {
        const level = this.levels[depth];
        for (const key of keys) {
          const ids = level.get(key);
          if (ids === previous._id) level.delete(key);
          else if (typeof ids === 'object') {
            ids.delete(previous._id);
            if (ids.size === 1) level.set(key, ids.values().next().value as string);
            else if (ids.size === 0) level.delete(key);
          }
        }
      });
    }
    if (next) {
      this.levelKeys(next).forEach((keys, depth) => {
        const level = this.levels[depth];
        for (const key of keys) {
          const ids = level.get(key);
          if (ids === undefined) level.set(key, next._id);
          else if (typeof ids === 'object') ids.add(next._id);
          else if (ids !== next._id) level.set(key, new Set([ids, next._id]));
        }
      });
    }
  }

  /** For each depth d, the distinct keys of `document` on the first d+1 fields. */
  private levelKeys(document: ReadDocument): string[][] {
    const scalars = this.scalarsOf(document);
    if (scalars) {
      // One value per field (no arrays): one key per depth.
      const keys: string[][] = [[encodeValue(scalars[0])]];
      let composite = lengthPrefixed(keys[0][0]);
      for (let depth = 1; depth < scalars.length; depth++) {
        composite += lengthPrefixed(encodeValue(scalars[depth]));
        keys.push([composite]);
      }
      return keys;
    }
    const keys: string[][] = [];
    let composites = [''];
    for (const fieldPath of this.paths) {
      const encoded = valuesAt(document, fieldPath).map(encodeValue);
      const parts = encoded.length === 1 ? encoded : [...new Set(encoded)];
      composites = composites.flatMap((composite) => parts.map((part) => composite + lengthPrefixed(part)));
      keys.push(keys.length === 0 ? parts : composites);
    }
    return keys;
  }

  /** Whether the indexed values of two versions of a document are the same. */
  private unchanged(previous: ReadDocument, next: ReadDocument): boolean {
    for (const fieldPath of this.paths) {
      if (fieldPath.length === 1) {
        const before = previous[fieldPath[0]];
        const after = next[fieldPath[0]];
        if (before === after && (typeof before !== 'object' || before === null)) continue;
      }
      if (!sameValues(valuesAt(previous, fieldPath), valuesAt(next, fieldPath))) return false;
    }
    return true;
  }

  /** The document's value on each field when every field is a top-level non-object one; else undefined. */
  private scalarsOf(document: ReadDocument): unknown[] | undefined {
    const values: unknown[] = [];
    for (const fieldPath of this.paths) {
      if (fieldPath.length !== 1) return undefined;
      const value = document[fieldPath[0]];
      if (typeof value === 'object' && value !== null) return undefined;
      values.push(value);
    }
    return values;
  }

  /** The error MongoDB gives when `key` (with `values`) is already taken in this unique index. */
  duplicateKeyError(collection: string, values: unknown[]): DuplicateKeyError {
    return new DuplicateKeyError(collection, Object.fromEntries(this.fields.map((field, i) => [field, values[i] ?? null])));
  }
}

/** The values `fieldPath` reaches in `value`, fanning out over arrays like MongoDB; at least one. */
function valuesAt(value: unknown, fieldPath: readonly string[], depth = 0, found: unknown[] = []): unknown[] {
  if (depth === fieldPath.length) {
    if (Array.isArray(value) && value.length > 0) found.push(...value);
    else found.push(value);
  } else if (Array.isArray(value)) {
    const segment = fieldPath[depth];
    if (/^\d+$/.test(segment)) valuesAt(value[Number(segment)], fieldPath, depth + 1, found);
    for (const element of value) if (isPlainObject(element)) valuesAt(element, fieldPath, depth, found);
  } else if (isPlainObject(value)) {
    valuesAt(value[fieldPath[depth]], fieldPath, depth + 1, found);
  }
  if (depth === 0 && found.length === 0) found.push(undefined);
  return found;
}

function sameValues(left: unknown[], right: unknown[]): boolean {
  return left.length === right.length && left.every((value, i) => value === right[i]);
}

function encodeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return `n${value}`;
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return 'z';
    default:
      return value === null ? 'z' : `j${JSON.stringify(value)}`;
  }
}

/** A one-field key is the encoded value; longer keys length-prefix each part, so no two collide. */
function encodeKey(values: readonly unknown[]): string {
  return values.length === 1 ? encodeValue(values[0]) : values.map((value) => lengthPrefixed(encodeValue(value))).join('');
}

function lengthPrefixed(part: string): string {
  return `${part.length}:${part}`;
}

/** Values an index lookup can answer for: the filter is still tested on every candidate. */
function isIndexableValue(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value));
}

class CollectionState {
  readonly documents = new Map<string, ReadDocument>();
  readonly indexes = new Map<string, HashIndex>();
}

interface Change {
  /** The committed version the change was made from; a different one at commit is a conflict. */
  readonly base: ReadDocument | undefined;
  /** The new version; undefined for a deletion. */
  current: ReadDocument | undefined;
}

/** Uncommitted changes to one collection, with indexes over the changed documents. */
class CollectionWrites {
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
class WriteSet {
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

class EmbeddedSession {
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

/** A collection as one reader sees it: the committed documents under the reader's own changes. */
class View {
  constructor(
    readonly name: string,
    readonly state: CollectionState,
    /** The reader's own uncommitted changes, if it reads in a session that wrote here. */
    protected readonly overlay: CollectionWrites | undefined,
  ) {}

  get(id: string): ReadDocument | undefined {
    const change = this.overlay?.changes.get(id);
    return change ? change.current : this.state.documents.get(id);
  }

  *all(): Generator<ReadDocument> {
    const changes = this.overlay?.changes;
    for (const [id, document] of this.state.documents) {
      const change = changes?.get(id);
      if (!change) yield document;
      else if (change.current) yield change.current;
    }
    if (!changes) return;
    for (const [id, change] of changes) if (change.current && !this.state.documents.has(id)) yield change.current;
  }

  /** Documents matching `filter`, at most `limit`; stored objects, to be copied before they leave the store. */
  matching(filter: Filter, limit = Infinity): ReadDocument[] {
    const { candidates, exact } = this.plan(filter);
    const matches = exact ? undefined : compileMatcher(filter);
    const found: ReadDocument[] = [];
    if (limit <= 0) return found;
    for (const document of candidates) {
      if (matches && !matches(document)) continue;
      found.push(document);
      if (found.length >= limit) break;
    }
    return found;
  }

  find(filter: Filter, { sort, skip, limit, projection, readOnly }: FindOptions): ReadDocument[] {
    // Stored documents are never changed in place (a commit replaces them), so a frozen one can be shared.
    const handOut = readOnly ? deepFreeze : copyJson;
    // MongoDB reads a limit of 0 as "no limit".
    if (!sort && !skip && !projection) return this.matching(filter, limit || Infinity).map(handOut);
    let cursor = compileFilter(filter).find<ReadDocument>(this.plan(filter).candidates, projection);
    if (sort) cursor = cursor.sort(sort);
    if (skip) cursor = cursor.skip(skip);
    if (limit) cursor = cursor.limit(limit);
    return cursor.all().map(handOut);
  }

  aggregate(pipeline: Pipeline, resolveCollection: (name: string) => JsonObject[]): JsonObject[] {
    if (pipeline.some((stage) => '$out' in stage || '$merge' in stage)) {
      throw new Error('$out and $merge are not supported by the embedded read store: write through the collection');
    }
    // A leading $match picks its documents through the indexes, and only those are copied.
    const [first, ...rest] = pipeline;
    const match = first && isPlainObject(first.$match) ? first.$match : undefined;
    const input = match ? this.matching(match) : [...this.all()];
    const stages = match ? rest : pipeline;
    // Stages such as $set modify their input documents in place: give them copies, unless only
    // reading stages lead to a grouping one, whose output is new documents anyway.
    const handOut = readsThenGroups(stages) ? deepFreeze : copyJson;
    return aggregate(input.map(handOut), desugarBuckets(stages), { collectionResolver: resolveCollection });
  }

  /** Where the documents that can match `filter` are; `exact` when every one of them matches. */
  private plan(filter: Filter): { candidates: Iterable<ReadDocument>; exact: boolean } {
    const fields = Object.keys(filter);
    if (fields.length === 0) return { candidates: this.all(), exact: true };
    if (fields.length === 1 && typeof filter._id === 'string') {
      // The projector's lookup of each document it changes: no need to analyse the filter.
      const document = this.get(filter._id);
      return { candidates: document ? [document] : [], exact: true };
    }
    const equalities = equalityConditions(filter);
    const id = equalities.get('_id');
    if (typeof id === 'string') {
      const document = this.get(id);
      return { candidates: document ? [document] : [], exact: fields.length === 1 && filter._id === id };
    }
    const ids = idsIn(filter._id);
    if (ids) return { candidates: ids.map((candidate) => this.get(candidate)).filter(isDefined), exact: false };

    let best: { index: HashIndex; depth: number } | undefined;
    for (const index of this.state.indexes.values()) {
      let depth = 0;
      while (depth < index.fields.length && isIndexableValue(equalities.get(index.fields[depth]))) depth += 1;
      if (depth > (best?.depth ?? 0)) best = { index, depth };
    }
    if (!best) return { candidates: this.all(), exact: false };
    const { index, depth } = best;
    const key = encodeKey(index.fields.slice(0, depth).map((field) => equalities.get(field)));
    return { candidates: this.withKey(index, depth, key), exact: false };
  }

  private *withKey(index: HashIndex, depth: number, key: string): Generator<ReadDocument> {
    const committed = index.lookup(depth, key);
    for (const id of committed ?? []) {
      const document = this.get(id);
      if (document) yield document;
    }
    for (const id of this.overlay?.index(index.definition).lookup(depth, key) ?? []) {
      const document = this.get(id);
      if (document && !committed?.has(id)) yield document;
    }
  }
}

/** A view that records writes: per document, after checking the unique indexes. */
class WritableView extends View {
  constructor(name: string, state: CollectionState, private readonly writes: CollectionWrites) {
    super(name, state, writes);
  }

  insert(document: ReadDocument): void {
    if (this.get(document._id)) throw new DuplicateKeyError(this.name, { _id: document._id });
    this.put(document._id, document);
  }

  /** Records `document` as the new version of `id`; undefined deletes it. */
  put(id: string, document: ReadDocument | undefined): void {
    if (document) this.assertUnique(document);
    this.writes.record(id, document, this.state.documents.get(id));
  }

  assertUnique(document: ReadDocument): void {
    for (const index of this.state.indexes.values()) {
      if (!index.definition.unique) continue;
      const pending = this.writes.index(index.definition);
      const depth = index.fields.length;
      for (const [key, values] of index.keysOf(document)) {
        const committedHolders = [...(index.lookup(depth, key) ?? [])].filter((id) => !this.writes.changes.has(id));
        const holders = [...committedHolders, ...(pending.lookup(depth, key) ?? [])];
        if (holders.some((id) => id !== document._id)) throw index.duplicateKeyError(this.name, values);
      }
    }
  }
}

/** Documents, indexes and the SQLite file behind them; shared by a store and its collections. */
class Engine {
  /** Counts what may invalidate a transaction's reads: commits, new indexes, drops. */
  version = 0;
  private readonly collections = new Map<string, CollectionState>();
  /** Writes the file on another thread; none for ':memory:'. */
  private readonly writer: FileWriter | undefined;
  private closed = false;

  constructor(file: string) {
    if (file === ':memory:') return;
    // This thread loads the file, then the writer thread takes it over, lock included.
    const db = openFile(file);
    try {
      this.load(db);
    } finally {
      db.close();
    }
    this.writer = new FileWriter(file);
  }

  read(name: string, session: ReadSession | undefined): View {
    this.assertOpen();
    return new View(name, this.state(name), this.sessionOf(session)?.writes.collections.get(name));
  }

  /** Runs `operation` inside the session, or alone with its own commit. */
  write<R>(name: string, session: ReadSession | undefined, operation: (target: WritableView) => R): R {
    this.assertOpen();
    const active = this.sessionOf(session);
    if (active) {
      try {
        return operation(new WritableView(name, this.state(name), active.writes.collection(name)));
      } catch (error) {
        active.failure = { error };
        throw error;
      }
    }
    const writes = new WriteSet();
    try {
      return operation(new WritableView(name, this.state(name), writes.collection(name)));
    } finally {
      // Outside a transaction what a failing call did before its failure stays, as in MongoDB.
      this.commit(writes, this.version);
    }
  }

  /**
   * Checks, publishes in memory, and queues the changes for the file, where they land in commit
   * order (see `written`).
   */
  commit(writes: WriteSet, readAt: number): void {
    this.assertOpen();
    // Nothing committed since the writes were made: nothing they were checked against has moved.
    if (readAt !== this.version) this.assertStillValid(writes);
    let published = 0;
    const collections: string[] = [];
    const ids: string[] = [];
    const bodies: string[] = [];
    for (const [name, collectionWrites] of writes.collections) {
      const state = this.state(name);
      for (const [id, change] of collectionWrites.changes) {
        if (change.current === change.base) continue;
        for (const index of state.indexes.values()) index.replace(change.base, change.current);
        if (change.current) state.documents.set(id, change.current);
        else state.documents.delete(id);
        published += 1;
        if (!this.writer) continue;
        collections.push(name);
        ids.push(id);
        bodies.push(change.current ? JSON.stringify(change.current) : '');
      }
    }
    if (published === 0) return;
    this.version += 1;
    this.writer?.submit({ kind: 'documents', collections, ids, bodies: bodies.join('\n') });
  }

  /** Throws if another commit changed a document these writes were made from, or took a unique key. */
  private assertStillValid(writes: WriteSet): void {
    for (const [name, collectionWrites] of writes.collections) {
      const view = new WritableView(name, this.state(name), collectionWrites);
      for (const [id, change] of collectionWrites.changes) {
        if (view.state.documents.get(id) !== change.base) throw new WriteConflictError(name, id);
        if (change.current) view.assertUnique(change.current);
      }
    }
  }

  /** Resolves once everything committed so far is on disk. */
  async written(): Promise<void> {
    await this.writer?.whenWritten();
  }

  /** Resolves once at most `commits` commits are still on their way to disk. */
  async backlogAtMost(commits: number): Promise<void> {
    await this.writer?.whenBacklogAtMost(commits);
  }

  createIndex(name: string, keys: Record<string, 1 | -1>, options: IndexOptions): string {
    this.assertOpen();
    const fields = Object.keys(keys);
    if (fields.length === 0 || fields.some((field) => keys[field] !== 1 && keys[field] !== -1)) {
      throw new Error('Index keys must map field names to 1 or -1');
    }
    if (fields.length === 1 && fields[0] === '_id') return ID_INDEX_NAME;
    const definition: IndexDefinition = {
      name: options.name ?? fields.map((field) => `${field}_${keys[field]}`).join('_'),
      keys: { ...keys },
      unique: options.unique ?? false,
    };
    const state = this.state(name);
    const sameKeys = (other: IndexDefinition) => JSON.stringify(other.keys) === JSON.stringify(definition.keys);
    const existing = [...state.indexes.values()].find(
      (index) => index.definition.name === definition.name || sameKeys(index.definition),
    );
    if (existing) {
      const { name: existingName, unique } = existing.definition;
      if (existingName === definition.name && unique === definition.unique && sameKeys(existing.definition)) {
        return definition.name;
      }
      throw new Error(`Index ${definition.name} conflicts with the existing index ${existingName}`);
    }
    const index = new HashIndex(definition);
    for (const document of state.documents.values()) {
      if (definition.unique) {
        for (const [key, values] of index.keysOf(document)) {
          if (index.lookup(fields.length, key)) throw index.duplicateKeyError(name, values);
        }
      }
      index.replace(undefined, document);
    }
    const { unique } = definition;
    this.writer?.submit({ kind: 'index', collection: name, name: definition.name, keys: JSON.stringify(keys), unique });
    state.indexes.set(definition.name, index);
    this.version += 1;
    return definition.name;
  }

  drop(name: string): void {
    this.assertOpen();
    this.writer?.submit({ kind: 'drop', collection: name });
    this.collections.delete(name);
    this.version += 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer?.close();
  }

  private state(name: string): CollectionState {
    let state = this.collections.get(name);
    if (!state) {
      state = new CollectionState();
      this.collections.set(name, state);
    }
    return state;
  }

  private sessionOf(session: ReadSession | undefined): EmbeddedSession | undefined {
    if (session === undefined) return undefined;
    if (!(session instanceof EmbeddedSession) || session.engine !== this) {
      throw new Error('The session belongs to another read store');
    }
    if (session.ended) throw new Error('The session was used after its transaction ended');
    if (session.failure) throw new TransactionAbortedError(session.failure.error);
    return session;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The read store is closed');
    this.writer?.assertHealthy();
  }

  private load(db: Database.Database): void {
    for (const [collection, id, body] of storedDocuments(db)) {
      this.state(collection).documents.set(id, JSON.parse(body) as ReadDocument);
    }
    for (const { collection, name, keys, unique } of storedIndexes(db)) {
      const index = new HashIndex({ name, keys, unique });
      const state = this.state(collection);
      for (const document of state.documents.values()) index.replace(undefined, document);
      state.indexes.set(name, index);
    }
  }
}

interface BucketStage {
  groupBy: unknown;
  boundaries: unknown[];
  default?: unknown;
  output?: JsonObject;
}

/**
 * mingo 7.2.7's $bucket puts a value equal to an inner boundary in the bucket below it and outputs
 * empty buckets. MongoDB defines $bucket as this $group on a $switch plus a $sort, which mingo
 * evaluates right. One difference remains: without a `default`, a value outside the boundaries
 * lands in a null bucket here, where MongoDB fails the aggregation.
 */
function desugarBuckets(pipeline: Pipeline): Pipeline {
  return pipeline.flatMap((stage) => {
    if (isPlainObject(stage.$facet)) {
      const facets = Object.entries(stage.$facet as Record<string, Pipeline>);
      return [{ $facet: Object.fromEntries(facets.map(([name, facet]) => [name, desugarBuckets(facet)])) }];
    }
    if (!isPlainObject(stage.$bucket)) return [stage];
    const bucket = stage.$bucket as unknown as BucketStage;
    const { groupBy, boundaries, default: fallback, output = { count: { $sum: 1 } } } = bucket;
    const branches = boundaries.slice(0, -1).map((lower, i) => ({
      case: { $and: [{ $gte: [groupBy, lower] }, { $lt: [groupBy, boundaries[i + 1]] }] },
      then: lower,
    }));
    return [{ $group: { _id: { $switch: { branches, default: fallback ?? null } }, ...output } }, { $sort: { _id: 1 } }];
  });
}

function compileFilter(filter: Filter): MingoQuery {
  return new Query(filter, { context: usesExpressions(filter) ? EXPRESSION_QUERY_CONTEXT : QUERY_CONTEXT });
}

type Check = (document: ReadDocument) => boolean | undefined;
const COMPARISONS: Record<string, (value: string | number, operand: string | number) => boolean> = {
  $eq: (value, operand) => value === operand,
  $lt: (value, operand) => value < operand,
  $lte: (value, operand) => value <= operand,
  $gt: (value, operand) => value > operand,
  $gte: (value, operand) => value >= operand,
};

/**
 * A test of `filter`. Top-level equalities and comparisons with a string, number or boolean are
 * decided here when the document's field holds a value of the same type (plain comparison, as in
 * MongoDB); everything else, and any document they cannot decide, goes to mingo.
 */
function compileMatcher(filter: Filter): (document: ReadDocument) => boolean {
  let query: MingoQuery | undefined;
  const test = (document: ReadDocument) => (query ??= compileFilter(filter)).test(document);
  const checks = simpleChecks(filter);
  if (!checks) return test;
  return (document) => {
    for (const check of checks) {
      const verdict = check(document);
      if (verdict === false) return false;
      if (verdict === undefined) return test(document);
    }
    return true;
  };
}

function simpleChecks(filter: Filter): Check[] | undefined {
  const checks: Check[] = [];
  const isOperand = (value: unknown): value is string | number =>
    typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
  for (const field of Object.keys(filter)) {
    if (field.startsWith('$') || field.includes('.')) return undefined;
    const condition = filter[field];
    if (isOperand(condition) || typeof condition === 'boolean') {
      checks.push((document) => {
        const value = document[field];
        return typeof value === typeof condition ? value === condition : undefined;
      });
      continue;
    }
    if (!isOperatorCondition(condition)) return undefined;
    for (const operator of Object.keys(condition)) {
      const compare = Object.hasOwn(COMPARISONS, operator) ? COMPARISONS[operator] : undefined;
      const operand = condition[operator];
      if (!compare || !isOperand(operand)) return undefined;
      checks.push((document) => {
        const value = document[field];
        return typeof value === typeof operand ? compare(value as string | number, operand) : undefined;
      });
    }
  }
  return checks;
}

function usesExpressions(filter: Filter): boolean {
  return Object.entries(filter).some(
    ([field, condition]) =>
      field === '$expr' ||
      (['$and', '$or', '$nor'].includes(field) && Array.isArray(condition) && condition.some(usesExpressions)),
  );
}

/** `{ $gt: 1 }`-style conditions, as opposed to a value the field must equal. */
function isOperatorCondition(condition: unknown): condition is JsonObject {
  if (!isPlainObject(condition)) return false;
  const [first] = Object.keys(condition);
  return first !== undefined && first.startsWith('$');
}

/** The values a filter requires fields to equal: `{ f: v }`, `{ f: { $eq: v } }`, also inside `$and`. */
function equalityConditions(filter: Filter, found = new Map<string, unknown>()): Map<string, unknown> {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) equalityConditions(clause, found);
    } else if (!field.startsWith('$') && !(condition instanceof RegExp)) {
      if (!isOperatorCondition(condition)) found.set(field, condition);
      else if ('$eq' in condition) found.set(field, condition.$eq);
    }
  }
  return found;
}

/** The ids of an `_id: { $in: [...] }` condition. */
function idsIn(condition: unknown): string[] | undefined {
  if (!isOperatorCondition(condition) || Object.keys(condition).length !== 1) return undefined;
  const ids = condition.$in;
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? [...new Set(ids)] : undefined;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp);
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function assertStringId(id: unknown): asserts id is string {
  if (typeof id !== 'string') throw new TypeError(`Read-model documents need a string _id, got ${JSON.stringify(id)}`);
}

/**
 * A copy holding what `JSON.parse(JSON.stringify(value))` would, at a fraction of its cost: what
 * SQLite keeps, so memory and disk hold the same values (and the caller keeps its own objects).
 */
function toJson<T>(value: T): T {
  return toJsonValue(value) as T;
}

function toJsonValue(value: unknown): unknown {
  switch (typeof value) {
    case 'object':
      break;
    case 'number':
      // JSON has no NaN, Infinity or -0.
      return Number.isFinite(value) ? value || 0 : null;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'function':
    case 'symbol':
    case 'undefined':
      return undefined;
    default:
      return value;
  }
  if (value === null) return null;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return toJsonValue(withJson.toJSON());
  if (Array.isArray(value)) return value.map((element) => toJsonValue(element) ?? null);
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) {
    const field = toJsonValue((value as JsonObject)[key]);
    if (field !== undefined) copy[key] = field;
  }
  return copy;
}

/** Whether two JSON values would stringify alike (same values, same key order), without stringifying. */
function sameJson(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return false;
    for (let i = 0; i < left.length; i++) if (!sameJson(left[i], right[i])) return false;
    return true;
  }
  if (Array.isArray(right)) return false;
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  if (leftKeys.length !== rightKeys.length) return false;
  for (let i = 0; i < leftKeys.length; i++) {
    const key = leftKeys[i];
    if (key !== rightKeys[i] || !sameJson((left as JsonObject)[key], (right as JsonObject)[key])) return false;
  }
  return true;
}

/** A document the store may keep as it is: `_id` first and a string, and already JSON (see `isJson`). */
function isOwnableDocument(document: JsonObject): boolean {
  for (const key in document) {
    if (key !== '_id' || typeof document._id !== 'string') return false;
    break;
  }
  return isJson(document);
}

/**
 * Whether `toJson(value)` would equal `value` itself: plain objects and arrays only, finite numbers
 * (no -0), no undefined, functions, symbols, bigints or `toJSON` methods anywhere.
 */
function isJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isJson(value[i])) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const key in value) if (!isJson((value as JsonObject)[key])) return false;
  // Symbol keys, which JSON leaves out, and non-enumerable own keys would differ from a copy.
  return Object.getOwnPropertySymbols(value).length === 0;
}

const READING_STAGES = new Set(['$match', '$sort', '$skip', '$limit']);
const GROUPING_STAGES = new Set(['$group', '$count', '$sortByCount', '$bucket', '$bucketAuto']);

/**
 * Whether the pipeline leaves its input documents alone: stages that only read them ($unwind in
 * its plain form builds new ones) up to a grouping stage. Frozen input makes a mistake here throw.
 */
function readsThenGroups(pipeline: Pipeline): boolean {
  for (const stage of pipeline) {
    const [name] = Object.keys(stage);
    if (GROUPING_STAGES.has(name)) return true;
    const plainUnwind = name === '$unwind' && typeof stage.$unwind === 'string';
    if (!READING_STAGES.has(name) && !plainUnwind) return false;
  }
  return false;
}

/** Freezes a stored (JSON) document and everything in it, once: a frozen object's parts are frozen already. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) value.forEach(deepFreeze);
  else for (const key in value) deepFreeze((value as JsonObject)[key]);
  return Object.freeze(value);
}

/** A deep copy of a stored (JSON) document: spreading keeps V8's object shapes, ~10x faster than structuredClone. */
function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const copy = { ...value } as JsonObject;
  for (const key in copy) {
    const field = copy[key];
    if (typeof field === 'object' && field !== null) copy[key] = copyJson(field);
  }
  return copy as T;
}

const PROCESS_UNIQUE = randomBytes(5).toString('hex');
let objectIdCounter = randomInt(0x1000000);

/** 24 hex digits laid out like a MongoDB ObjectId: seconds, a per-process value, a counter. */
function newObjectId(): string {
  objectIdCounter = (objectIdCounter + 1) % 0x1000000;
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return `${seconds}${PROCESS_UNIQUE}${objectIdCounter.toString(16).padStart(6, '0')}`;
}
