import { Inject, Injectable, Logger } from '@nestjs/common';
import { CheckpointStore, EventHandler, StoredCollectionEvent } from '@collections/event-processor';
import { bounceReasonOf } from '@collections/inbound-mail';
import { LetterOutbox } from '@collections/letters';
import { EngineEvents } from './engine-events';
import { ENGINE_STORES, EngineStores } from './stores/engine-stores';

/**
 * Marks the letter of every recorded bounce failed in the outbox: a handler of the engine's event
 * processor for CustomerReplied, so that the api only records what came back (the event store is
 * the one bus) and the engine, which owns the outbox's delivery, marks it. Redelivery changes
 * nothing: the first bounce of a letter stands.
 */
@Injectable()
export class BounceMarker implements EventHandler {
  readonly name = 'bounces';
  readonly eventTypes = ['CustomerReplied'] as const;
  readonly checkpoints: CheckpointStore;
  private readonly logger = new Logger('Letters');
  private readonly outbox: LetterOutbox;

  constructor(
    @Inject(ENGINE_STORES) stores: EngineStores,
    private readonly events: EngineEvents,
  ) {
    this.checkpoints = stores.checkpoints;
    this.outbox = stores.outbox;
    events.processor.add(this);
  }

  /** Marks the bounces recorded so far. */
  catchUp(): Promise<void> {
    return this.events.processor.catchUp([this.name]);
  }

  async handle(events: readonly StoredCollectionEvent[]): Promise<void> {
    for (const { event, customerId } of events) {
      if (event.type !== 'CustomerReplied' || event.data.kind !== 'bounce' || event.data.letterId === undefined) continue;
      const { letterId, receivedAt, subject, text } = event.data;
      const reason = `bounced: ${bounceReasonOf(text) ?? subject}`;
      const outcome = await this.outbox.markBounced(letterId, { at: receivedAt, reason });
      if (outcome === 'marked') this.logger.warn(`Letter ${letterId} to customer ${customerId} came back: ${reason}`);
      // A letter of another outbox (an engine on another store): nothing here to mark.
      if (outcome === 'unknown') this.logger.warn(`Bounce of letter ${letterId} (customer ${customerId}): no such letter in the outbox`);
    }
  }
}
