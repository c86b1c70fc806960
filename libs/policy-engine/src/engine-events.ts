import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventProcessor } from '@collections/event-processor';
import { EVENT_STORE, EventStore } from '@collections/event-store';

/**
 * The engine's event processor: its reactions, its letter writer and its book are handlers of it
 * (they add themselves). Live only where the engine is hosted; elsewhere (the CLI) each handler
 * catches up on demand.
 */
@Injectable()
export class EngineEvents {
  private readonly logger = new Logger('PolicyEngine');
  readonly processor: EventProcessor;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.processor = new EventProcessor(store, [], {
      onError: (error, handlers) =>
        this.logger.error(`${handlers.join(', ')}: ${error instanceof Error ? error.stack : String(error)} (retrying from the checkpoint)`),
    });
  }
}
