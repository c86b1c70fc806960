import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectionCommand, SettableClock } from '@collections/domain';
import { EventStore, NewEvent, SqliteEventStore } from '@collections/event-store';
import { LETTER_OUTBOX, LetterOutbox } from '@collections/letters';
import { Actor, ExecuteAccountCommand } from '@collections/accounts';
import { canonicalHash } from '@collections/platform';
import { AppConfig, loadConfig } from '@collections/config';
import { createEngineContext, EngineContextOptions, PolicyEngine } from '@collections/policy-engine';

export const PEOPLE: Record<'integration' | 'collector' | 'manager', Actor> = {
  integration: { id: 'billing', role: 'integration' },
  collector: { id: 'collector-1', role: 'collector' },
  manager: { id: 'manager-1', role: 'manager' },
};

export interface EngineWorld {
  dataDir: string;
  config: AppConfig;
  store: EventStore;
  clock: SettableClock;
  engine: PolicyEngine;
  outbox: LetterOutbox;
  app: INestApplicationContext;
  /** A person's command through the command side (dates are in the command). */
  act(customerId: string, command: CollectionCommand, who?: keyof typeof PEOPLE): Promise<void>;
  /** The customer's events as stored: [type, data] pairs. */
  events(customerId: string): Promise<{ type: string; data: Record<string, unknown> }[]>;
  /** Every event of every collection stream: id, stream, type, data (what two runs compare). */
  everything(): Promise<{ id: string; streamId: string; type: string; data: unknown }[]>;
  close(): Promise<void>;
}

/** A store whose appends fail after `limit` of them, as if the process died there. */
export class CrashingStore {
  static wrap(store: EventStore, limit: number): EventStore {
    let appends = 0;
    return new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'appendToStream') {
          return (streamId: string, events: NewEvent[], options: never) => {
            if (++appends > limit) return Promise.reject(new Error('the process died'));
            return target.appendToStream(streamId, events, options);
          };
        }
        if (key === 'close') return () => Promise.resolve();
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

/** Runs `work` with the clock on `date` (if that is later than the clock), then gives the clock its time back. */
async function atDate<T>(clock: SettableClock, date: string | undefined, work: () => Promise<T>): Promise<T> {
  const before = clock.now();
  if (date !== undefined && date > before.slice(0, 10)) clock.set(`${date}${before.slice(10)}`);
  try {
    return await work();
  } finally {
    clock.set(before);
  }
}

/** The latest business date among a command's date fields (…On, at any depth). */
function latestDateIn(value: unknown, latest?: string): string | undefined {
  if (value === null || typeof value !== 'object') return latest;
  for (const [key, field] of Object.entries(value)) {
    if (key.endsWith('On') && typeof field === 'string' && (latest === undefined || field > latest)) latest = field;
    else latest = latestDateIn(field, latest);
  }
  return latest;
}

/**
 * The engine as the scheduler runs it: on the day it runs for. A run refuses dates after today,
 * so each run sets the clock to its last date for as long as it lasts, then gives the test its
 * own time back (the tests move the clock themselves for what follows a run, such as retries).
 */
function runningOnItsDate(engine: PolicyEngine, clock: SettableClock): PolicyEngine {
  return new Proxy(engine, {
    get(target, key, receiver) {
      if (key === 'runFor') return (date: string, options?: never) => atDate(clock, date, () => target.runFor(date, options));
      if (key === 'runDays')
        return (from: string, to: string, options?: never) => atDate(clock, to, () => target.runDays(from, to, options));
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The command side and the policy engine on a fresh embedded store (no HTTP, not hosted). */
export async function startEngine(
  options: {
    dataDir?: string;
    store?: EventStore;
    today?: string;
    env?: Record<string, string>;
    /** Where the commands and the engine's runs and letters are counted (a metrics test's recorders). */
    metrics?: Pick<EngineContextOptions, 'commandMetrics' | 'engineMetrics'>;
  } = {},
): Promise<EngineWorld> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'collections-engine-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', POLICY_RUN_INTERVAL_MINUTES: '0', ...options.env });
  const store = options.store ?? new SqliteEventStore(join(dataDir, 'events.sqlite'));
  // Late enough for every date the tests record; runs and acts move it forward when it is earlier.
  const clock = new SettableClock(`${options.today ?? '2024-12-31'}T09:00:00.000Z`);
  const app = await createEngineContext(config, { hosted: false, clock, eventStore: store, logger: false, ...options.metrics });
  await app.init();
  const bus = app.get(CommandBus);
  const world: EngineWorld = {
    dataDir,
    config,
    store,
    clock,
    engine: runningOnItsDate(app.get(PolicyEngine), clock),
    outbox: app.get<LetterOutbox>(LETTER_OUTBOX),
    app,
    act: async (customerId, command, who = 'collector') => {
      // Keyed, so that two worlds given the same commands hold the same event ids.
      const idempotencyKey = canonicalHash(command);
      // A person records what happened on the command's own dates: the clock is there meanwhile.
      await atDate(clock, latestDateIn(command.data), () =>
        bus.execute(new ExecuteAccountCommand(customerId, command, { actor: PEOPLE[who], request: command, idempotencyKey })),
      );
    },
    events: async (customerId) => (await store.readStream(`collection-${customerId}`)).map(({ type, data }) => ({ type, data })),
    everything: async () =>
      (await store.readAll({ filter: { streamPrefixes: ['collection-'] } })).map(({ id, streamId, type, data }) => ({
        id,
        streamId,
        type,
        data,
      })),
    close: async () => {
      await app.close();
      if (!options.store) await store.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}
