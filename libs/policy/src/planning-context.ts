import { CollectionPolicy } from './collection-policy';
import { CandidateCash } from './suppression';

/** What planning needs beside the account, the policy and the date. */
export interface PlanningContext {
  /** The customer, to apply the policy's per-customer overrides. */
  customerId?: string;
  /** Policies by name, for customers whose override names another policy. */
  policies?: Readonly<Record<string, CollectionPolicy>>;
  /** Unidentified cash that names the customer as a candidate (the cash rules, suppression.ts). */
  unidentifiedCash?: readonly CandidateCash[];
}

export type ResolvedPolicy = { policy: CollectionPolicy; excluded: boolean };

/** The policy a customer is under, and whether the engine leaves their dunning alone. */
export function resolvePolicy(policy: CollectionPolicy, context: PlanningContext): ResolvedPolicy {
  const override = context.customerId === undefined ? undefined : policy.overrides[context.customerId];
  if (override === undefined) return { policy, excluded: false };
  if ('excluded' in override) return { policy, excluded: true };
  const named = context.policies?.[override.policy];
  if (named === undefined) {
    throw new Error(`Customer ${context.customerId} is to be under policy "${override.policy}", which the engine was not given`);
  }
  return { policy: named, excluded: false };
}
