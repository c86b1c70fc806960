import { BusinessDate, isBusinessDate } from '@collections/domain';

/**
 * Field conversions shared by import formats. Each returns undefined for text it cannot read
 * exactly; the format says what was wrong, in its own column names.
 */

// The api's rule for client-chosen ids (apps/api/src/accounts/validation.ts, not exported there):
// the CLI must refuse exactly what an HTTP client would be refused.
const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const MAX_ID_LENGTH = 128;

export const ENTITY_ID_RULE = `letters, digits and . _ : - only, starting with a letter or digit, at most ${MAX_ID_LENGTH} characters`;

export function isEntityId(text: string): boolean {
  return text.length <= MAX_ID_LENGTH && ENTITY_ID.test(text);
}

const DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `DD/MM/YYYY` (leading zeros optional) as a `YYYY-MM-DD` business date, if it is a real day. */
export function dayFirstToBusinessDate(text: string): BusinessDate | undefined {
  const match = DAY_FIRST.exec(text);
  if (!match) return undefined;
  const [, day, month, year] = match;
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isBusinessDate(date) ? date : undefined;
}
