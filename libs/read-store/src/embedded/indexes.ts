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
 * A hash index for equality on a prefix of its fields: `levels[d]` maps the key of a document's
 * values on the first d+1 fields to the ids of the documents with those values. Arrays fan out
 * (one key per element, as a MongoDB multikey index) and a missing field keys as null.
 */
export class HashIndex {
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

  /** How many documents are under `key` (what a query plan weighs indexes by), without a Set for a lone one. */
  count(depth: number, key: string): number {
    const ids = this.levels[depth - 1].get(key);
    return ids === undefined ? 0 : typeof ids === 'string' ? 1 : ids.size;
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
export function encodeKey(values: readonly unknown[]): string {
  return values.length === 1 ? encodeValue(values[0]) : values.map((value) => lengthPrefixed(encodeValue(value))).join('');
}

function lengthPrefixed(part: string): string {
  return `${part.length}:${part}`;
}

/** Values an index lookup can answer for: the filter is still tested on every candidate. */
export function isIndexableValue(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value));
}
