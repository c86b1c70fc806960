import { BUSINESS_DATE_RULE, BusinessDate, isBusinessDate } from '@collections/domain';
import { CollectionPolicy } from './collection-policy';
import { PolicyProblem, validateCollectionPolicy } from './policy-schema';

/**
 * The policy's own history: one stream per policy name, `policy-<name>`, outside the
 * `collection-` category that projections and the feed follow for customer accounts. Every
 * replacement is an event, so auditors see which version was in force on any day.
 */
export const POLICY_STREAM_PREFIX = 'policy-';
export const policyStreamIdOf = (name: string): string => `${POLICY_STREAM_PREFIX}${name}`;

export type ReplaceCollectionPolicy = {
  type: 'ReplaceCollectionPolicy';
  /** `document` is the manager's JSON as parsed, not yet trusted. */
  data: { document: unknown; replacedOn: BusinessDate; reason?: string };
};

export type CollectionPolicyReplaced = {
  type: 'CollectionPolicyReplaced';
  data: { policy: CollectionPolicy; previousVersion: number | null; replacedOn: BusinessDate; reason?: string };
};

export interface PolicyHistoryState {
  current?: CollectionPolicy;
  /** Every version in force, in order, with the day it took effect. */
  versions: readonly { version: number; replacedOn: BusinessDate }[];
}

export const POLICY_ERROR_CODES = ['policy-invalid', 'policy-version-not-increased', 'policy-name-mismatch', 'invalid-date'] as const;
export type PolicyErrorCode = (typeof POLICY_ERROR_CODES)[number];

export class PolicyError extends Error {
  constructor(
    readonly code: PolicyErrorCode,
    message: string,
    readonly problems: readonly PolicyProblem[] = [],
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}

export const initialPolicyHistory = (): PolicyHistoryState => ({ versions: [] });

export function decidePolicy(command: ReplaceCollectionPolicy, state: PolicyHistoryState): CollectionPolicyReplaced[] {
  const { document, replacedOn, reason } = command.data;
  if (!isBusinessDate(replacedOn))
    throw new PolicyError('invalid-date', `replacedOn must be ${BUSINESS_DATE_RULE}, not ${JSON.stringify(replacedOn)}`);
  const validation = validateCollectionPolicy(document);
  if (!validation.valid) {
    const list = validation.problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ');
    throw new PolicyError('policy-invalid', `The policy document is invalid: ${list}`, validation.problems);
  }
  const { policy } = validation;
  const { current } = state;
  if (current !== undefined && policy.name !== current.name) {
    throw new PolicyError('policy-name-mismatch', `This is the history of policy "${current.name}", not "${policy.name}"`);
  }
  if (current !== undefined && policy.version <= current.version) {
    throw new PolicyError('policy-version-not-increased', `Version ${policy.version} does not follow version ${current.version} in force`);
  }
  const last = state.versions[state.versions.length - 1];
  if (last !== undefined && replacedOn < last.replacedOn) {
    throw new PolicyError('invalid-date', `A replacement on ${replacedOn} cannot precede the one on ${last.replacedOn}`);
  }
  return [
    {
      type: 'CollectionPolicyReplaced',
      data: { policy, previousVersion: current?.version ?? null, replacedOn, ...(reason === undefined ? {} : { reason }) },
    },
  ];
}

export function evolvePolicy(state: PolicyHistoryState, event: CollectionPolicyReplaced): PolicyHistoryState {
  const { policy, replacedOn } = event.data;
  return { current: policy, versions: [...state.versions, { version: policy.version, replacedOn }] };
}

export const collectionPolicyDecider = { decide: decidePolicy, evolve: evolvePolicy, initialState: initialPolicyHistory } as const;

/** The version in force on `date`: the last one replaced on or before it. */
export function policyInForceOn(events: readonly CollectionPolicyReplaced[], date: BusinessDate): CollectionPolicy | undefined {
  return events.filter((event) => event.data.replacedOn <= date).pop()?.data.policy;
}
