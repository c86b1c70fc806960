/**
 * Index definitions and unique keys. Only the `_id` index and unique indexes change behaviour (a
 * duplicate key refuses the write); other indexes are remembered for `listIndexes` and nothing
 * else, since every query scans the collection anyway.
 */
import { Document, equalityKey, formatValue, isDocument, valuesAtPath } from './bson-values';
import { CommandError } from './errors';
import { ID_INDEX, IndexKey, IndexSpec } from './storage';

/** Options the double understands; anything else would change semantics it does not emulate. */
const SUPPORTED_INDEX_OPTIONS = new Set(['key', 'name', 'unique', 'v', 'background']);

/** Checks a `createIndexes` entry and returns what the double keeps of it. */
export function parseIndexSpec(entry: unknown): IndexSpec {
  if (!isDocument(entry)) throw new CommandError('TypeMismatch', 'Each index specification must be an object');
  const { key, name, unique } = entry;
  if (!isDocument(key) || Object.keys(key).length === 0) {
    throw new CommandError('CannotCreateIndex', "Index specification must have a non-empty 'key' object");
  }
  for (const [field, direction] of Object.entries(key)) {
    if (direction !== 1 && direction !== -1) {
      throw new CommandError(
        'CannotCreateIndex',
        `The wire-protocol double supports ascending/descending indexes only, not ${field}: ${formatValue(direction)}`,
      );
    }
  }
  if (typeof name !== 'string' || name.length === 0) throw new CommandError('CannotCreateIndex', "Index specification must have a 'name'");
  const unsupported = Object.keys(entry).filter((option) => !SUPPORTED_INDEX_OPTIONS.has(option));
  if (unsupported.length > 0) {
    throw new CommandError('CannotCreateIndex', `The wire-protocol double does not support the index options: ${unsupported.join(', ')}`);
  }
  return { name, key: key as IndexKey, unique: unique === true };
}

export function sameKeyPattern(left: IndexKey, right: IndexKey): boolean {
  return equalityKey(left) === equalityKey(right);
}

/** A document's entries in an index: one per combination of array elements (multikey). */
export function indexEntries(index: IndexSpec, document: Document): Map<string, unknown[]> {
  let tuples: unknown[][] = [[]];
  for (const field of Object.keys(index.key)) {
    const values = valuesAtPath(document, field);
    tuples = tuples.flatMap((tuple) => values.map((value) => [...tuple, value]));
  }
  return new Map(tuples.map((tuple) => [equalityKey(tuple), tuple]));
}

/** The values of `document` that collide with `entries` in `index`, if any. */
export function collision(index: IndexSpec, entries: Map<string, unknown[]>, document: Document): unknown[] | undefined {
  for (const key of indexEntries(index, document).keys()) {
    const values = entries.get(key);
    if (values) return values;
  }
  return undefined;
}

/** E11000, with the message, `keyPattern` and `keyValue` the server gives. */
export function duplicateKeyError(namespace: string, index: IndexSpec, values: readonly unknown[], prefix = ''): CommandError {
  const fields = Object.keys(index.key);
  const keyValue = Object.fromEntries(fields.map((field, i) => [field, values[i] ?? null]));
  const message = `${prefix}E11000 duplicate key error collection: ${namespace} index: ${index.name} dup key: ${formatValue(keyValue)}`;
  return new CommandError('DuplicateKey', message, { keyPattern: { ...index.key }, keyValue });
}

export function duplicateIdError(namespace: string, id: unknown): CommandError {
  return duplicateKeyError(namespace, ID_INDEX, [id]);
}

/** `listIndexes` output for one index. */
export function describeIndex(index: IndexSpec): Document {
  return { v: 2, key: { ...index.key }, name: index.name, ...(index.unique && index !== ID_INDEX ? { unique: true } : {}) };
}
