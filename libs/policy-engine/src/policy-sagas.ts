import { Injectable } from '@nestjs/common';
import { IEvent } from '@nestjs/cqrs';
import { Observable, concatMap } from 'rxjs';
import { AccountState, CollectionEvent, occurredOn } from '@collections/domain';
import { idempotencyKeyOf, reactTo } from '@collections/policy';
import { ExecuteAccountCommands, POLICY_ENGINE_ACTOR } from '@collections/accounts';
import { PoliciesInForce } from './policies-in-force';

/** A collection event read from the event store, with the customer's account right after it. */
export class CollectionEventRecorded implements IEvent {
  constructor(
    readonly customerId: string,
    readonly event: CollectionEvent,
    /** The stream folded up to and including this event. */
    readonly account: AccountState,
    readonly eventId: string,
    readonly correlationId: string,
  ) {}
}

/** The event types the sagas react to: what the reactor's subscription asks the store for. */
export const REACTING_TO: readonly CollectionEvent['type'][] = ['ReferredToAgency', 'PromiseBroken', 'DisputeRaised', 'DeductionClaimed'];

/**
 * The policy's sagas, as rxjs pipelines from recorded events to commands (the `@Saga()` shape
 * of @nestjs/cqrs): a referral to an agency places the customer on credit hold; a broken
 * promise asks the collector for a call (its priority rises in the worklist by itself). What
 * each event calls for is `reactTo` in libs/policy; here it becomes commands for the command
 * bus, keyed so that a redelivered event appends nothing, and caused by the event.
 */
@Injectable()
export class PolicySagas {
  constructor(private readonly policies: PoliciesInForce) {}

  reactions = (events$: Observable<CollectionEventRecorded>): Observable<ExecuteAccountCommands> =>
    events$.pipe(
      concatMap(async ({ customerId, event, account, eventId, correlationId }) => {
        const { policy, policies } = await this.policies.on(occurredOn(event), { adopt: false });
        const commands = reactTo(event, account, policy, { customerId, policies });
        return commands.length === 0
          ? []
          : [
              new ExecuteAccountCommands(
                customerId,
                commands.map((command) => ({ command, idempotencyKey: idempotencyKeyOf(command) })),
                { actor: POLICY_ENGINE_ACTOR, correlationId, causationId: eventId },
              ),
            ];
      }),
      concatMap((commands) => commands),
    );
}
