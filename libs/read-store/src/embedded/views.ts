import { aggregate } from 'mingo';
import {
  DuplicateKeyError,
  Filter,
  FindOptions,
  Pipeline,
  QueryBoundError,
  QueryBounds,
  QueryRefusedError,
  ReadDocument,
} from '../read-store.port';
import { ReadGuard } from './bounds';
import { encodeKey, HashIndex, IndexKey, isIndexableValue } from './indexes';
import { copyJson, deepFreeze, isPlainObject, JsonObject } from './json';
import {
  compileFilter,
  compileMatcher,
  desugarBuckets,
  equalityConditions,
  idOnly,
  membershipConditions,
  readsThenGroups,
} from './matching';
import { CollectionState, CollectionWrites } from './transactions';

/** A collection as one reader sees it: the committed documents under the reader's own changes. */
export class View {
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
    const { candidates, exact, rest = filter } = this.plan(filter);
    const matches = exact ? undefined : compileMatcher(rest);
    const found: ReadDocument[] = [];
    if (limit <= 0) return found;
    for (const document of candidates) {
      if (matches && !matches(document)) continue;
      found.push(document);
      if (found.length >= limit) break;
    }
    return found;
  }

  find(filter: Filter, options: FindOptions): ReadDocument[] {
    const { sort, skip, limit, projection, readOnly } = options;
    if (ReadGuard.bounds(options)) return refusing(() => this.boundedFind(filter, options, new ReadGuard(options)));
    // Stored documents are never changed in place (a commit replaces them), so a frozen one can be shared.
    const handOut = readOnly ? deepFreeze : copyJson;
    // MongoDB reads a limit of 0 as "no limit".
    if (!sort && !skip && !projection) return this.matching(filter, limit || Infinity).map(handOut);
    // The store picks the matches (indexes, plain comparisons, lists as sets); mingo projects and sorts them.
    let cursor = compileFilter({}).find<ReadDocument>(this.matching(filter), projection);
    if (sort) cursor = cursor.sort(sort);
    if (skip) cursor = cursor.skip(skip);
    if (limit) cursor = cursor.limit(limit);
    return cursor.all().map(handOut);
  }

  aggregate(pipeline: Pipeline, resolveCollection: (name: string) => JsonObject[], bounds: QueryBounds = {}): JsonObject[] {
    if (pipeline.some((stage) => '$out' in stage || '$merge' in stage)) {
      throw new Error('$out and $merge are not supported by the embedded read store: write through the collection');
    }
    if (ReadGuard.bounds(bounds)) return refusing(() => this.boundedAggregate(pipeline, resolveCollection, new ReadGuard(bounds)));
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

  /**
   * A find within its bounds: the candidates are matched one at a time against the deadline, and a
   * sort (which holds every match) takes in at most what the guard allows.
   */
  private boundedFind(filter: Filter, { sort, skip, limit, projection }: FindOptions, guard: ReadGuard): ReadDocument[] {
    const { candidates, exact, rest = filter } = this.plan(filter);
    const matches = exact ? undefined : compileMatcher(rest);
    function* matching(): Generator<ReadDocument> {
      let count = 0;
      for (const document of guard.checked(candidates)) {
        if (matches && !matches(document)) continue;
        if (sort) guard.held((count += 1), '$sort');
        yield copyJson(document);
      }
    }
    let cursor = compileFilter({}).find<ReadDocument>(matching(), projection);
    if (sort) cursor = cursor.sort(sort);
    if (skip) cursor = cursor.skip(skip);
    if (limit) cursor = cursor.limit(limit);
    return cursor.all();
  }

  /** A pipeline within its bounds: its input copied as it is pulled, and a checkpoint between every two stages. */
  private boundedAggregate(pipeline: Pipeline, resolveCollection: (name: string) => JsonObject[], guard: ReadGuard): JsonObject[] {
    const [first, ...rest] = pipeline;
    const match = first && isPlainObject(first.$match) ? first.$match : undefined;
    const input = match ? this.matching(match) : this.all();
    const stages = guard.instrument(desugarBuckets(match ? rest : pipeline));
    const copies = function* (): Generator<JsonObject> {
      for (const document of guard.checked(input)) yield copyJson(document);
    };
    return aggregate(copies(), stages, { collectionResolver: resolveCollection, context: guard.context() });
  }

  /**
   * Where the documents that can match `filter` are; `exact` when every one of them matches, else
   * what of the filter they must still be tested against (`rest`, the whole filter by default).
   */
  private plan(filter: Filter): { candidates: Iterable<ReadDocument>; exact: boolean; rest?: Filter } {
    const fields = Object.keys(filter);
    if (fields.length === 0) return { candidates: this.all(), exact: true };
    const onlyId = idOnly(filter);
    if (onlyId !== undefined) {
      // No need to analyse the filter.
      const document = this.get(onlyId);
      return { candidates: document ? [document] : [], exact: true };
    }
    const equalities = equalityConditions(filter);
    const id = equalities.get('_id');
    if (typeof id === 'string') {
      const document = this.get(id);
      // The rest of the filter (a lone `_id` was answered above) is still to be tested.
      return { candidates: document ? [document] : [], exact: false };
    }
    const memberships = membershipConditions(filter);
    const ids = memberships.get('_id');
    if (ids?.every((candidate) => typeof candidate === 'string')) {
      const { _id: _ids, ...rest } = filter;
      const candidates = ids.map((candidate) => this.get(candidate as string)).filter(isDefined);
      return { candidates, exact: Object.keys(rest).length === 0, rest };
    }

    // Each index answers for its longest prefix of equalities, the next field possibly one of a
    // list (`$in`): the one whose keys hold the fewest committed documents is read.
    let best: { index: HashIndex; depth: number; keys: IndexKey[]; size: number; listed?: string } | undefined;
    for (const index of this.state.indexes.values()) {
      let depth = 0;
      while (depth < index.fields.length && isIndexableValue(equalities.get(index.fields[depth]))) depth += 1;
      const prefix = index.fields.slice(0, depth).map((field) => equalities.get(field));
      const members = depth < index.fields.length ? memberships.get(index.fields[depth]) : undefined;
      const keys = members ? members.map((member) => encodeKey([...prefix, member])) : depth > 0 ? [encodeKey(prefix)] : [];
      if (keys.length === 0) continue;
      const keyDepth = members ? depth + 1 : depth;
      const size = keys.reduce<number>((sum, key) => sum + index.count(keyDepth, key), 0);
      if (!best || size < best.size) best = { index, depth: keyDepth, keys, size, listed: members && index.fields[depth] };
    }
    if (!best) return { candidates: this.all(), exact: false };
    const { index, depth, keys, listed } = best;
    const candidates = this.withKeys(index, depth, keys);
    if (listed === undefined) return { candidates, exact: false };
    // Every candidate has a listed value: the list (mingo would walk it for each) need not be tested again.
    const { [listed]: _listed, ...rest } = filter;
    return { candidates, exact: Object.keys(rest).length === 0, rest };
  }

  /**
   * The documents whose current version is under one of `keys`, each once (a multikey index puts a
   * document with an array under several): the committed ones this reader has not changed, and
   * its own changed ones.
   */
  private *withKeys(index: HashIndex, depth: number, keys: readonly IndexKey[]): Generator<ReadDocument> {
    const seen = keys.length > 1 ? new Set<string>() : undefined;
    const changes = this.overlay?.changes;
    const pending = this.overlay?.index(index.definition);
    for (const key of keys) {
      const committed = index.lookup(depth, key);
      for (const ids of [committed, pending?.lookup(depth, key)]) {
        for (const id of ids ?? []) {
          if (ids === committed && changes?.has(id)) continue;
          if (seen) {
            if (seen.has(id)) continue;
            seen.add(id);
          }
          const document = this.get(id);
          if (document) yield document;
        }
      }
    }
  }
}

/** A view that records writes: per document, after checking the unique indexes. */
export class WritableView extends View {
  constructor(
    name: string,
    state: CollectionState,
    private readonly writes: CollectionWrites,
  ) {
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

/**
 * A bounded read evaluates a question nobody wrote ahead, over documents in memory: what mingo
 * cannot evaluate is the question's fault, and is reported as such.
 */
function refusing<R>(read: () => R): R {
  try {
    return read();
  } catch (error) {
    if (error instanceof QueryBoundError) throw error;
    throw new QueryRefusedError(error instanceof Error ? error.message : String(error));
  }
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
