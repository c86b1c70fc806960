import { RecordedEvent } from '@eventstore/db-client';
import { StoredEvent } from '@collections/contracts';

/**
 * An EventStoreDB event in the form `toCloudEvent` takes, field by field as the api's own
 * EventStoreDB adapter reads it: the position is the commit position in $all (exact as a
 * number below 2^53 bytes of log). Undefined for what is not a JSON event with a position
 * (positions come with EventStoreDB 22.6 and later).
 */
export function toStoredEvent(event: RecordedEvent | undefined): StoredEvent | undefined {
  if (!event || !event.isJson || !event.position) return undefined;
  const position = Number(event.position.commit);
  if (!Number.isSafeInteger(position)) return undefined;
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    createdAt: event.created.toISOString(),
  };
}
