import { EventStoreDBClient, START, streamNameFilter } from '@eventstore/db-client';
import { COLLECTION_STREAM_PREFIX } from '@collections/domain';
import { CollectionCloudEvent, toCloudEvent } from '@collections/contracts';
import { CheckpointFile } from './checkpoint-file';
import { toStoredEvent } from './to-stored-event';

/** A position in $all, as the client gives it (commit and prepare positions). */
interface StoredPosition {
  commit: string;
  prepare: string;
}

/**
 * A catch-up subscription to $all, filtered on the server to the `collection-` streams, from
 * the position stored after the last event handled. Delivery is at least once: an event
 * handled just before a crash comes again after it, so the handler must be idempotent (the
 * CloudEvents `id` is the event's id, the same on every delivery).
 */
export async function consumeFromCheckpoint(
  client: EventStoreDBClient,
  checkpoints: CheckpointFile<StoredPosition>,
  handle: (event: CollectionCloudEvent) => Promise<void>,
  options: { source?: string } = {},
): Promise<void> {
  const stored = checkpoints.load();
  const subscription = client.subscribeToAll({
    // Exclusive: the subscription starts after the stored position.
    fromPosition: stored ? { commit: BigInt(stored.commit), prepare: BigInt(stored.prepare) } : START,
    filter: streamNameFilter({ prefixes: [COLLECTION_STREAM_PREFIX] }),
  });
  for await (const resolved of subscription) {
    const recorded = toStoredEvent(resolved.event);
    // Events of types this release of the contracts does not know are skipped, not failed.
    const envelope = recorded && toCloudEvent(recorded, options);
    if (envelope) await handle(envelope);
    if (resolved.event) {
      checkpoints.save({ commit: String(resolved.event.position.commit), prepare: String(resolved.event.position.prepare) });
    }
  }
}
