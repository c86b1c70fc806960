import { BusinessDate, Clock } from '@collections/domain';
import { EventStore } from '@collections/event-store';
import type { Actor, CollectionEventMetadata } from '@collections/event-processor';
import { chainEvents, storedHashOf } from '@collections/evidence';
import { nameBasedUuid } from '@collections/platform';
import { CollectionPolicy } from './collection-policy';
import {
  CollectionPolicyReplaced,
  PolicyError,
  PolicyHistoryState,
  ReplaceCollectionPolicy,
  decidePolicy,
  evolvePolicy,
  initialPolicyHistory,
  policyInForceOn,
  policyStreamIdOf,
} from './policy-stream';

/** A version of a policy as its stream recorded it: who replaced it, when, and why. */
export interface RecordedPolicyVersion {
  policy: CollectionPolicy;
  previousVersion: number | null;
  replacedOn: BusinessDate;
  reason?: string;
  actor: Actor;
  recordedAt: string;
  revision: number;
}

export interface PolicyHistory {
  name: string;
  /** Oldest first. */
  versions: RecordedPolicyVersion[];
  /** The stream's last revision; undefined while the policy has never been recorded. */
  lastRevision: number | undefined;
  /** The hash of the stream's last event, which the next replacement chains to. */
  lastHash: string | undefined;
}

/** What a policy stream's events record beside their data: the collection events' metadata, less the command's ids. */
type PolicyEventMetadata = Pick<CollectionEventMetadata, 'actor' | 'recordedAt' | 'occurredAt' | 'schemaVersion' | 'hash'>;

/**
 * The collection policies as their streams record them (`policy-<name>`): read a policy's
 * versions, the version in force on a date, and replace it through the policy decider with the
 * expected revision, so two managers replacing at once cannot both win. Plain TypeScript: the
 * processes that host it provide it to Nest (PolicyEngineModule).
 */
export class CollectionPolicies {
  private readonly histories = new Map<string, PolicyHistory>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /**
   * The policy's versions. A policy stream is read once and then only from where it was left:
   * the engine asks for the policy in force for every letter and reaction it handles.
   */
  async history(name: string): Promise<PolicyHistory> {
    const known = this.histories.get(name) ?? { name, versions: [], lastRevision: undefined, lastHash: undefined };
    const tail = await this.store.readStream(policyStreamIdOf(name), {
      fromRevision: known.lastRevision === undefined ? 'start' : known.lastRevision + 1,
    });
    if (tail.length === 0) return known;
    const versions = tail
      .filter((event) => event.type === 'CollectionPolicyReplaced')
      .map((event): RecordedPolicyVersion => {
        const data = event.data as CollectionPolicyReplaced['data'];
        const metadata = event.metadata as unknown as PolicyEventMetadata;
        return { ...data, actor: metadata.actor, recordedAt: metadata.recordedAt, revision: event.revision };
      });
    const last = tail[tail.length - 1];
    const history = {
      name,
      versions: [...known.versions, ...versions],
      lastRevision: last.revision,
      lastHash: storedHashOf(last.metadata),
    };
    this.histories.set(name, history);
    return history;
  }

  /**
   * The version in force on `date`: the last one replaced on or before it. A date before the
   * first version gets the first one (nothing else was ever in force); undefined for a policy
   * never recorded.
   */
  async inForceOn(name: string, date: BusinessDate): Promise<CollectionPolicy | undefined> {
    const { versions } = await this.history(name);
    const events = versions.map((version): CollectionPolicyReplaced => ({ type: 'CollectionPolicyReplaced', data: version }));
    return policyInForceOn(events, date) ?? versions[0]?.policy;
  }

  /** Replaces the policy (or records its first version): decide, then append at the revision read. */
  async replace(command: ReplaceCollectionPolicy, actor: Actor, name: string): Promise<RecordedPolicyVersion> {
    const history = await this.history(name);
    const state = history.versions.reduce<PolicyHistoryState>(
      (folded, version) => evolvePolicy(folded, { type: 'CollectionPolicyReplaced', data: version }),
      initialPolicyHistory(),
    );
    const [event] = decidePolicy(command, state);
    if (event.data.policy.name !== name) {
      // The document names its policy; the stream it goes to must be that policy's.
      throw new PolicyError('policy-name-mismatch', `The document is policy "${event.data.policy.name}", not "${name}"`);
    }
    const recordedAt = this.clock.now();
    const metadata: PolicyEventMetadata = { actor, recordedAt, occurredAt: event.data.replacedOn, schemaVersion: 1 };
    const id = nameBasedUuid(`${policyStreamIdOf(name)}\n${event.data.policy.version}`);
    const { events } = chainEvents([{ id, type: event.type, data: { ...event.data }, metadata: { ...metadata } }], history.lastHash);
    const result = await this.store.appendToStream(policyStreamIdOf(name), events, {
      expectedRevision: history.lastRevision ?? 'no_stream',
    });
    return { ...event.data, actor, recordedAt, revision: result.nextExpectedRevision };
  }
}
