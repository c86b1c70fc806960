import { CollectionEventType } from '@collections/domain';
import { CheckpointStore } from './checkpoint-store.port';
import { StoredCollectionEvent } from './stored-collection-event';

/**
 * Something that follows the collection events: a read model, the policy's reactions, the letter
 * writer, the engine's book. It only says what it does with a batch; the event processor reads
 * the store, decodes, batches, and stores the handler's checkpoint through `checkpoints`.
 *
 * Delivery is at least once where the checkpoint store is not the store the handler writes to
 * (a crash between the work and the checkpoint hands the same events over again), so such a
 * handler must be idempotent; a handler that writes through the transaction it is given commits
 * with its checkpoint and sees each event exactly once.
 */
export interface EventHandler<Tx = unknown> {
  /** Its checkpoint's name: unique among the handlers sharing a checkpoint store. */
  readonly name: string;
  /** Bumped when `handle` changes meaning: a checkpoint of another version makes it `reset` and start over. */
  readonly version?: number;
  /** The event types it handles (all collection events when absent); others only move its checkpoint. */
  readonly eventTypes?: readonly CollectionEventType[];
  readonly checkpoints: CheckpointStore<Tx>;
  /** Runs before the processor first hands it anything (indexes, schemas). */
  prepare?(): Promise<void>;
  /** Drops what it has written, before it starts over (a version change, a rebuild). */
  reset?(): Promise<void>;
  /** Handles events in store order, each after its checkpoint; never called with none. */
  handle(events: readonly StoredCollectionEvent[], tx: Tx): Promise<void>;
}
