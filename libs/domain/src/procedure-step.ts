import type { ActiveAccount } from './account-state';
import type { BusinessDate } from './business-date';
import type { CollectionEvent } from './events';

type Message = { type: string; data: object };
type OfType<M extends Message, Type> = Extract<M, { type: Type }>;

/** The date fields of an event's data (named …On, as `decide` checks them); one is the day it happened on. */
type DateFieldOf<Data> = {
  [Field in keyof Data]-?: Field extends `${string}On` ? (Data[Field] extends BusinessDate ? Field : never) : never;
}[keyof Data];

/**
 * What a procedure step tells the decider, as tables with one entry per command or event type of
 * the step: the compiler refuses a step whose tables miss a type or name one it does not have.
 * Adding a command to a step therefore touches the step's file and nothing else in the domain.
 */
export interface ProcedureStepTables<C extends Message, E extends Message> {
  /** Each command's decide function: the events it records, or a DomainError. */
  readonly decide: { readonly [Type in C['type']]: (command: OfType<C, Type>, account: ActiveAccount) => CollectionEvent[] };
  /** Each event's evolve function: total, never throws. */
  readonly evolve: { readonly [Type in E['type']]: (account: ActiveAccount, event: OfType<E, Type>) => ActiveAccount };
  /** The field of each event's data that holds the business day it happened on ("state as of" filters by it). */
  readonly occurredOn: { readonly [Type in E['type']]: DateFieldOf<OfType<E, Type>['data']> };
}

/** A procedure step as `decide`, `evolve` and `occurredOn` dispatch to it. */
export interface ProcedureStep<C extends Message, E extends Message> {
  /** The step's command and event types, in the order its tables list them. */
  readonly commandTypes: readonly C['type'][];
  readonly eventTypes: readonly E['type'][];
  ownsCommand(command: Message): command is C;
  ownsEvent(event: Message): event is E;
  decide(command: C, account: ActiveAccount): CollectionEvent[];
  evolve(account: ActiveAccount, event: E): ActiveAccount;
  occurredOn(event: E): BusinessDate;
}

export function procedureStep<C extends Message, E extends Message>(tables: ProcedureStepTables<C, E>): ProcedureStep<C, E> {
  const commandTypes = Object.keys(tables.decide) as C['type'][];
  const eventTypes = Object.keys(tables.evolve) as E['type'][];
  const decides = new Set<string>(commandTypes);
  const folds = new Set<string>(eventTypes);
  // The tables are records over the step's types, so the entry a message's type picks takes that
  // message: TypeScript cannot follow that correlation through a union, hence these three casts.
  const decideOne = (type: C['type']) => tables.decide[type] as (command: C, account: ActiveAccount) => CollectionEvent[];
  const evolveOne = (type: E['type']) => tables.evolve[type] as (account: ActiveAccount, event: E) => ActiveAccount;
  const dateField = (type: E['type']) => tables.occurredOn[type] as string;
  return {
    commandTypes,
    eventTypes,
    ownsCommand: (command): command is C => decides.has(command.type),
    ownsEvent: (event): event is E => folds.has(event.type),
    decide: (command, account) => decideOne(command.type)(command, account),
    evolve: (account, event) => evolveOne(event.type)(account, event),
    occurredOn: (event) => (event.data as Record<string, unknown>)[dateField(event.type)] as BusinessDate,
  };
}
