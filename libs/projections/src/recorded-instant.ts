import { CollectionEventMetadata } from '@collections/event-processor';

/**
 * Instants in the one form read models keep and compare as text: UTC with milliseconds and `Z`
 * (what `toISOString` writes). `2024-03-31T23:00:00Z` and `2024-04-01T01:00:00+02:00` are one
 * instant; as written they would not compare as one. Text that is no instant is kept as it is:
 * a projection must never throw on an event.
 */
export function normalInstant(instant: string): string {
  // Nearly every instant is in that form already: a test of its text is ~8x cheaper than parsing
  // and writing it again. Days past the 28th go the long way, as `Date` rolls 02-30 over to 03-01.
  if (CANONICAL.test(instant)) return instant;
  const time = Date.parse(instant);
  return Number.isNaN(time) ? instant : new Date(time).toISOString();
}

const CANONICAL = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** When a stored event was recorded, in the read models' form of an instant. */
export const recordedInstantOf = (metadata: Pick<CollectionEventMetadata, 'recordedAt'>): string => normalInstant(metadata.recordedAt);

/** The later of two instants in that form. */
export const laterInstant = (a: string, b: string): string => (b > a ? b : a);
