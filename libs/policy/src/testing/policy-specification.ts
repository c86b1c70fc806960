/**
 * Test helpers for the collection policy (jest only; not exported from the library).
 *
 *   givenAccount([invoiceRegistered(), invoiceOverdue()])
 *     .on('2024-02-16')
 *     .withPolicy(TEST_POLICY)
 *     .thenCommands([sendReminder({ ... })]);
 *
 * `givenAccount` folds the events as the decider specification does; `thenCommands` compares
 * what `planCollectionActions` plans, `thenNothing` that it plans nothing.
 */
import { BusinessDate, CollectionCommand, CollectionEvent, decide, evolve, AccountState } from '@collections/domain';
import { fold } from '@collections/domain/testing/decider-specification';
import { CollectionPolicy } from '../collection-policy';
import { planCollectionActions } from '../plan';
import { PlanningContext } from '../planning-context';

/** A small ladder whose days are easy to count from the default invoice's due date (2024-02-09). */
export const TEST_POLICY: CollectionPolicy = {
  name: 'test',
  version: 1,
  levels: [
    { level: 1, daysPastDue: 7, channel: 'email', template: 'first', tone: 'friendly', minimumBalance: {} },
    { level: 2, daysPastDue: 21, channel: 'letter', template: 'second', tone: 'firm', minimumBalance: {} },
    { level: 3, daysPastDue: 35, channel: 'call_task', template: 'call', tone: 'firm', minimumBalance: { EUR: 5_000 } },
  ],
  finalNotice: { daysPastDue: 50, channel: 'letter', template: 'final', referralAfterDays: 14, minimumBalance: {} },
  agencyReferral: { daysPastDue: 64, minimumBalance: { EUR: 5_000 }, automatic: false },
  writeOffProposal: { daysPastDue: 180, minimumBalance: {} },
  promiseToleranceDays: 3,
  installmentGraceDays: 3,
  installmentCallDaysBefore: 3,
  quietPeriodDays: 7,
  cashApplicationGraceDays: 5,
  highValue: { minimumBalance: { EUR: 1_000_000 }, followUpEveryDays: 7 },
  overrides: {},
};

export function givenAccount(events: readonly CollectionEvent[]) {
  return {
    on(date: BusinessDate) {
      const plan = (policy: CollectionPolicy, context?: PlanningContext) => planCollectionActions(fold(events), policy, date, context);
      return {
        withPolicy(policy: CollectionPolicy, context?: PlanningContext) {
          return {
            plan: () => plan(policy, context),
            thenCommands(expected: CollectionCommand[]): void {
              expect(plan(policy, context)).toEqual(expected);
            },
            thenNothing(): void {
              expect(plan(policy, context)).toEqual([]);
            },
          };
        },
      };
    },
  };
}

/** Appends what the commands decide, as the command side would: the events a run leaves behind. */
export function appendDecided(events: readonly CollectionEvent[], commands: readonly CollectionCommand[]): CollectionEvent[] {
  const appended = [...events];
  let state: AccountState = fold(events);
  for (const command of commands) {
    for (const event of decide(command, state)) {
      appended.push(event);
      state = evolve(state, event);
    }
  }
  return appended;
}
