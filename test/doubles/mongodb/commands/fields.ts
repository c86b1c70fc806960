/** Typed access to the fields of a command document, failing as the server does on a wrong type. */
import { Document, isDocument } from '../bson-values';
import { badValue, typeMismatch } from '../errors';

export function documentField(command: Document, field: string): Document | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (!isDocument(value)) throw typeMismatch(`Field '${field}' must be an object`);
  return value;
}

export function numberField(command: Document, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || value < 0) throw badValue(`Field '${field}' must be a non-negative number`);
  return value;
}

export function booleanField(command: Document, field: string, fallback: boolean): boolean {
  const value = command[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw typeMismatch(`Field '${field}' must be a boolean`);
  return value;
}

export function documentsField(command: Document, field: string): Document[] {
  const value = command[field];
  if (!Array.isArray(value) || !value.every(isDocument)) throw typeMismatch(`Field '${field}' must be an array of objects`);
  return value;
}
