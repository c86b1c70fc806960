import { randomBytes, randomInt } from 'node:crypto';
import { ReadDocument } from '../read-store.port';
import { isJson, JsonObject, toJson } from './json';

/**
 * What the store keeps as a document: a JSON copy with a string `_id` first, as MongoDB stores it;
 * new ids look like MongoDB's ObjectIds.
 */

/** A copy of `document` as JSON, `_id` first (as MongoDB stores it): `id`, or a new ObjectId-like one. */
export function prepareDocument(document: JsonObject, id: unknown): ReadDocument {
  const { _id: givenId, ...fields } = toJson(document);
  const documentId = id ?? givenId ?? newObjectId();
  if (givenId !== undefined && givenId !== documentId) throw new ImmutableIdError();
  assertStringId(documentId);
  return { _id: documentId, ...fields };
}

export function prepareReplacement(replacement: JsonObject): JsonObject {
  if (Object.keys(replacement).some((field) => field.startsWith('$'))) {
    throw new Error('Replacement document must not contain atomic operators');
  }
  return replacement;
}

/** A document the store may keep as it is: `_id` first and a string, and already JSON (see `isJson`). */
export function isOwnableDocument(document: JsonObject): boolean {
  for (const key in document) {
    if (key !== '_id' || typeof document._id !== 'string') return false;
    break;
  }
  return isJson(document);
}

export function assertStringId(id: unknown): asserts id is string {
  if (typeof id !== 'string') throw new TypeError(`Read-model documents need a string _id, got ${JSON.stringify(id)}`);
}

export class ImmutableIdError extends Error {
  readonly code = 66;
  constructor() {
    super("Performing an update on the path '_id' would modify the immutable field '_id'");
    this.name = 'ImmutableIdError';
  }
}

const PROCESS_UNIQUE = randomBytes(5).toString('hex');
let objectIdCounter = randomInt(0x1000000);

/** 24 hex digits laid out like a MongoDB ObjectId: seconds, a per-process value, a counter. */
export function newObjectId(): string {
  objectIdCounter = (objectIdCounter + 1) % 0x1000000;
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${seconds}${PROCESS_UNIQUE}${objectIdCounter.toString(16).padStart(6, '0')}`;
}
