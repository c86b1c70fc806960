import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { lastValueFrom, of, toArray } from 'rxjs';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { CheckpointStore, EventHandler, StoredCollectionEvent } from '@collections/event-processor';
import { isCommandRefusal } from '@collections/accounts';
import { AccountsAfterEvents } from './accounts-after-events';
import { EngineEvents } from './engine-events';
import { CollectionEventRecorded, PolicySagas, REACTING_TO } from './policy-sagas';
import { ENGINE_STORES, EngineStores } from './stores/engine-stores';

/**
 * Runs the policy's sagas as a handler of the engine's event processor: each stored event the
 * sagas react to goes through them, and the commands they return go to the command bus; the
 * checkpoint moves on only after those commands settled. (Nest's own `@Saga()` runner executes
 * commands without waiting and only logs their failures, which would let the checkpoint pass a
 * reaction that never happened.) Redelivery appends nothing: the commands' keys are deterministic.
 */
@Injectable()
export class Reactor implements EventHandler {
  readonly name = 'reactions';
  readonly eventTypes = REACTING_TO;
  readonly checkpoints: CheckpointStore;
  private readonly logger = new Logger('PolicyReactions');
  private readonly accounts: AccountsAfterEvents;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(ENGINE_STORES) stores: EngineStores,
    private readonly events: EngineEvents,
    private readonly sagas: PolicySagas,
    private readonly commands: CommandBus,
  ) {
    this.checkpoints = stores.checkpoints;
    this.accounts = new AccountsAfterEvents(store);
    events.processor.add(this);
  }

  /** Reacts to every event stored so far. */
  catchUp(): Promise<void> {
    return this.events.processor.catchUp([this.name]);
  }

  async handle(events: readonly StoredCollectionEvent[]): Promise<void> {
    for (const stored of events) await this.react(stored);
  }

  private async react(stored: StoredCollectionEvent): Promise<void> {
    const { customerId, event, metadata, id } = stored;
    const account = await this.accounts.after(stored);
    const cause = new CollectionEventRecorded(customerId, event, account, id, metadata.correlationId ?? id);
    const commands = await lastValueFrom(this.sagas.reactions(of(cause)).pipe(toArray()));
    for (const command of commands) {
      try {
        await this.commands.execute(command);
      } catch (error) {
        // A business refusal (someone placed the hold meanwhile) ends the reaction; anything
        // else fails the batch before its checkpoint, to retry.
        if (!isCommandRefusal(error)) throw error;
        this.logger.warn(`Reaction to ${event.type} of customer ${customerId} refused: ${error.message}`);
      }
    }
  }
}
