/** A `catchUp` (or a wait for a position) that `stop()` ended before it got there. */
export class ProcessorStoppedError extends Error {
  constructor(readonly position: number) {
    super(`The event processor was stopped at position ${Math.max(0, position)}, before the handlers had caught up`);
    this.name = 'ProcessorStoppedError';
  }
}

/** A handler's batch (or its checkpoint) did not commit; the cause says why. */
export class HandlerFailedError extends Error {
  constructor(
    readonly handlers: string[],
    cause: unknown,
  ) {
    super(`Event handler ${handlers.join(', ')} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'HandlerFailedError';
  }
}
