import { FOLLOWED_STREAM_PREFIXES } from '@collections/domain';
import { EventStore, RecordedEvent, SubscriptionMessage } from '@collections/event-store';
import { CheckpointCommit, CheckpointStore } from './checkpoint-store.port';
import { EventHandler } from './event-handler';
import { Follower, covers, typesFilter } from './follower';
import { IDLE, delay, nextOrIdle } from './next-or-idle';
import { HandlerFailedError, ProcessorStoppedError } from './processor-errors';
import { decodeStoredEvent } from './stored-collection-event';

export { HandlerFailedError, ProcessorStoppedError } from './processor-errors';

export interface EventProcessorOptions {
  /** Events handed over in one batch at most (one transaction per checkpoint store). */
  batchSize?: number;
  /** Once live, the longest a batch waits for more events, counted from its first, before it is handed over. */
  idleFlushMs?: number;
  /** How long a failed reader waits before it starts again from the checkpoints. */
  retryAfterMs?: number;
  /** Called after each batch handed over (progress bars, logs). */
  onBatch?: (progress: { position: number; events: number; handlers: string[] }) => void;
  /** Where errors of the live readers go before they start again. */
  onError?: (error: unknown, handlers: string[]) => void;
}

/**
 * The one event processor: everything that follows the event store (the only bus) does so
 * through it, as an `EventHandler`. It reads the collection streams with the store's catch-up
 * subscription from the handlers' checkpoints, decodes each page of events once for every
 * handler at the same position, and hands each batch to them; the checkpoints go through each
 * handler's checkpoint store, in one transaction with the handler's writes where the store is the
 * one they write to. A handler that is behind the others (new, reset, or failing) reads on its
 * own until it has caught up with them, so it holds nobody back, then joins the shared reader.
 * See docs/architecture.md#the-event-processor.
 */
export class EventProcessor {
  private readonly batchSize: number;
  private readonly idleFlushMs: number;
  private readonly retryAfterMs: number;
  private readonly followers = new Map<string, Follower>();
  private readonly waiters = new Set<{ position: number; names: string[]; resolve: () => void; reject: (error: unknown) => void }>();
  private live:
    | {
        shared: Follower[];
        /** The event types the shared reader reads; undefined: every type. */
        types: ReadonlySet<string> | undefined;
        seen: number;
        stopped: boolean;
        reader?: Promise<void>;
        stop?: () => Promise<void>;
        /** How to end the readers of the handlers reading on their own. */
        alone: Set<() => Promise<void>>;
      }
    | undefined;
  /** Catch-ups reading outside the live reader (a process's start, `--once`): `stop()` ends them too. */
  private readonly catchUps = new Set<CatchUpRun>();

  constructor(
    private readonly store: EventStore,
    handlers: readonly EventHandler[] = [],
    private readonly options: EventProcessorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.idleFlushMs = options.idleFlushMs ?? 10;
    this.retryAfterMs = options.retryAfterMs ?? 1000;
    for (const handler of handlers) this.register(handler);
  }

  /**
   * Adds a handler. Once live, it reads on its own from its checkpoint until it has caught up,
   * then follows with the others; otherwise it is prepared with the next `catchUp` or `start`.
   */
  add(handler: EventHandler): void {
    const follower = this.register(handler);
    if (this.live) this.catchUpAlone(follower);
  }

  /**
   * Loads the checkpoints (resetting a handler whose version changed) and prepares the handlers
   * (all, or those named).
   * `catchUp` and `start` do it too when it was not done.
   */
  async prepare(names?: readonly string[]): Promise<void> {
    // Once prepared, a handler's position is the processor's to move (a live reader may be at it).
    await this.prepareAll(this.select(names).filter((follower) => follower.position === -1));
  }

  /** The lowest position among the handlers (all of them, or those named). */
  position(names?: readonly string[]): number {
    const positions = this.select(names).map((follower) => follower.position);
    return positions.length === 0 ? 0 : Math.min(...positions);
  }

  /** Each handler's name and the position it has handled (-1 before it is prepared): what metrics read. */
  checkpoints(): { name: string; position: number }[] {
    return [...this.followers.values()].map((follower) => ({ name: follower.handler.name, position: follower.position }));
  }

