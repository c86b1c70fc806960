import { CollectionEventMetadata } from '@collections/event-processor';

/**
 * Instants in the one form read models keep and compare as text: UTC with milliseconds and `Z`
 * (what `toISOString` writes). `2024-03-31T23:00:00Z` and `2024-04-01T01:00:00+02:00` are one
 * instant; as written they would not compare as one. Text that is no instant is kept as it is:
 * a projection must never throw on an event.
 */
export function normalInstant(instant: string): string {
  const time = Date.parse(instant);
  return Number.isNaN(time) ? instant : new Date(time).toISOString();
}

/** When a stored event was recorded, in the read models' form of an instant. */
export const recordedInstantOf = (metadata: Pick<CollectionEventMetadata, 'recordedAt'>): string => normalInstant(metadata.recordedAt);

/** The later of two instants in that form. */
export const laterInstant = (a: string, b: string): string => (b > a ? b : a);
