import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EVENT_PROCESSOR, EventProcessor } from '@collections/event-processor';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { ENGINE_HOSTED } from './engine-tokens';

/**
 * The engine's event processor: its reactions, its letter writer and its book are handlers of it
 * (they add themselves). Live only where the engine is hosted; elsewhere (the CLI) each handler
 * catches up on demand. Where the engine is hosted by a process that has an event processor of
 * its own (the api, for the read models), the engine's handlers join that one, so the process
 * reads the store once.
 */
@Injectable()
export class EngineEvents {
  private readonly logger = new Logger('PolicyEngine');
  readonly processor: EventProcessor;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(ENGINE_HOSTED) hosted: boolean,
    @Optional() @Inject(EVENT_PROCESSOR) shared?: EventProcessor,
  ) {
    if (hosted && shared) {
      this.processor = shared;
      return;
    }
    this.processor = new EventProcessor(store, [], {
      onError: (error, handlers) =>
        this.logger.error(`${handlers.join(', ')}: ${error instanceof Error ? error.stack : String(error)} (retrying from the checkpoint)`),
    });
  }
}
