import { ACCOUNT_EVENT_TYPES } from '../events';
import { PROCEDURE_STEPS, contactsAndPromises, dunning } from '.';

// decide, evolve and occurredOn hand a message to the step its type maps to (step-dispatch.ts), so
// each type must belong to exactly one step, or one of the two steps' functions would never run.

/** Each type → the steps that own it, a step named by its first command. */
const ownersOf = (types: (step: (typeof PROCEDURE_STEPS)[number]) => readonly string[]) => {
  const owners = new Map<string, string[]>();
  for (const step of PROCEDURE_STEPS) {
    for (const type of types(step)) owners.set(type, [...(owners.get(type) ?? []), `the step of ${step.commandTypes[0]}`]);
  }
  return owners;
};

describe('the procedure steps', () => {
  it('given every step, then each command type is decided by exactly one of them', () => {
    const owners = ownersOf((step) => step.commandTypes);

    expect([...owners].filter(([, steps]) => steps.length > 1)).toEqual([]);
  });

  it('given every step, then each event type is folded by exactly one of them, and the event types are theirs', () => {
    const owners = ownersOf((step) => step.eventTypes);

    expect([...owners].filter(([, steps]) => steps.length > 1)).toEqual([]);
    expect([...owners.keys()].sort()).toEqual([...ACCOUNT_EVENT_TYPES].sort());
  });

  it('given an event, then its step finds the day it happened on in the field the step names', () => {
    const event = { type: 'PromiseKept' as const, data: { promiseId: 'PR-1', keptOn: '2024-03-01', amountPaid: 500, currency: 'EUR' } };

    expect(contactsAndPromises.ownsEvent(event)).toBe(true);
    expect(dunning.ownsEvent(event)).toBe(false);
    expect(contactsAndPromises.occurredOn(event)).toBe('2024-03-01');
  });
});
