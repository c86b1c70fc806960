/**
 * An in-memory driver for tests (jest only; not exported from the library). It runs a book day by
 * day the way the application does, with no store and no Nest:
 *
 *   1. the book's actions for the day, each through `decide` and `evolve`;
 *   2. the policy engine's plan for every customer (`planCollectionActions`), likewise;
 *   3. the sagas (`reactTo`) for every event the day appended, and for the events they cause.
 *
 * A command `decide` refuses fails the run at once, with the command. What comes back is every
 * customer's events in order, each with its day and what asked for it.
 */
import {
  AccountState,
  BusinessDate,
  CollectionCommand,
  CollectionEvent,
  DomainError,
  decide,
  evolve,
  initialState,
} from '@collections/domain';
import { CollectionPolicy, DEFAULT_COLLECTION_POLICY, planCollectionActions, reactTo } from '@collections/policy';
import { SimulatedBook, SimulatedCommand } from '../book';

export type EventSource = 'simulation' | 'policy' | 'reaction';

export interface SimulatedEvent {
  on: BusinessDate;
  event: CollectionEvent;
  source: EventSource;
}

export interface InMemoryRunOptions {
  /** The policy the engine runs with; the default policy when absent. */
  policy?: CollectionPolicy;
  /** Run only the first `days` days of the book (all of them when absent). */
  days?: number;
}

export interface InMemoryRun {
  /** Every command the book asked for, in order, with its day. */
  commands: (SimulatedCommand & { on: BusinessDate })[];
  /** Every customer's events in the order they were appended. */
  events: ReadonlyMap<string, readonly SimulatedEvent[]>;
  /** Every customer's account after the last day. */
  accounts: ReadonlyMap<string, AccountState>;
  /** The events of one customer (none for a customer without invoices yet). */
  eventsOf(customerId: string): readonly SimulatedEvent[];
  accountOf(customerId: string): AccountState;
}

export function runInMemory(book: SimulatedBook, options: InMemoryRunOptions = {}): InMemoryRun {
  const policy = options.policy ?? DEFAULT_COLLECTION_POLICY;
  const accounts = new Map<string, AccountState>();
  const events = new Map<string, SimulatedEvent[]>();
  const commands: (SimulatedCommand & { on: BusinessDate })[] = [];
  const accountOf = (customerId: string): AccountState => accounts.get(customerId) ?? initialState();

  const apply = (customerId: string, command: CollectionCommand, on: BusinessDate, source: EventSource): CollectionEvent[] => {
    let decided: CollectionEvent[];
    try {
      decided = decide(command, accountOf(customerId));
    } catch (error) {
      const code = error instanceof DomainError ? ` (${error.code})` : '';
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(
        `${on} ${customerId}: the ${source} sent ${command.type}, which decide refused${code}: ${why}\n${JSON.stringify(command, null, 2)}`,
        { cause: error },
      );
    }
    let state = accountOf(customerId);
    const recorded = events.get(customerId) ?? [];
    for (const event of decided) {
      state = evolve(state, event);
      recorded.push({ on, event, source });
    }
    accounts.set(customerId, state);
    events.set(customerId, recorded);
    return decided;
  };

  const dates = book.dates().slice(0, options.days ?? book.options.days);
  for (const on of dates) {
    const appendedToday = new Map<string, CollectionEvent[]>();
    const note = (customerId: string, appended: CollectionEvent[]) =>
      appendedToday.set(customerId, [...(appendedToday.get(customerId) ?? []), ...appended]);

    for (const simulated of book.actionsOn(on, accountOf)) {
      commands.push({ ...simulated, on });
      note(simulated.customerId, apply(simulated.customerId, simulated.command, on, 'simulation'));
    }
    for (const { customerId } of book.customers) {
      const account = accountOf(customerId);
      if (account.status !== 'active') continue;
      for (const command of planCollectionActions(account, policy, on, { customerId })) {
        note(customerId, apply(customerId, command, on, 'policy'));
      }
    }
    for (const [customerId, appended] of appendedToday) {
      // Reactions may cause events that call for reactions of their own: follow them to the end.
      for (let index = 0; index < appended.length; index++) {
        for (const command of reactTo(appended[index], accountOf(customerId), policy, { customerId })) {
          appended.push(...apply(customerId, command, on, 'reaction'));
        }
      }
    }
  }

  return {
    commands,
    events,
    accounts,
    eventsOf: (customerId) => events.get(customerId) ?? [],
    accountOf,
  };
}
