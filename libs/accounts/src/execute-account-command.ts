import { Inject, Injectable, Optional } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountState, Clock, CollectionCommand, decide, evolve, requireHappenedBy, streamIdOf } from '@collections/domain';
import { EVENT_STORE, EventStore, NewEvent, WrongExpectedRevisionError } from '@collections/event-store';
import { Actor } from './actor';
import { ConcurrencyConflictError, IdempotencyKeyReusedError, isCommandRefusal } from './errors';
import { COMMAND_METRICS, CommandMetrics, CommandResult, NO_COMMAND_METRICS } from './command-metrics';
import { CLOCK } from '@collections/platform';
import { CollectionEventMetadata } from '@collections/event-processor';
import { CustomerAccounts, LoadedAccount } from './customer-accounts';
import { canonicalHash, nameBasedUuid } from '@collections/platform';
import { KeyedQueue } from './keyed-queue';
import { chainEvents } from '@collections/evidence';
import { recordedEvents } from './recorded-events';

export interface CommandOrigin {
  actor: Actor;
  /** The client's Idempotency-Key header, if it sent one, or the key the service derived itself. */
  idempotencyKey?: string;
  /**
   * Whose namespace the key lives in. `client` (the default): a key that arrived from outside,
   * scoped to the caller and the customer, so that no client can name another caller's command
   * or the engine's. `service`: a key this service derives itself (the policy engine and its
   * sagas, the import, the simulation), scoped to the customer as it always was, so histories
   * recorded before the scopes existed replay as they did.
   */
  keyScope?: KeyScope;
  /**
   * The request as the client sent it (method, route and body), to recognise a replay; absent
   * where the key alone says what was asked (the policy engine's keys name the rule, the date
   * and the invoices), so there is nothing to compare.
   */
  request?: unknown;
  correlationId?: string;
  /** The event that caused the command (a reaction); the command itself when absent. */
  causationId?: string;
}

export type KeyScope = 'client' | 'service';

/**
 * The command id a keyed command gets: name-based, so a retry derives the same id. A service
 * name has one line break (`customer`, `key`), a client name three (`client`, `actor`, `customer`,
 * `key`; ids and keys hold no line breaks), so the two namespaces can never meet.
 */
export function keyedCommandId(customerId: string, idempotencyKey: string, scope: KeyScope, actor: Actor): string {
  return scope === 'service'
    ? nameBasedUuid(`${customerId}\n${idempotencyKey}`)
    : nameBasedUuid(`client\n${actor.id}\n${customerId}\n${idempotencyKey}`);
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

/** One command of a batch, with the key that makes it idempotent. */
export interface KeyedAccountCommand {
  command: CollectionCommand;
  idempotencyKey: string;
}

export interface BatchOutcome {
  customerId: string;
  /** The stream's last revision after the batch (undefined: nothing was ever appended). */
  revision: number | undefined;
  /** The commands appended now, and those an earlier run had already recorded, in batch order. */
  appended: CollectionCommand[];
  replayed: CollectionCommand[];
}

/**
 * Several commands for one customer, decided in order on the account as the earlier ones leave
 * it and appended together with one expected revision: the policy engine's daily work for a
 * customer, all or nothing. Each command is keyed; one already recorded is skipped, so a rerun
 * appends only what is missing. `origin` has no request or key of its own: each command's key
 * says what it asks.
 */
export class ExecuteAccountCommands extends Command<BatchOutcome> {
  constructor(
    readonly customerId: string,
    readonly commands: readonly KeyedAccountCommand[],
    readonly origin: Omit<CommandOrigin, 'idempotencyKey' | 'keyScope' | 'request'>,
  ) {
    super();
  }
}

/** Conflicts come from other processes writing the same stream (this one queues per customer). */
const MAX_ATTEMPTS = 8;

/** Random, growing pauses between attempts, so that two contending writers fall out of step. */
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));

/** What the commands would append to the account, and which of them were recorded before. */
interface Decision {
  state: AccountState;
  appended: CollectionCommand[];
  replayed: CollectionCommand[];
  /** Chained: each event's metadata carries its hash (see libs/evidence). */
  toAppend: NewEvent[];
  lastHash: string | undefined;
  /** Keyed commands appended now, with the index of their last event in `toAppend`. */
  keyed: { commandId: string; requestHash: string | undefined; lastEvent: number }[];
  lastReplayRevision: number | undefined;
}

