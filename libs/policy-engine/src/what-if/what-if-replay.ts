import {
  AccountState,
  BusinessDate,
  CollectionCommand,
  CollectionEvent,
  DomainError,
  addDays,
  daysBetween,
  decide,
  evolve,
  initialState,
  isUnidentifiedCashEvent,
  occurredOn,
} from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { CollectionPolicy, explainCollectionPlan, idempotencyKeyOf, reactTo } from '@collections/policy';
import { POLICY_ENGINE_ACTOR } from '@collections/accounts';
import { CustomerBook } from '../customer-book';
import { REACTING_TO } from '../policy-sagas';
import { refusalOf } from './external-facts';
import { WhatIfFigures, WhatIfTally } from './what-if-tally';

export interface WhatIfOptions {
  /** The proposed policy, validated by the caller as a replacement is. */
  policy: CollectionPolicy;
  /** The policies the proposed one's overrides name, by name. */
  policies?: Readonly<Record<string, CollectionPolicy>>;
  from: BusinessDate;
  to: BusinessDate;
  /** Called after each day replayed, for progress bars. */
  onDay?: (date: BusinessDate, done: number, total: number) => void;
}

/** A recorded external fact the replayed account refused, with why. */
export interface RefusedFact {
  customerId: string;
  on: BusinessDate;
  type: CollectionEvent['type'];
  reason: string;
}

/** What the policy engine appended for a customer on a day: a side's outcome, event by event. */
export interface EngineEventOnDay {
  on: BusinessDate;
  event: CollectionEvent;
}

export interface WhatIfReport {
  from: BusinessDate;
  to: BusinessDate;
  days: number;
  customers: number;
  proposedPolicy: { name: string; version: number };
  /** What the replay holds fixed: said in every report. */
  heldAsRecorded: string;
  /** External facts of the period replayed, and those the replayed accounts refused (listed, up to 100). */
  externalFacts: { replayed: number; refused: number; refusedFacts: RefusedFact[] };
  /** Engine commands the replayed accounts refused (as a run reports a customer refused). */
  engineRefusals: number;
  actual: WhatIfFigures;
  proposed: WhatIfFigures;
}

export interface WhatIfOutcome {
  report: WhatIfReport;
  /** Each side's engine events per customer, in order: what the tests compare. */
  actualEvents: ReadonlyMap<string, readonly EngineEventOnDay[]>;
  proposedEvents: ReadonlyMap<string, readonly EngineEventOnDay[]>;
}

export const HELD_AS_RECORDED =
  "Customers' behaviour is held as recorded: their payments, disputes, promises, replies and the contacts people made are replayed on the days they happened, whatever the proposed policy would have sent them.";

const REFUSED_LISTED = 100;

const isByEngine = (stored: StoredCollectionEvent) => stored.metadata.actor?.id === POLICY_ENGINE_ACTOR.id;

/** A customer's account in the replay, with the engine's command keys (a key seen again appends nothing, as on the command side). */
interface ReplayedAccount {
  state: AccountState;
  keys: Set<string>;
}

/**
 * Policy what-if: replays the recorded history of `from`..`to` under a proposed policy, in
 * memory (nothing is written anywhere), and compares what it would have done with what the
 * policy in force did. The accounts start from every event dated before `from`; then, day by
 * day, the external facts of the day (everything not by the policy engine) are applied as
 * recorded — each one a command would record as is must still be accepted by `decide`, else it
 * is counted and listed as refused — and the engine's day runs as PolicyEngine.runDate does:
 * `explainCollectionPlan` for every customer (with the unidentified cash naming them), each
 * customer's commands decided as one batch, then the sagas (`reactTo`) on what the day appended,
 * to the end of what they cause. Refuses (RangeError) a period that ends before it starts. The recorded engine events of the period are left out of the
 * replay and counted on the "actual" side instead.
 */
