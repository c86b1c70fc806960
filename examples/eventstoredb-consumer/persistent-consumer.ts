import {
  EventStoreDBClient,
  PARK,
  PersistentSubscriptionExistsError,
  START,
  persistentSubscriptionToStreamSettingsFromDefaults,
} from '@eventstore/db-client';
import { CollectionCloudEvent, toCloudEvent } from '@collections/contracts';
import { toStoredEvent } from './to-stored-event';

/** The category stream EventStoreDB's `$by_category` projection keeps for `collection-*` streams. */
export const COLLECTION_CATEGORY_STREAM = '$ce-collection';

/**
 * A persistent subscription: the server keeps the group's position and shares the events
 * among the group's consumers (more instances of the service share the load). `$ce-collection`
 * holds links, so the group resolves them to the events. The system projections must be on
 * (`EVENTSTORE_RUN_PROJECTIONS=System`; docker-compose.yml runs them all).
 *
 * Ordering: with several consumers, or after a retry, events of one customer may be handled
 * out of order; a service that needs the order of each customer's stream uses
 * `streamrevision` to detect it, or a catch-up subscription (catch-up-consumer.ts).
 */
export async function consumeAsGroup(
  client: EventStoreDBClient,
  group: string,
  handle: (event: CollectionCloudEvent) => Promise<void>,
  options: { source?: string } = {},
): Promise<void> {
  try {
    await client.createPersistentSubscriptionToStream(
      COLLECTION_CATEGORY_STREAM,
      group,
      persistentSubscriptionToStreamSettingsFromDefaults({ resolveLinkTos: true, startFrom: START }),
    );
  } catch (error) {
    // Another instance of the service created the group first.
    if (!(error instanceof PersistentSubscriptionExistsError)) throw error;
  }
  const subscription = client.subscribeToPersistentSubscriptionToStream(COLLECTION_CATEGORY_STREAM, group);
  for await (const resolved of subscription) {
    const recorded = toStoredEvent(resolved.event);
    try {
      const envelope = recorded && toCloudEvent(recorded, options);
      if (envelope) await handle(envelope);
      await subscription.ack(resolved);
    } catch (error) {
      // Parked events wait in the group's parked stream for someone to look at them and replay them.
      await subscription.nack(PARK, error instanceof Error ? error.message : String(error), resolved);
    }
  }
}