interface PreparedCommand {
  command: CollectionCommand;
  origin: CommandOrigin;
  commandId: string;
  requestHash: string | undefined;
}

/**
 * The write side's one way of changing an account: load the customer's account (folded from
 * its stream), decide, append with the expected revision; on a conflict reload and decide
 * again. Commands for the same customer run one at a time within this process, which spares
 * pointless conflicts; correctness across processes still rests on the expected revision alone.
 */
@Injectable()
export class AccountWriter {
  private readonly queue = new KeyedQueue();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accounts: CustomerAccounts,
    @Optional() @Inject(COMMAND_METRICS) private readonly metrics: CommandMetrics = NO_COMMAND_METRICS,
  ) {}

  /** Customers whose commands are queued or running here now: what a shutdown still waits for. */
  get busyCustomers(): number {
    return this.queue.busyKeys;
  }

  /** Resolves once every command queued in this process has been appended or refused. */
  settled(): Promise<void> {
    return this.queue.settled();
  }

  /** Decides and appends the commands in order, all or nothing; returns which were recorded before. */
  async write(
    customerId: string,
    commands: readonly { command: CollectionCommand; origin: CommandOrigin }[],
  ): Promise<BatchOutcome & { lastReplayRevision?: number }> {
    const started = performance.now();
    try {
      const outcome = await this.writeQueued(customerId, commands);
      const seconds = (performance.now() - started) / 1000;
      for (const command of outcome.appended) this.metrics.commandSettled(command.type, 'accepted', seconds);
      for (const command of outcome.replayed) this.metrics.commandSettled(command.type, 'replayed', seconds);
      return outcome;
    } catch (error) {
      // A batch is all or nothing: each of its commands ends as the batch did.
      const result: CommandResult = error instanceof ConcurrencyConflictError ? 'conflict' : isCommandRefusal(error) ? 'refused' : 'failed';
      const seconds = (performance.now() - started) / 1000;
      for (const { command } of commands) this.metrics.commandSettled(command.type, result, seconds);
      throw error;
    }
  }

  private writeQueued(
    customerId: string,
    commands: readonly { command: CollectionCommand; origin: CommandOrigin }[],
  ): Promise<BatchOutcome & { lastReplayRevision?: number }> {
    const prepared = commands.map(({ command, origin }): PreparedCommand => {
      const requestHash = origin.idempotencyKey === undefined || origin.request === undefined ? undefined : canonicalHash(origin.request);
      const commandId =
        origin.idempotencyKey === undefined
          ? crypto.randomUUID()
          : keyedCommandId(customerId, origin.idempotencyKey, origin.keyScope ?? 'client', origin.actor);
      return { command, origin, commandId, requestHash };
    });
    return this.queue.run(customerId, () => this.attempt(customerId, prepared));
  }

  private async attempt(customerId: string, commands: PreparedCommand[]): Promise<BatchOutcome & { lastReplayRevision?: number }> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // The first attempt decides on the account as this process last saw it, without reading
      // the store: what another process appended since makes the append conflict (and the next
      // attempt reads it). What no append guards — a refusal, or nothing to append — is decided
      // again on the stream as it is, if it moved. Keyed commands always read: the store takes
      // a repeated append of the same event ids as done, so only the stream can tell a replay.
      const keyed = commands.some(({ origin }) => origin.idempotencyKey !== undefined);
      const cached = attempt === 1 && !keyed ? this.accounts.cached(customerId) : undefined;
      let account = cached ?? (await this.accounts.load(customerId));
      let decision: Decision | Error;
      try {
        decision = this.decideAll(account, commands);
      } catch (refusal) {
        decision = refusal as Error;
      }
      if (cached !== undefined && (decision instanceof Error || decision.toAppend.length === 0)) {
        const current = await this.accounts.load(customerId);
        if (current.lastRevision !== account.lastRevision) {
          account = current;
          decision = this.decideAll(account, commands);
        }
      }
      if (decision instanceof Error) throw decision;
      const { state, appended, replayed, toAppend, lastReplayRevision } = decision;
      if (toAppend.length === 0) {
        return { customerId, revision: account.lastRevision, appended, replayed, lastReplayRevision };
      }
      try {
        const result = await this.store.appendToStream(streamIdOf(customerId), toAppend, {
          expectedRevision: account.lastRevision ?? 'no_stream',
        });
        this.metrics.appended(toAppend.length);
        const firstRevision = result.nextExpectedRevision - toAppend.length + 1;
        this.accounts.appended(customerId, account, {
          state,
          lastRevision: result.nextExpectedRevision,
          lastHash: decision.lastHash,
          occurredAt: toAppend.map((event) => (event.metadata as unknown as CollectionEventMetadata).occurredAt),
          keyed: decision.keyed.map(({ commandId, requestHash, lastEvent }) => ({
            commandId,
            requestHash,
            revision: firstRevision + lastEvent,
          })),
        });
        return { customerId, revision: result.nextExpectedRevision, appended, replayed };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        await backOff(attempt);
      }
    }
    throw new ConcurrencyConflictError(`Customer ${customerId}`, MAX_ATTEMPTS);
  }

  /** Each command decided in order on the account as the earlier ones leave it; throws the first refusal. */
  private decideAll(account: LoadedAccount, commands: PreparedCommand[]): Decision {
    let state = account.state;
    const appended: CollectionCommand[] = [];
    const replayed: CollectionCommand[] = [];
    const toAppend: NewEvent[] = [];
    /** Keyed commands appended now, with the index of their last event in `toAppend`. */
    const keyed: { commandId: string; requestHash: string | undefined; lastEvent: number }[] = [];
    let lastReplayRevision: number | undefined;
    const recordedAt = this.clock.now();
    const today = this.clock.today();
    for (const { command, origin, commandId, requestHash } of commands) {
      const earlier = account.keyedCommands.get(commandId);
      if (earlier) {
        if (earlier.requestHash !== requestHash) throw new IdempotencyKeyReusedError(origin.idempotencyKey ?? '');
        replayed.push(command);
        lastReplayRevision = earlier.revision;
        continue;
      }
      const events = decide(command, state);
      requireHappenedBy(events, today);
      state = events.reduce(evolve, state);
      appended.push(command);
      toAppend.push(...recordedEvents(events, { commandId, origin, requestHash }, recordedAt));
      if (origin.idempotencyKey !== undefined && events.length > 0) keyed.push({ commandId, requestHash, lastEvent: toAppend.length - 1 });
    }
    // Chained to the stream's last event as folded: no read of the stream beyond the decision's own.
    const chained = chainEvents(toAppend, account.lastHash);
    return { state, appended, replayed, toAppend: chained.events, lastHash: chained.lastHash, keyed, lastReplayRevision };
  }
}