  /** Resolves once every handler (or those named) has handled the event at `position` (read your writes). */
  waitFor(position: number, names?: readonly string[]): Promise<void> {
    const selected = this.select(names).map((follower) => follower.handler.name);
    if (this.position(selected) >= position) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.add({ position, names: selected, resolve, reject }));
  }

  /**
   * Hands every event stored so far to the handlers (all, or those named), then returns. While
   * live, it waits for the live readers to get there, and fails if one of the handlers fails.
   * A `stop()` meanwhile ends it after the batch in hand, checkpoint written, and it rejects with
   * a ProcessorStoppedError: whoever waited must not take the handlers for caught up.
   */
  async catchUp(names?: readonly string[]): Promise<void> {
    const followers = this.select(names);
    if (this.live) {
      // Handlers that name their types are caught up at the last event of those types: the
      // events after it are never theirs to handle, and a reader filtered to those types may
      // report having passed them only later (a checkpoint), or, on EventStoreDB, not before
      // more events come.
      const [last] = await this.store.readAll({
        direction: 'backwards',
        fromPosition: 'end',
        maxCount: 1,
        filter: { streamPrefixes: FOLLOWED_STREAM_PREFIXES, ...typesFilter(followers) },
      });
      if (last !== undefined)
        await this.waitFor(
          last.position,
          followers.map((follower) => follower.handler.name),
        );
      return;
    }
    let finished!: () => void;
    const run: CatchUpRun = { stopped: false, finished: new Promise((resolve) => (finished = resolve)) };
    this.catchUps.add(run);
    try {
      await this.prepareAll(followers.filter((follower) => follower.position === -1));
      if (!run.stopped) {
        await this.read(followers, Math.min(...followers.map((follower) => follower.position)), {
          untilCaughtUp: true,
          onStop: (stop) => (run.stop = stop),
        });
      }
    } catch (error) {
      throw error instanceof HandlerFailedError ? error.cause : error;
    } finally {
      this.catchUps.delete(run);
      finished();
    }
    if (run.stopped) throw new ProcessorStoppedError(this.position(names));
  }

  /** Follows the store live until `stop()`; a failed reader starts again from the checkpoints. */
  start(): void {
    if (this.live) return;
    const live: NonNullable<EventProcessor['live']> = { shared: [], types: undefined, seen: 0, stopped: false, alone: new Set() };
    this.live = live;
    live.reader = (async () => {
      while (!live.stopped) {
        try {
          await this.prepareAll([...this.followers.values()].filter((follower) => follower.position === -1));
          // The shared reader starts where the most advanced handlers stand; the others catch up alone.
          const followers = [...this.followers.values()].filter((follower) => follower.catchingUp === undefined);
          const from = Math.max(0, ...followers.map((follower) => follower.position));
          live.seen = from;
          live.shared = followers.filter((follower) => follower.position === from);
          const { eventTypes } = typesFilter(live.shared);
          live.types = eventTypes && new Set(eventTypes);
          for (const follower of followers) if (follower.position < from) this.catchUpAlone(follower);
          await this.read(live.shared, from, { untilCaughtUp: false, shared: live, onStop: (stop) => (live.stop = stop) });
        } catch (error) {
          if (live.stopped) return;
          // The handlers that failed fall behind the others: on the restart they read on their own.
          this.fail(error instanceof HandlerFailedError ? this.select(error.handlers) : live.shared, error);
          await delay(this.retryAfterMs);
        }
      }
    })();
  }

  /**
   * Stops following the store, and ends a `catchUp` under way: each reader hands over the batch it
   * holds (so its checkpoint is written with it) and reads no further. What waited for a position
   * (`waitFor`, a `catchUp` while live) is rejected with a ProcessorStoppedError, since nothing
   * would move the handlers there now. `start()` follows again from the checkpoints.
   */
  async stop(): Promise<void> {
    const catchUps = [...this.catchUps];
    for (const run of catchUps) {
      run.stopped = true;
      await run.stop?.();
    }
    const live = this.live;
    if (live) {
      live.stopped = true;
      await live.stop?.();
      await Promise.all([...live.alone].map((stopReading) => stopReading()));
      await live.reader;
      await Promise.allSettled([...this.followers.values()].map((follower) => follower.catchingUp));
      this.live = undefined;
    }
    await Promise.all(catchUps.map((run) => run.finished));
    if (live || catchUps.length > 0) {
      const waiters = [...this.waiters];
      this.waiters.clear();
      for (const waiter of waiters) waiter.reject(new ProcessorStoppedError(this.position(waiter.names)));
    }
  }

  /** Drops what the handlers (all, or those named) wrote and their checkpoints, and hands them everything again. */
  async rebuild(names?: readonly string[]): Promise<void> {
    for (const follower of this.select(names)) {
      await follower.handler.reset?.();
      await follower.handler.checkpoints.remove(follower.handler.name);
      follower.position = -1;
    }
    await this.catchUp(names);
  }

  /**
   * One batch of stored events to the handlers that have not handled them, one commit per
   * checkpoint store. Events at or below a handler's checkpoint are skipped, so a batch handed
   * over twice changes nothing.
   */
  handBatch(recorded: readonly RecordedEvent[], names?: readonly string[]): Promise<void> {
    return this.hand(recorded, this.select(names));
  }

  private async hand(recorded: readonly RecordedEvent[], followers: readonly Follower[]): Promise<void> {
    if (recorded.length === 0) return;
    const last = recorded[recorded.length - 1].position;
    const behind = followers.filter((follower) => follower.position < last);
    if (behind.length === 0) return;
    const decoded = recorded.flatMap((event) => decodeStoredEvent(event) ?? []);
    const byStore = new Map<CheckpointStore, { follower: Follower; commit: CheckpointCommit<unknown> }[]>();
    for (const follower of behind) {
      const { handler, position, types } = follower;
      const events = decoded.filter((stored) => stored.position > position && (types === undefined || types.has(stored.event.type)));
      const commit: CheckpointCommit<unknown> = {
        name: handler.name,
        checkpoint: { position: last, ...(handler.version === undefined ? {} : { version: handler.version }) },
        ...(events.length === 0 ? {} : { work: (tx: unknown) => handler.handle(events, tx) }),
      };
      const group = byStore.get(handler.checkpoints) ?? [];
      group.push({ follower, commit });
      byStore.set(handler.checkpoints, group);
    }
    for (const [store, group] of byStore) {
      try {
        await store.commit(group.map(({ commit }) => commit));
      } catch (error) {
        throw new HandlerFailedError(
          group.map(({ follower }) => follower.handler.name),
          error,
        );
      }
      for (const { follower } of group) follower.position = last;
    }
    this.options.onBatch?.({ position: last, events: recorded.length, handlers: behind.map((follower) => follower.handler.name) });
    this.settleWaiters();
  }

  /** Moves the checkpoints of handlers that had nothing to handle up to `position` (the store's head, caught up). */
  private async advance(followers: readonly Follower[], position: number): Promise<void> {
    const behind = followers.filter((follower) => follower.position >= 0 && follower.position < position);
    const byStore = new Map<CheckpointStore, Follower[]>();
    for (const follower of behind)
      byStore.set(follower.handler.checkpoints, [...(byStore.get(follower.handler.checkpoints) ?? []), follower]);
    for (const [store, group] of byStore) {
      const commits = group.map(({ handler }) => ({
        name: handler.name,
        checkpoint: { position, ...(handler.version === undefined ? {} : { version: handler.version }) },
      }));
      try {
        await store.commit(commits);
      } catch (error) {
        throw new HandlerFailedError(
          commits.map(({ name }) => name),
          error,
        );
      }
      for (const follower of group) follower.position = position;
    }
    if (behind.length > 0) this.settleWaiters();
  }

  private register(handler: EventHandler): Follower {
    if (this.followers.has(handler.name)) throw new Error(`Two event handlers are named ${handler.name}`);
    const follower: Follower = { handler, position: -1, types: handler.eventTypes && new Set(handler.eventTypes) };
    this.followers.set(handler.name, follower);
    return follower;
  }

  private select(names?: readonly string[]): Follower[] {
    if (names === undefined) return [...this.followers.values()];
    return names.map((name) => {
      const follower = this.followers.get(name);
      if (!follower) throw new Error(`No event handler is named ${name}`);
      return follower;
    });
  }

  private async prepareAll(followers: readonly Follower[]): Promise<void> {
    const byStore = new Map<CheckpointStore, Follower[]>();
    for (const follower of followers)
      byStore.set(follower.handler.checkpoints, [...(byStore.get(follower.handler.checkpoints) ?? []), follower]);
    for (const [store, group] of byStore) {
      const stored = await store.load(group.map((follower) => follower.handler.name));
      for (const follower of group) {
        const { handler } = follower;
        const checkpoint = stored.get(handler.name);
        const sameVersion = checkpoint?.version === handler.version;
        if (checkpoint !== undefined && !sameVersion) {
          await handler.reset?.();
          await store.remove(handler.name);
        }
        await handler.prepare?.();
        follower.position = checkpoint !== undefined && sameVersion ? checkpoint.position : 0;
      }
    }
    this.settleWaiters();
  }

  /** A live handler behind the shared reader reads on its own until it reaches it, then joins it. */
  private catchUpAlone(follower: Follower): void {
    const live = this.live;
    if (!live || follower.catchingUp) return;
    follower.catchingUp = (async () => {
      while (!live.stopped) {
        try {
          if (follower.position === -1) await this.prepareAll([follower]);
          // Positions the shared reader has claimed are handed over by this reader alone, so the
          // two never hand the handler the same batch at once, and it misses nothing on joining.
          let stop: (() => Promise<void>) | undefined;
          const joined = await this.read([follower], follower.position, {
            untilCaughtUp: false,
            onStop: (unsubscribe) => live.alone.add((stop = unsubscribe)),
            // It joins only a reader that reads every type it handles; otherwise it keeps its own.
            joinWhen: (seen) => seen >= live.seen && covers(live.types, follower.types),
          });
          if (stop) live.alone.delete(stop);
          await stop?.();
          if (joined) {
            live.shared.push(follower);
            return;
          }
        } catch (error) {
          if (live.stopped) return;
          this.fail([follower], error);
          await delay(this.retryAfterMs);
        }
      }
    })().finally(() => (follower.catchingUp = undefined));
  }

  /**
   * Reads the collection streams after `from` and hands the events over in batches. Returns true
   * when `joinWhen` ended it, false when it caught up (`untilCaughtUp`) or was stopped.
   */
  private async read(
    followers: Follower[],
    from: number,
    options: {
      untilCaughtUp: boolean;
      shared?: { seen: number };
      onStop?: (stop: () => Promise<void>) => void;
      joinWhen?: (seen: number) => boolean;
    },
  ): Promise<boolean> {
    // Where every handler reading here names its types (the engine's reactions and letters), the
    // store skips the rest itself; the caught-up markers then move their checkpoints past it.
    const subscription = this.store.subscribeToAll({
      fromPosition: from <= 0 ? 'start' : from,
      filter: { streamPrefixes: FOLLOWED_STREAM_PREFIXES, ...typesFilter(followers) },
    });
    options.onStop?.(() => subscription.unsubscribe());
    const messages = subscription[Symbol.asyncIterator]();
    let batch: RecordedEvent[] = [];
    /** When a live batch is handed over at the latest, however fast events come. */
    let handOverBy = 0;
    let seen = from;
    const flush = async () => {
      if (batch.length === 0) return;
      const events = batch;
      batch = [];
      // The shared reader claims the batch before handing it over: see catchUpAlone.
      if (options.shared) options.shared.seen = events[events.length - 1].position;
      await this.hand(events, followers);
    };
    try {
      let pending = messages.next();
      let caughtUp = false;
      for (;;) {
        if (options.joinWhen?.(seen) && batch.length === 0) return true;
        // Once live, an open batch is handed over at most idleFlushMs after its first event, so a
        // steady stream of commands never holds the loop for one long batch (that was the
        // commands' p99); before that the history streams in, and the caught-up marker closes
        // the last batch.
        const next: IteratorResult<SubscriptionMessage> | typeof IDLE =
          batch.length === 0 || !caughtUp ? await pending : await nextOrIdle(pending, handOverBy - performance.now());
        if (next === IDLE) {
          await flush();
          continue;
        }
        if (next.done) break;
        pending = messages.next();
        if (next.value.kind === 'event') {
          if (batch.length === 0) handOverBy = performance.now() + this.idleFlushMs;
          batch.push(next.value.event);
          seen = next.value.event.position;
          if (batch.length >= this.batchSize) await flush();
        } else if (next.value.kind === 'checkpoint') {
          // The store skipped events of other types: the handlers have seen up to there too.
          await flush();
          seen = Math.max(seen, next.value.position);
          await this.advance(followers, seen);
          if (options.shared) options.shared.seen = Math.max(options.shared.seen, seen);
        } else {
          caughtUp = true;
          await flush();
          seen = Math.max(seen, next.value.position ?? 0);
          await this.advance(followers, seen);
          if (options.shared) options.shared.seen = Math.max(options.shared.seen, seen);
          if (options.untilCaughtUp) break;
        }
      }
      await flush();
      return false;
    } finally {
      await subscription.unsubscribe();
    }
  }

  private fail(followers: readonly Follower[], error: unknown): void {
    const names = followers.map((follower) => follower.handler.name);
    this.options.onError?.(error, names);
    for (const waiter of [...this.waiters]) {
      if (waiter.names.some((name) => names.includes(name))) {
        this.waiters.delete(waiter);
        waiter.reject(error instanceof HandlerFailedError ? error.cause : error);
      }
    }
  }

  private settleWaiters(): void {
    for (const waiter of [...this.waiters]) {
      if (this.position(waiter.names) >= waiter.position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

interface CatchUpRun {
  stopped: boolean;
  /** Ends its subscription; set once it reads. */
  stop?: () => Promise<void>;
  finished: Promise<void>;
}

/**
 * The Nest injection token of a process's one event processor, where its parts share one (the api
 * hosting both the read models and the policy engine).
 */
export const EVENT_PROCESSOR = Symbol('EventProcessor');
