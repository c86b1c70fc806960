import type { ActiveAccount } from './account-state';
import type { BusinessDate } from './business-date';
import type { CollectionCommand } from './commands';
import type { CollectionEvent } from './events';
import type { ProcedureStep } from './procedure-step';
import { PROCEDURE_STEPS } from './steps';
import type { UnidentifiedCashEvent } from './unidentified-cash/unidentified-cash';

/** An event of a customer's account stream: every event but those of unidentified cash's own streams. */
export type AccountEvent = Exclude<CollectionEvent, UnidentifiedCashEvent>;

type Step = (typeof PROCEDURE_STEPS)[number];
type CommandOf<S> = S extends ProcedureStep<infer C, infer _E> ? C : never;
type EventOf<S> = S extends ProcedureStep<infer _C, infer E> ? E : never;

// The compiler checks that the steps cover every command and every account event, both ways: a
// type no step decides (or folds), or a step's type missing from the unions, fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const stepsDecideEveryCommand: Same<CommandOf<Step>['type'], CollectionCommand['type']> = true;
const stepsFoldEveryAccountEvent: Same<EventOf<Step>['type'], AccountEvent['type']> = true;
void stepsDecideEveryCommand;
void stepsFoldEveryAccountEvent;

/** A step as dispatch sees it: any command or account event it owns goes in. */
interface OwningStep {
  decide(command: CollectionCommand, account: ActiveAccount): CollectionEvent[];
  evolve(account: ActiveAccount, event: AccountEvent): ActiveAccount;
  occurredOn(event: AccountEvent): BusinessDate;
}

// Each step's functions take only its own types; the tables below hand each one only those.
const steps = PROCEDURE_STEPS as unknown as readonly (OwningStep & Step)[];
const byCommandType = new Map<string, OwningStep>(steps.flatMap((step) => step.commandTypes.map((type) => [type, step] as const)));
const byEventType = new Map<string, OwningStep>(steps.flatMap((step) => step.eventTypes.map((type) => [type, step] as const)));

/** The step that decides `command`: every command has one (checked by the compiler above). */
export function stepOfCommand(command: CollectionCommand): OwningStep {
  const step = byCommandType.get(command.type);
  if (!step) throw new Error(`No procedure step decides ${command.type}`);
  return step;
}

/** The step that folds `event`, or undefined for unidentified cash's events and types this release does not know. */
export const stepOfEvent = (event: { type: string }): OwningStep | undefined => byEventType.get(event.type);