@CommandHandler(ExecuteAccountCommand)
export class ExecuteAccountCommandHandler implements ICommandHandler<ExecuteAccountCommand, CommandOutcome> {
  constructor(private readonly writer: AccountWriter) {}

  async execute({ customerId, command, origin }: ExecuteAccountCommand): Promise<CommandOutcome> {
    const outcome = await this.writer.write(customerId, [{ command, origin }]);
    const replayed = outcome.appended.length === 0;
    // A replay answers the revision of the first command's last event, as the first call did.
    const revision = replayed ? (outcome.lastReplayRevision as number) : (outcome.revision as number);
    return { customerId, revision, replayed };
  }
}

@CommandHandler(ExecuteAccountCommands)
export class ExecuteAccountCommandsHandler implements ICommandHandler<ExecuteAccountCommands, BatchOutcome> {
  constructor(private readonly writer: AccountWriter) {}

  async execute({ customerId, commands, origin }: ExecuteAccountCommands): Promise<BatchOutcome> {
    const { revision, appended, replayed } = await this.writer.write(
      customerId,
      // The batch's keys are the service's own (the engine and its sagas derive them).
      commands.map(({ command, idempotencyKey }) => ({ command, origin: { ...origin, idempotencyKey, keyScope: 'service' } })),
    );
    return { customerId, revision, appended, replayed };
  }
}
