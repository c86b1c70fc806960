import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { lastValueFrom, of, toArray } from 'rxjs';
import { toCollectionEvent } from '@collections/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@collections/event-store';
import { CollectionEventMetadata, isCommandRefusal } from '@collections/accounts';
import { AccountsAfterEvents } from './accounts-after-events';
import { ENGINE_STATE } from './engine-tokens';
import { EngineState } from './engine-state';
import { EventFollower } from './event-follower';
import { CollectionEventRecorded, PolicySagas, REACTING_TO } from './policy-sagas';

/**
 * Runs the policy's sagas on the event store subscription: each recorded event the sagas react
 * to goes through them, and the commands they return go to the command bus; the checkpoint
 * moves on only after those commands settled. (Nest's own `@Saga()` runner executes commands
 * without waiting and only logs their failures, which would let the checkpoint pass a reaction
 * that never happened.)
 */
@Injectable()
export class Reactor extends EventFollower {
  private readonly logger = new Logger('PolicyReactions');
  private readonly accounts = new AccountsAfterEvents(this.store);

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(ENGINE_STATE) state: EngineState,
    private readonly sagas: PolicySagas,
    private readonly commands: CommandBus,
  ) {
    super(store, state, 'reactions', REACTING_TO, (error) => new Logger('PolicyReactions').error(error instanceof Error ? error.stack : String(error)));
  }

  protected async handle(recorded: RecordedEvent): Promise<void> {
    const event = toCollectionEvent(recorded);
    if (event === undefined) return;
    const { customerId, account } = await this.accounts.after(recorded);
    const metadata = recorded.metadata as Partial<CollectionEventMetadata>;
    const cause = new CollectionEventRecorded(customerId, event, account, recorded.id, metadata.correlationId ?? recorded.id);
    const commands = await lastValueFrom(this.sagas.reactions(of(cause)).pipe(toArray()));
    for (const command of commands) {
      try {
        await this.commands.execute(command);
      } catch (error) {
        // A business refusal (someone placed the hold meanwhile) ends the reaction; anything
        // else stops the follower before its checkpoint, to retry.
        if (!isCommandRefusal(error)) throw error;
        this.logger.warn(`Reaction to ${event.type} of customer ${customerId} refused: ${error.message}`);
      }
    }
  }
}
