import { CommandBus } from '@nestjs/cqrs';
import { join } from 'node:path';
import { BusinessDate, COLLECTION_STREAM_PREFIX, SettableClock, addDays } from '@collections/domain';
import { EVENT_STORE, EventStore, SqliteEventStore } from '@collections/event-store';
import { DEFAULT_SIMULATION_START, SimulatedBook, SimulationActor } from '@collections/simulation';
import { Actor, ExecuteAccountCommand } from '@collections/accounts';
import { AppConfig } from '@collections/config';
import { createEngineContext, DayReport, PolicyEngine } from '@collections/policy-engine';
import { dispatchPlanned } from '../import/dispatch';

/** Who the simulated people are in the events' metadata. */
const ACTORS: Record<SimulationActor, Actor> = {
  integration: { id: 'simulated-billing', role: 'integration' },
  collector: { id: 'simulated-collector', role: 'collector' },
  manager: { id: 'simulated-manager', role: 'manager' },
};

export interface SimulationRunOptions {
  customers: number;
  days: number;
  seed: number;
  startOn?: BusinessDate;
  onDay?: (date: BusinessDate, report: DayReport) => void;
}

export interface SimulationResult {
  startOn: BusinessDate;
  endOn: BusinessDate;
  /** Events appended to the collection streams. */
  events: number;
  peopleCommands: number;
  engineCommands: number;
  /** People's commands the domain refused (a model bug, reported rather than hidden). */
  refused: { customerId: string; reason: string }[];
  letters: number;
}

/**
 * Drives a simulated book day by day on the stores of `config`, with a settable clock: each
 * day, what people and systems do (SimulatedBook) goes through the command side as they would
 * send it, then the policy engine runs for the day (and its sagas catch up). At the end the
 * letters are written and delivered. Every command is keyed, so the same seed gives the same
 * events, with the same ids, and a simulation run again over the same days appends nothing.
 */
export async function runSimulation(config: AppConfig, options: SimulationRunOptions): Promise<SimulationResult> {
  const startOn = options.startOn ?? DEFAULT_SIMULATION_START;
  const endOn = addDays(startOn, options.days - 1);
  const book = new SimulatedBook({ customers: options.customers, days: options.days, seed: options.seed, startOn });
  const store = config.eventStore.kind === 'embedded' ? new SqliteEventStore(join(config.eventStore.dataDir, 'events.sqlite')) : undefined;
  const clock = new SettableClock(`${startOn}T18:00:00.000Z`);
  const app = await createEngineContext(config, { hosted: false, clock, eventStore: store, logger: ['error'] });
  try {
    const bus = app.get(CommandBus);
    const engine = app.get(PolicyEngine);
    const events = app.get<EventStore>(EVENT_STORE);
    const result: SimulationResult = { startOn, endOn, events: 0, peopleCommands: 0, engineCommands: 0, refused: [], letters: 0 };
    for (let date = startOn; date <= endOn; date = addDays(date, 1)) {
      clock.set(`${date}T18:00:00.000Z`);
      // The engine's own book: the accounts are folded once a day, for the people and the engine.
      const accounts = await engine.accounts();
      const actions = book.actionsOn(date, (customerId) => accounts.account(customerId));
      const report = await dispatchPlanned(
        actions.map(({ customerId, command, idempotencyKey }, line) => ({ line, customerId, command, idempotencyKey })),
        ({ line, customerId, command, idempotencyKey }) =>
          bus.execute(
            new ExecuteAccountCommand(customerId, command, {
              actor: ACTORS[actions[line].actor],
              idempotencyKey,
              keyScope: 'service',
              request: command,
            }),
          ),
        { maxInFlight: 64 },
      );
      result.peopleCommands += report.commands.appended;
      for (const { line, reason } of report.refusals) result.refused.push({ customerId: actions[line].customerId, reason });
      const day = await engine.runFor(date);
      result.engineCommands += Object.values(day.appended).reduce((sum, n) => sum + (n ?? 0), 0);
      options.onDay?.(date, day);
    }
    const letters = await engine.writeAndDeliverLetters();
    result.letters = letters.delivered + letters.failed;
    result.events = (await events.readAll({ filter: { streamPrefixes: [COLLECTION_STREAM_PREFIX] } })).length;
    return result;
  } finally {
    await app.close();
    await store?.close();
  }
}
