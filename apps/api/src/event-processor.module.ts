import { Global, Logger, Module } from '@nestjs/common';
import { EVENT_PROCESSOR, EventProcessor } from '@collections/event-processor';
import { EVENT_STORE, EventStore } from '@collections/event-store';

/**
 * The api's one event processor: the read models (where the api hosts the projector) and the
 * policy engine's reactions, letters and book (where it hosts the engine) are its handlers, so
 * the process reads the store once. Started by whichever host starts first; stopping is shared.
 */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_PROCESSOR,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => {
        const logger = new Logger('EventProcessor');
        return new EventProcessor(store, [], {
          onError: (error, handlers) =>
            logger.error(`${handlers.join(', ')}: ${error instanceof Error ? error.stack : String(error)} (retrying from the checkpoint)`),
        });
      },
    },
  ],
  exports: [EVENT_PROCESSOR],
})
export class EventProcessorModule {}
