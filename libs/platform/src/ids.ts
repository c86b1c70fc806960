import { createHash } from 'node:crypto';

/** This service's UUID namespace for name-based (v5) ids. */
const NAMESPACE = Buffer.from('6f1c2a8e3b7d4c5e9a0b1c2d3e4f5a6b', 'hex');

/**
 * A UUID v5 (RFC 9562, SHA-1 name-based) of `name`: the same name always gives the same id, so
 * a retried command derives the same event ids and the event store writes them once.
 */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(NAMESPACE).update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A stable hash of a JSON value, independent of key order: what "the same request" means. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

/**
 * JSON with keys sorted and undefined members left out: one text for one value, whoever built it.
 * Every appended event is hashed over it (the chain), so it is written as plain loops: the
 * entries/filter/sort/map version cost half again as much per event.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) text += (index === 0 ? '' : ',') + canonicalJson(value[index]);
    return `${text}]`;
  }
  const object = value as Record<string, unknown>;
  let text = '{';
  // Code-unit order, the same as the `<` comparison: Array.prototype.sort's default.
  for (const key of Object.keys(object).sort()) {
    const item = object[key];
    if (item === undefined) continue;
    text += `${text.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${text}}`;
}
