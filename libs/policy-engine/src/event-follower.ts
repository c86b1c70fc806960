import { COLLECTION_STREAM_PREFIX } from '@collections/domain';
import { EventStore, RecordedEvent } from '@collections/event-store';
import { EngineState } from './engine-state';

/** Checkpoints are written at most every this many events (and whenever the follower catches up). */
const CHECKPOINT_EVERY = 100;
const RETRY_AFTER_MS = 1_000;

/**
 * Follows some event types of the collection streams through an event store catch-up
 * subscription — the only bus — from a checkpoint kept in the engine's state file, handling
 * each event in order. Delivery is at least once: the checkpoint is saved after the events are
 * handled, so handlers must be idempotent (the engine's are: deterministic command keys and
 * letter ids).
 *
 * `catchUp()` handles everything stored so far and returns; `start()` keeps following live,
 * restarting from the checkpoint after an error.
 */
export abstract class EventFollower {
  private live: { stop: () => Promise<void> } | undefined;

  protected constructor(
    protected readonly store: EventStore,
    private readonly state: EngineState,
    /** The checkpoint's name. */
    readonly name: string,
    private readonly eventTypes: readonly string[],
    private readonly onError: (error: unknown) => void,
  ) {}

  protected abstract handle(event: RecordedEvent): Promise<void>;

  /**
   * Handles every event stored so far. With the live loop running too, both may handle the
   * same event: harmless, as handling is idempotent, and simpler than waiting for the loop.
   */
  async catchUp(): Promise<void> {
    await this.follow(() => false, true);
  }

  start(): void {
    if (this.live) return;
    let stopped = false;
    let unsubscribe: (() => Promise<void>) | undefined;
    const loop = async () => {
      while (!stopped) {
        try {
          await this.follow(() => stopped, false, (stop) => (unsubscribe = stop));
        } catch (error) {
          if (stopped) return;
          this.onError(error);
          await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
        }
      }
    };
    const done = loop();
    this.live = {
      stop: async () => {
        stopped = true;
        await unsubscribe?.();
        await done;
      },
    };
  }

  async stop(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    await live?.stop();
  }

  private async follow(stopped: () => boolean, untilCaughtUp: boolean, onSubscribed?: (stop: () => Promise<void>) => void): Promise<void> {
    const from = this.state.checkpoint(this.name);
    const subscription = this.store.subscribeToAll({
      fromPosition: from ?? 'start',
      filter: { streamPrefixes: [COLLECTION_STREAM_PREFIX], eventTypes: [...this.eventTypes] },
    });
    onSubscribed?.(() => subscription.unsubscribe());
    let position = from;
    let unsaved = 0;
    try {
      for await (const message of subscription) {
        if (stopped()) break;
        if (message.kind === 'caught-up') {
          // The filter hides other events: the head the store reports is where this follower stands.
          position = Math.max(message.position ?? -1, position ?? -1);
          if (position >= 0) this.state.saveCheckpoint(this.name, position);
          unsaved = 0;
          if (untilCaughtUp) break;
          continue;
        }
        await this.handle(message.event);
        position = message.event.position;
        if (++unsaved >= CHECKPOINT_EVERY) {
          this.state.saveCheckpoint(this.name, position);
          unsaved = 0;
        }
      }
      if (unsaved > 0 && position !== undefined) this.state.saveCheckpoint(this.name, position);
    } finally {
      await subscription.unsubscribe();
    }
  }
}
