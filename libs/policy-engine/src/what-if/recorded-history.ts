import { occurredOn } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { POLICY_ENGINE_ACTOR } from '@collections/accounts';
import type { InMemoryRun } from '@collections/simulation/testing/in-memory-run';

/**
 * An in-memory simulation's events as the store would hold them, for the what-if's tests and
 * benchmark: people's as a simulated actor, the engine's plans and reactions as the policy
 * engine, recorded on their day.
 */
export function recordedHistoryOf(run: Pick<InMemoryRun, 'events'>): StoredCollectionEvent[] {
  const stored: StoredCollectionEvent[] = [];
  for (const [customerId, events] of run.events) {
    events.forEach(({ event, source }, revision) => {
      const id = `${customerId}-${revision}`;
      const actor = source === 'simulation' ? { id: 'simulated-people', role: 'collector' as const } : POLICY_ENGINE_ACTOR;
      const on = occurredOn(event);
      stored.push({
        event,
        customerId,
        id,
        revision,
        position: stored.length,
        metadata: {
          eventId: id,
          commandId: id,
          correlationId: id,
          causationId: id,
          actor,
          occurredAt: on,
          recordedAt: `${on}T18:00:00.000Z`,
          schemaVersion: 1,
        },
      });
    });
  }
  return stored;
}
