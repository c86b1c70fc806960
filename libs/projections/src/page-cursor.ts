import { Filter } from '@collections/read-store';

/**
 * Cursors for queues read a page at a time in a fixed sort order (the reply queue, the disputes
 * board): the last item's sort keys, base64url JSON. A cursor carries positions, not page
 * numbers, so that items leaving the queue (handled, resolved) do not make a page skip others.
 */

/** A sort key's value: text or a whole number. */
export type CursorValue = string | number;

/** The longest cursor read: ids are at most a few hundred characters. */
const MAX_CURSOR_LENGTH = 2_048;

export const encodeCursor = (values: readonly CursorValue[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

/** The keys a cursor holds, when it holds `length` of them of the right kinds; undefined for text that is not one. */
export function decodeCursor(text: string, kinds: readonly ('string' | 'number')[]): CursorValue[] | undefined {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== kinds.length) return undefined;
    const fits = value.every((key: unknown, index) =>
      kinds[index] === 'number' ? Number.isSafeInteger(key) : typeof key === 'string' && key.length > 0,
    );
    return fits ? (value as CursorValue[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The documents after `cursor` in ascending order of `fields` (the last of which is unique): a
 * filter both read stores answer from the fields alone.
 */
export function afterCursor(fields: readonly string[], cursor: readonly CursorValue[]): Filter {
  const branches = fields.map((field, index) => ({
    ...Object.fromEntries(fields.slice(0, index).map((equal, at) => [equal, cursor[at]])),
    [field]: { $gt: cursor[index] },
  }));
  return { $or: branches };
}

export function requireLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number from 1, got ${limit}`);
}
