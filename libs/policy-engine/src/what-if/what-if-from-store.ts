import { FOLLOWED_STREAM_PREFIXES } from '@collections/domain';
import { EventStore } from '@collections/event-store';
import { StoredCollectionEvent, decodeStoredEvent } from '@collections/event-processor';
import { CollectionPolicies, CollectionPolicy } from '@collections/policy';
import { WhatIfOptions, WhatIfOutcome, replayWhatIf } from './what-if-replay';

/** The most events a what-if reads: a bigger store is refused rather than exhausting the process's memory. */
export const WHAT_IF_MAX_EVENTS = 5_000_000;

/** The store holds more events than a what-if replays in memory. */
export class WhatIfTooLargeError extends Error {
  constructor(readonly events: number) {
    super(`The event store holds more than ${WHAT_IF_MAX_EVENTS.toLocaleString('en-US')} collection events: too many to replay in memory`);
    this.name = 'WhatIfTooLargeError';
  }
}

/** Every collection and unidentified-cash event the store holds, decoded, in global order (read only). */
export async function readWhatIfHistory(store: EventStore, maxEvents = WHAT_IF_MAX_EVENTS): Promise<StoredCollectionEvent[]> {
  const recorded = await store.readAll({ filter: { streamPrefixes: [...FOLLOWED_STREAM_PREFIXES] }, maxCount: maxEvents + 1 });
  if (recorded.length > maxEvents) throw new WhatIfTooLargeError(recorded.length);
  return recorded.flatMap((event) => decodeStoredEvent(event) ?? []);
}

/**
 * The policies a proposed policy's overrides name, as recorded and in force on the period's
 * last day (those never recorded are left out: their customers wait, as in a run).
 */
export async function policiesNamedBy(
  policy: CollectionPolicy,
  recorded: CollectionPolicies,
  on: WhatIfOptions['to'],
): Promise<Record<string, CollectionPolicy>> {
  const names = new Set(Object.values(policy.overrides).flatMap((override) => ('policy' in override ? [override.policy] : [])));
  const policies: Record<string, CollectionPolicy> = {};
  for (const name of names) {
    const named = await recorded.inForceOn(name, on);
    if (named !== undefined) policies[name] = named;
  }
  return policies;
}

/** A what-if on the recorded history of `store`: what the CLI and the api run. Writes nothing. */
export async function whatIfOnStore(
  store: EventStore,
  recorded: CollectionPolicies,
  options: Omit<WhatIfOptions, 'policies'>,
): Promise<WhatIfOutcome> {
  const history = await readWhatIfHistory(store);
  const policies = await policiesNamedBy(options.policy, recorded, options.to);
  return replayWhatIf(history, { ...options, policies });
}
