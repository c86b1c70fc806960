import { Binary, BSON, Decimal128, Long, ObjectId, Timestamp } from 'bson';

/** A document as the double works on it: BSON decoded to JavaScript values. */
export type Document = Record<string, unknown>;

/**
 * Numbers arrive as JavaScript numbers (int32, double, and int64 that fit), as the driver sends them
 * to applications, so that mingo can compute with them; documents are stored as BSON bytes, so
 * what a client reads is always a fresh copy.
 */
const DECODE_OPTIONS: BSON.DeserializeOptions = { promoteLongs: true, promoteValues: true, promoteBuffers: false };

/** Fields that evaluate to undefined (mingo leaves some) are left out, as the server would. */
const ENCODE_OPTIONS: BSON.SerializeOptions = { ignoreUndefined: true };

export function decodeDocument(bytes: Uint8Array): Document {
  return BSON.deserialize(bytes, DECODE_OPTIONS);
}

export function encodeDocument(document: Document): Buffer {
  const bytes = BSON.serialize(document, ENCODE_OPTIONS);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function bsonSize(document: Document): number {
  return BSON.calculateObjectSize(document, ENCODE_OPTIONS);
}

export function isDocument(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A string that two values share exactly when MongoDB considers them equal: numbers of any type
 * by value, documents field by field in order, arrays element by element. Keys documents by `_id`
 * and unique indexes by their fields.
 */
export function equalityKey(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'number') return `n:${Object.is(value, -0) ? 0 : value}`;
  if (typeof value === 'string') return `s:${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return `b:${value}`;
  if (value instanceof Date) return `d:${value.getTime()}`;
  if (value instanceof ObjectId) return `o:${value.toHexString()}`;
  if (value instanceof Long || value instanceof Decimal128) return `n:${value.toString()}`;
  if (value instanceof Timestamp) return `t:${value.toString()}`;
  if (value instanceof Binary) return `x:${value.sub_type}:${value.toString('hex')}`;
  if (Array.isArray(value)) return `[${value.map(equalityKey).join(',')}]`;
  if (isDocument(value)) {
    const fields = Object.entries(value).map(([name, field]) => `${JSON.stringify(name)}:${equalityKey(field)}`);
    return `{${fields.join(',')}}`;
  }
  return `?:${String(value)}`;
}

export function sameValue(left: unknown, right: unknown): boolean {
  return equalityKey(left) === equalityKey(right);
}

/**
 * The values a dotted path reaches, fanning out over arrays as a multikey index does; a missing
 * field counts as null, as in a unique index.
 */
export function valuesAtPath(document: Document, path: string): unknown[] {
  const found: unknown[] = [];
  const visit = (value: unknown, segments: readonly string[]): void => {
    if (segments.length === 0) {
      if (Array.isArray(value) && value.length > 0) found.push(...value);
      else found.push(value ?? null);
      return;
    }
    const [segment, ...rest] = segments;
    if (Array.isArray(value)) {
      if (/^\d+$/.test(segment)) visit(value[Number(segment)], rest);
      else for (const element of value) if (isDocument(element)) visit(element[segment], rest);
    } else if (isDocument(value)) {
      visit(value[segment], rest);
    }
  };
  visit(document, path.split('.'));
  return found.length > 0 ? found : [null];
}

/** A copy with `_id` as the first field, where the server stores it. */
export function withIdFirst(document: Document): Document {
  const { _id: id, ...fields } = document;
  return { _id: id, ...fields };
}

/** A value as the server prints it in messages: `{ customerId: "C1", invoiceNo: 2 }`. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(formatValue).join(', ')} ]`;
  if (isDocument(value)) {
    const fields = Object.entries(value).map(([name, field]) => `${name}: ${formatValue(field)}`);
    return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
  }
  return String(value);
}
