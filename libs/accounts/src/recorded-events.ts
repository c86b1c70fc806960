import { CollectionEvent, occurredOn, schemaVersionOf } from '@collections/domain';
import { CollectionEventMetadata } from '@collections/event-processor';
import { NewEvent } from '@collections/event-store';
import { nameBasedUuid } from '@collections/platform';
import type { CommandOrigin } from './execute-account-command';

/**
 * The events one command decided, as the store keeps them: each with the one metadata type, and
 * an id derived from the command's, so that a retried command appends the same ids. Not chained
 * yet: whoever appends chains them to its stream's last hash (`chainEvents`).
 */
export function recordedEvents(
  events: readonly CollectionEvent[],
  { commandId, origin, requestHash }: { commandId: string; origin: CommandOrigin; requestHash?: string },
  recordedAt: string,
): NewEvent[] {
  return events.map((event, index) => {
    const eventId = nameBasedUuid(`${commandId}\n${index}`);
    const metadata: CollectionEventMetadata = {
      eventId,
      commandId,
      correlationId: origin.correlationId ?? commandId,
      causationId: origin.causationId ?? commandId,
      actor: origin.actor,
      occurredAt: occurredOn(event),
      recordedAt,
      schemaVersion: schemaVersionOf(event.type),
      ...(origin.idempotencyKey === undefined ? {} : { idempotencyKey: origin.idempotencyKey, requestHash }),
    };
    return { id: eventId, type: event.type, data: event.data, metadata: { ...metadata } };
  });
}