export async function replayWhatIf(history: readonly StoredCollectionEvent[], options: WhatIfOptions): Promise<WhatIfOutcome> {
  const { policy, policies = {}, from, to } = options;
  if (to < from) throw new RangeError(`to (${to}) is before from (${from})`);
  const accounts = new Map<string, ReplayedAccount>();
  const cash = new CustomerBook();
  const factsByDay = new Map<BusinessDate, StoredCollectionEvent[]>();
  const actual = new WhatIfTally();
  const proposed = new WhatIfTally();
  const actualEvents = new Map<string, EngineEventOnDay[]>();
  const proposedEvents = new Map<string, EngineEventOnDay[]>();
  const actualStates = new Map<string, AccountState>();
  const refusedFacts: RefusedFact[] = [];
  let replayed = 0;
  let refused = 0;
  let engineRefusals = 0;
  /** What the day being replayed appended per customer, with the account right after each event (what the sagas see). */
  let today = new Map<string, { event: CollectionEvent; after: AccountState }[]>();
  const appendedToday = (customerId: string) => listIn(today, customerId);

  const accountOf = (customerId: string): ReplayedAccount => {
    let account = accounts.get(customerId);
    if (account === undefined) {
      account = { state: initialState(), keys: new Set() };
      accounts.set(customerId, account);
    }
    return account;
  };
  const listIn = <K, V>(map: Map<K, V[]>, key: K): V[] => {
    let list = map.get(key);
    if (list === undefined) map.set(key, (list = []));
    return list;
  };
  const note = (events: Map<string, EngineEventOnDay[]>, customerId: string, on: BusinessDate, event: CollectionEvent) =>
    listIn(events, customerId).push({ on, event });

  // The recorded history: before the period it is the replay's start; in it, the external facts
  // are kept for their day and the engine's events are the actual side (counted on the account as recorded).
  for (const stored of history) {
    const on = occurredOn(stored.event);
    if (isUnidentifiedCashEvent(stored.event)) {
      if (on < from) void cash.handle([stored]);
      else if (on <= to) listIn(factsByDay, on).push(stored);
      continue;
    }
    if (stored.customerId === '') continue;
    const before = actualStates.get(stored.customerId) ?? initialState();
    actualStates.set(stored.customerId, evolve(before, stored.event));
    if (on < from) {
      const account = accountOf(stored.customerId);
      account.state = evolve(account.state, stored.event);
      if (isByEngine(stored) && stored.metadata.idempotencyKey !== undefined) account.keys.add(stored.metadata.idempotencyKey);
    } else if (on <= to) {
      if (isByEngine(stored)) {
        actual.observe(stored.customerId, stored.event, before);
        note(actualEvents, stored.customerId, on, stored.event);
      } else {
        listIn(factsByDay, on).push(stored);
      }
    }
  }

  /** Decides the commands as one batch on the account; appends all or, if one is refused, none. */
  const append = (customerId: string, commands: readonly CollectionCommand[], on: BusinessDate): void => {
    const account = accountOf(customerId);
    let state = account.state;
    const decided: { event: CollectionEvent; before: AccountState }[] = [];
    const keys: string[] = [];
    try {
      for (const command of commands) {
        const key = idempotencyKeyOf(command);
        if (account.keys.has(key) || keys.includes(key)) continue;
        keys.push(key);
        for (const event of decide(command, state)) {
          decided.push({ event, before: state });
          state = evolve(state, event);
        }
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      engineRefusals++;
      return;
    }
    const list = appendedToday(customerId);
    for (let index = 0; index < decided.length; index++) {
      const { event, before } = decided[index];
      proposed.observe(customerId, event, before);
      note(proposedEvents, customerId, on, event);
      list.push({ event, after: decided[index + 1]?.before ?? state });
    }
    account.state = state;
    keys.forEach((key) => account.keys.add(key));
  };

  const total = daysBetween(from, to) + 1;
  let done = 0;
  for (let on = from; on <= to; on = addDays(on, 1)) {
    today = new Map();

    for (const stored of factsByDay.get(on) ?? []) {
      if (isUnidentifiedCashEvent(stored.event)) {
        void cash.handle([stored]);
        continue;
      }
      const account = accountOf(stored.customerId);
      const refusal = refusalOf(stored.event, account.state);
      if (refusal !== undefined) {
        if (refusedFacts.length < REFUSED_LISTED)
          refusedFacts.push({ customerId: stored.customerId, on, type: stored.event.type, reason: refusal });
        refused++;
        continue;
      }
      account.state = evolve(account.state, stored.event);
      appendedToday(stored.customerId).push({ event: stored.event, after: account.state });
      replayed++;
    }

    for (const customerId of [...accounts.keys()].sort()) {
      const account = accounts.get(customerId) as ReplayedAccount;
      if (account.state.status !== 'active') continue;
      let commands: CollectionCommand[];
      try {
        const unidentifiedCash = cash.candidateCash(customerId);
        commands = explainCollectionPlan(account.state, policy, on, { customerId, policies, unidentifiedCash }).commands;
      } catch {
        // An override naming a policy not given: this customer waits, as in a run.
        engineRefusals++;
        continue;
      }
      if (commands.length > 0) append(customerId, commands, on);
    }

    for (const [customerId, list] of today) {
      // Reactions may cause events that call for reactions of their own: follow them to the end.
      for (let index = 0; index < list.length; index++) {
        const { event, after } = list[index];
        if (!REACTING_TO.includes(event.type)) continue;
        const commands = reactTo(event, after, policy, { customerId, policies });
        if (commands.length > 0) append(customerId, commands, on);
      }
    }
    options.onDay?.(on, ++done, total);
    // A day at a time, so that a server replaying answers its other requests meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
  }

  const customers = [...accounts.values()].filter(({ state }) => state.status === 'active').length;
  return {
    report: {
      from,
      to,
      days: total,
      customers,
      proposedPolicy: { name: policy.name, version: policy.version },
      heldAsRecorded: HELD_AS_RECORDED,
      externalFacts: { replayed, refused, refusedFacts },
      engineRefusals,
      actual: actual.figures(),
      proposed: proposed.figures(),
    },
    actualEvents,
    proposedEvents,
  };
}
