import { DuplicateKeyError, ReadDocument } from '../read-store.port';
import { isPlainObject } from './json';

/** Every collection has a unique index on `_id` under this name, as in MongoDB. */
export const ID_INDEX_NAME = '_id_';

export interface IndexDefinition {
  readonly name: string;
  readonly keys: Readonly<Record<string, 1 | -1>>;
  readonly unique: boolean;
}

/**
 * What an index files ids under: on one field, the value itself (a Map tells 1 from '1' and false
 * from 'false'; missing and null are both null); on more, a string that spells every value.
 */
export type IndexKey = string | number | boolean | null;

/**
 * A hash index for equality on a prefix of its fields: `levels[d]` maps the key of a document's
 * values on the first d+1 fields to the ids of the documents with those values. Arrays fan out
 * (one key per element, as a MongoDB multikey index) and a missing field keys as null.
 */
export class HashIndex {
  readonly fields: string[];
  private readonly paths: string[][];
  /** The ids under a key: a lone id as a string (most keys of a compound index), more in a Set. */
  private readonly levels: Map<IndexKey, string | Set<string>>[];
  /** Whether every field is a top-level one (no dots). */
  private readonly topLevel: boolean;

  constructor(readonly definition: IndexDefinition) {
    this.fields = Object.keys(definition.keys);
    this.paths = this.fields.map((field) => field.split('.'));
    this.levels = this.fields.map(() => new Map());
    this.topLevel = this.paths.every((path) => path.length === 1);
  }

  /** The distinct keys of `document` on all the fields, each with the values it encodes. */
  keysOf(document: ReadDocument): Map<IndexKey, unknown[]> {
    let tuples: unknown[][] = [[]];
    for (const fieldPath of this.paths) {
      const values = valuesAt(document, fieldPath);
      tuples = tuples.flatMap((tuple) => values.map((value) => [...tuple, value]));
    }
    return new Map(tuples.map((tuple) => [encodeKey(tuple), tuple]));
  }

  /** How many documents are under `key` (what a query plan weighs indexes by), without a Set for a lone one. */
  count(depth: number, key: IndexKey): number {
    const ids = this.levels[depth - 1].get(key);
    return ids === undefined ? 0 : typeof ids === 'string' ? 1 : ids.size;
  }

  lookup(depth: number, key: IndexKey): ReadonlySet<string> | undefined {
    const ids = this.levels[depth - 1].get(key);
    return typeof ids === 'string' ? new Set([ids]) : ids;
  }

  /** Moves a document from its `previous` version's keys to its `next` one's. */
  replace(previous: ReadDocument | undefined, next: ReadDocument | undefined): void {
    // Most updates leave the indexed fields alone: comparing values is cheaper than re-keying.
    if (previous && next && this.unchanged(previous, next)) return;
    if (previous) this.file(previous, false);
    if (next) this.file(next, true);
  }

  /** Files the document's id under each of its keys, or takes it out from under them. */
  private file(document: ReadDocument, adding: boolean): void {
    // Most indexes are on top-level fields holding scalars: a catch-up files millions of ids so,
    // with nothing built but the compound keys.
    if (this.topLevel && this.holdsScalars(document)) {
      const id = document._id;
      let composite = '';
      for (let depth = 0; depth < this.fields.length; depth++) {
        const value = document[this.fields[depth]];
        // Past the first field, the key spells every value so far (see `encodeKey`).
        if (this.fields.length > 1) composite += lengthPrefixed(encodeValue(value));
        this.fileUnder(this.levels[depth], depth === 0 ? loneKey(value) : composite, id, adding);
      }
      return;
    }
    const levelKeys = this.levelKeys(document);
    for (let depth = 0; depth < levelKeys.length; depth++) {
      for (const key of levelKeys[depth]) this.fileUnder(this.levels[depth], key, document._id, adding);
    }
  }

  private holdsScalars(document: ReadDocument): boolean {
    for (const field of this.fields) if (isObject(document[field])) return false;
    return true;
  }

  private fileUnder(level: Map<IndexKey, string | Set<string>>, key: IndexKey, id: string, adding: boolean): void {
    const ids = level.get(key);
    if (adding) {
      if (ids === undefined) level.set(key, id);
      else if (typeof ids === 'object') ids.add(id);
      else if (ids !== id) level.set(key, new Set([ids, id]));
    } else if (ids === id) {
      level.delete(key);
    } else if (typeof ids === 'object') {
      ids.delete(id);
      if (ids.size === 1) level.set(key, ids.values().next().value as string);
      else if (ids.size === 0) level.delete(key);
    }
  }

  /** For each depth d, the distinct keys of `document` on the first d+1 fields (arrays fan out). */
  private levelKeys(document: ReadDocument): IndexKey[][] {
    const first = valuesAt(document, this.paths[0]);
    const keys: IndexKey[][] = [[...new Set(first.map(loneKey))]];
    // Past the first field, each key spells every value so far (a one-field index has none).
    let composites = this.paths.length > 1 ? [...new Set(first.map(encodeValue))].map(lengthPrefixed) : [];
    for (const fieldPath of this.paths.slice(1)) {
      const parts = [...new Set(valuesAt(document, fieldPath).map(encodeValue))];
      composites = composites.flatMap((composite) => parts.map((part) => composite + lengthPrefixed(part)));
      keys.push(composites);
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

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
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

/** A one-field key is the value itself (see `loneKey`); longer keys length-prefix each encoded part, so no two collide. */
export function encodeKey(values: readonly unknown[]): IndexKey {
  return values.length === 1 ? loneKey(values[0]) : values.map((value) => lengthPrefixed(encodeValue(value))).join('');
}

/**
 * One field's value as a key: a scalar as it is (missing as null), a string that begins with the
 * NUL character escaped, an object or array (an array of arrays fans out to arrays) as its JSON
 * after a NUL, so that no string can take its key.
 */
function loneKey(value: unknown): IndexKey {
  switch (typeof value) {
    case 'string':
      return value.charCodeAt(0) === 0 ? `\u0000s${value}` : value;
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      return null;
    default:
      return value === null ? null : `\u0000j${JSON.stringify(value)}`;
  }
}

function lengthPrefixed(part: string): string {
  return `${part.length}:${part}`;
}

/** Values an index lookup can answer for: the filter is still tested on every candidate. */
export function isIndexableValue(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value));
}
