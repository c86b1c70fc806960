import { RecordedEvent as EventStoreDbEvent } from '@eventstore/db-client';
import type { JsonObject, RecordedEvent } from '@collections/event-store';

/**
 * An EventStoreDB event as the project's one stored-event type (`RecordedEvent`, what `toCloudEvent` takes), field by field as the api's own
 * EventStoreDB adapter reads it: the position is the commit position in $all (exact as a
 * number below 2^53 bytes of log). Undefined for what is not a JSON event with a position
 * (positions come with EventStoreDB 22.6 and later).
 */
export function toStoredEvent(event: EventStoreDbEvent | undefined): RecordedEvent | undefined {
  if (!event || !event.isJson || !event.position) return undefined;
  const position = Number(event.position.commit);
  if (!Number.isSafeInteger(position)) return undefined;
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    type: event.type,
    data: event.data as JsonObject,
    metadata: (event.metadata ?? {}) as JsonObject,
    createdAt: event.created.toISOString(),
  };
}
