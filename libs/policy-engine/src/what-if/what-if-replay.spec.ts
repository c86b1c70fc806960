import { BusinessDate, addDays, occurredOn } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { CollectionPolicy, DEFAULT_COLLECTION_POLICY } from '@collections/policy';
import { SimulatedBook } from '@collections/simulation';
import { runInMemory } from '@collections/simulation/testing/in-memory-run';
import { recordedHistoryOf } from './recorded-history';
import { EngineEventOnDay, HELD_AS_RECORDED, WhatIfOutcome, replayWhatIf } from './what-if-replay';

/**
 * Four months of a 300-customer book under the default policy, run through decide, the
 * policy's plan and its sagas: the recorded history the what-if replays (its last three months).
 */
const book = new SimulatedBook({ customers: 300, days: 120, seed: 18 });
const from: BusinessDate = addDays(book.options.startOn, 30);
const to: BusinessDate = addDays(book.options.startOn, 119);
let history: StoredCollectionEvent[];

/** A stricter ladder: the courtesy e-mail a week before the due date, every later level a week or more sooner. */
const STRICTER: CollectionPolicy = {
  ...DEFAULT_COLLECTION_POLICY,
  version: 2,
  levels: DEFAULT_COLLECTION_POLICY.levels.map((level) => ({
    ...level,
    daysPastDue: level.level === 1 ? -7 : Math.max(1, level.daysPastDue - 7 * (level.level - 1)),
  })),
};

const byDay = (events: ReadonlyMap<string, readonly EngineEventOnDay[]>) =>
  new Map([...events].map(([customerId, list]) => [customerId, list.map(({ on, event }) => `${on} ${JSON.stringify(event)}`)]));

beforeAll(() => {
  history = recordedHistoryOf(runInMemory(book));
});

describe('policy what-if on a simulated book', () => {
  let same: WhatIfOutcome;
  beforeAll(async () => {
    same = await replayWhatIf(history, { policy: DEFAULT_COLLECTION_POLICY, from, to });
  });

  it('given the policy in force, when replayed over the period, then every figure equals what it recorded', () => {
    const { report } = same;
    expect(report.actual.lettersTotal).toBeGreaterThan(100);
    expect(report.actual.callsScheduled).toBeGreaterThan(0);
    expect(report.proposed).toEqual(report.actual);
    expect(report.externalFacts.refused).toBe(0);
    expect(report.externalFacts.replayed).toBeGreaterThan(1_000);
    expect(report.engineRefusals).toBe(0);
    expect(report.heldAsRecorded).toBe(HELD_AS_RECORDED);
  });

  it('given the policy in force, when replayed, then the engine appends the same events for every customer on the same days', () => {
    const actual = byDay(same.actualEvents);
    const proposed = byDay(same.proposedEvents);
    expect(actual.size).toBeGreaterThan(100);
    for (const customerId of new Set([...actual.keys(), ...proposed.keys()])) {
      expect({ customerId, events: proposed.get(customerId) ?? [] }).toEqual({ customerId, events: actual.get(customerId) ?? [] });
    }
  });

  it('given a stricter ladder, when replayed, then it sends more letters, earlier, and never contacts a disputed invoice or one under a promise not yet due', async () => {
    const disputesRaised = history.filter(({ event }) => event.type === 'DisputeRaised' && occurredOn(event) >= from).length;
    expect(disputesRaised).toBeGreaterThan(0);
    const { report } = await replayWhatIf(history, { policy: STRICTER, from, to });
    expect(report.proposedPolicy).toEqual({ name: 'default', version: 2 });
    expect(report.proposed.lettersTotal).toBeGreaterThan(report.actual.lettersTotal);
    expect(report.proposed.daysToFirstReminder.median).toBeLessThan(report.actual.daysToFirstReminder.median as number);
    expect(report.proposed.daysToFirstReminder.mean).toBeLessThan(report.actual.daysToFirstReminder.mean as number);
    expect(report.proposed.contactsWhileDisputeOpen).toBe(0);
    expect(report.proposed.contactsWhilePromiseNotDue).toBe(0);
    expect(report.actual.contactsWhileDisputeOpen).toBe(0);
  });

  it('given a day range backwards, then it refuses to replay', async () => {
    await expect(replayWhatIf(history, { policy: DEFAULT_COLLECTION_POLICY, from: to, to: from })).rejects.toThrow(RangeError);
  });
});
