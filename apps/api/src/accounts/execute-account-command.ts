import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, CollectionCommand, decide, occurredOn, schemaVersionOf, streamIdOf } from '@collections/domain';
import { EVENT_STORE, EventStore, NewEvent, WrongExpectedRevisionError } from '@collections/event-store';
import { Actor } from '../auth/roles';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from '../problems/problem-details';
import { CLOCK } from '../clock';
import { CollectionEventMetadata } from './account-stream';
import { CustomerAccounts } from './customer-accounts';
import { canonicalHash, nameBasedUuid } from './ids';
import { KeyedQueue } from './keyed-queue';

export interface CommandOrigin {
  actor: Actor;
  /** The client's Idempotency-Key header, if it sent one. */
  idempotencyKey?: string;
  /** The request as the client sent it (method, route and body), to recognise a replay. */
  request: unknown;
  correlationId?: string;
}

export interface CommandOutcome {
  customerId: string;
  /** The stream revision of the command's last event (0-based, as EventStoreDB counts). */
  revision: number;
  /** True when an Idempotency-Key replay returned the first result and appended nothing. */
  replayed: boolean;
}

/** Run one domain command against one customer's account. */
export class ExecuteAccountCommand extends Command<CommandOutcome> {
  constructor(
    readonly customerId: string,
    readonly command: CollectionCommand,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}

/** Conflicts come from other processes writing the same stream (this one queues per customer). */
const MAX_ATTEMPTS = 8;

/** Random, growing pauses between attempts, so that two contending writers fall out of step. */
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));

/**
 * The write side's one handler: load the customer's account (folded from its stream), decide,
 * append with the expected revision; on a conflict reload and decide again. Commands for the same customer run
 * one at a time within this process, which spares pointless conflicts; correctness across
 * processes still rests on the expected revision alone.
 */
@CommandHandler(ExecuteAccountCommand)
export class ExecuteAccountCommandHandler implements ICommandHandler<ExecuteAccountCommand, CommandOutcome> {
  private readonly queue = new KeyedQueue();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accounts: CustomerAccounts,
  ) {}

  execute({ customerId, command, origin }: ExecuteAccountCommand): Promise<CommandOutcome> {
    return this.queue.run(customerId, () => this.attempt(customerId, command, origin));
  }

  private async attempt(customerId: string, command: CollectionCommand, origin: CommandOrigin): Promise<CommandOutcome> {
    const requestHash = origin.idempotencyKey === undefined ? undefined : canonicalHash(origin.request);
    const commandId = origin.idempotencyKey === undefined
      ? crypto.randomUUID()
      : nameBasedUuid(`${customerId}\n${origin.idempotencyKey}`);

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const account = await this.accounts.load(customerId);
      const earlier = account.keyedCommands.get(commandId);
      if (earlier) {
        if (earlier.requestHash !== requestHash) throw new IdempotencyKeyReusedError(origin.idempotencyKey ?? '');
        return { customerId, revision: earlier.revision, replayed: true };
      }
      const events = decide(command, account.state);
      const recordedAt = this.clock.now();
      const toAppend: NewEvent[] = events.map((event, index) => {
        const eventId = nameBasedUuid(`${commandId}\n${index}`);
        const metadata: CollectionEventMetadata = {
          eventId,
          commandId,
          correlationId: origin.correlationId ?? commandId,
          causationId: commandId,
          actor: origin.actor,
          occurredAt: occurredOn(event),
          recordedAt,
          schemaVersion: schemaVersionOf(event.type),
          ...(origin.idempotencyKey === undefined ? {} : { idempotencyKey: origin.idempotencyKey, requestHash }),
        };
        return { id: eventId, type: event.type, data: event.data, metadata: { ...metadata } };
      });
      try {
        const result = await this.store.appendToStream(streamIdOf(customerId), toAppend, {
          expectedRevision: account.lastRevision ?? 'no_stream',
        });
        this.accounts.appended(customerId, account, toAppend, result.nextExpectedRevision);
        return { customerId, revision: result.nextExpectedRevision, replayed: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        await backOff(attempt);
      }
    }
    throw new ConcurrencyConflictError(customerId, MAX_ATTEMPTS);
  }
}
