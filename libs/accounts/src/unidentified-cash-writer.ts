import { Inject, Injectable } from '@nestjs/common';
import {
  Clock,
  UnidentifiedCashCommand,
  UnidentifiedCashState,
  decideUnidentifiedCash,
  evolveUnidentifiedCash,
  initialUnidentifiedCash,
  isUnidentifiedCashEvent,
  requireHappenedBy,
  toCollectionEvent,
  unidentifiedCashStreamIdOf,
} from '@collections/domain';
import { EVENT_STORE, EventStore, WrongExpectedRevisionError } from '@collections/event-store';
import { chainEvents } from '@collections/evidence';
import { CLOCK } from '@collections/platform';
import { ConcurrencyConflictError } from './errors';
import { CommandOrigin } from './execute-account-command';
import { recordedEvents } from './recorded-events';

/** An unidentified payment as its stream describes it, and where the stream ends. */
export interface LoadedUnidentifiedCash {
  state: UnidentifiedCashState;
  lastRevision: number | undefined;
  lastHash: string | undefined;
}

const MAX_ATTEMPTS = 8;

/**
 * The write side of unidentified cash (`unidentified-cash-<paymentId>`, one stream per payment):
 * load, decide, append with the expected revision, as the AccountWriter does for accounts, with
 * the same metadata and the same hash chain. Its streams are short (received, then assigned or
 * refunded), so it reads them whole each time and keeps nothing in memory.
 */
@Injectable()
export class UnidentifiedCashWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load(paymentId: string): Promise<LoadedUnidentifiedCash> {
    const recorded = await this.store.readStream(unidentifiedCashStreamIdOf(paymentId));
    let state = initialUnidentifiedCash();
    for (const stored of recorded) {
      const event = toCollectionEvent(stored);
      if (event && isUnidentifiedCashEvent(event)) state = evolveUnidentifiedCash(state, event);
    }
    const last = recorded.at(-1);
    return { state, lastRevision: last?.revision, lastHash: (last?.metadata as { hash?: string } | undefined)?.hash };
  }

  /** Decides the command on the payment's stream and appends what it records; returns the state after it. */
  async write(command: UnidentifiedCashCommand, origin: CommandOrigin): Promise<UnidentifiedCashState> {
    const commandId = crypto.randomUUID();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const loaded = await this.load(command.data.paymentId);
      const events = decideUnidentifiedCash(command, loaded.state);
      requireHappenedBy(events, this.clock.today());
      const toAppend = chainEvents(recordedEvents(events, { commandId, origin }, this.clock.now()), loaded.lastHash).events;
      try {
        await this.store.appendToStream(unidentifiedCashStreamIdOf(command.data.paymentId), toAppend, {
          expectedRevision: loaded.lastRevision ?? 'no_stream',
        });
        return events.reduce(evolveUnidentifiedCash, loaded.state);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    throw new ConcurrencyConflictError(`Unidentified payment ${command.data.paymentId}`, MAX_ATTEMPTS);
  }
}
