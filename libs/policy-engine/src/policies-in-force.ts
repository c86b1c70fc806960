import { Inject, Injectable } from '@nestjs/common';
import { BusinessDate } from '@collections/domain';
import { CollectionPolicies, CollectionPolicy } from '@collections/policy';
import { POLICY_ENGINE_ACTOR } from '@collections/accounts';
import { PolicyEngineConfig } from '@collections/config';
import { POLICY_ENGINE_CONFIG } from './engine-tokens';

/** The policy the engine runs under on a date, and the policies its overrides name. */
export interface PoliciesOnDate {
  policy: CollectionPolicy;
  /** By name, for customers whose override names another policy. */
  policies: Record<string, CollectionPolicy>;
}

/**
 * Which policy version was in force on a date, as the policy streams record it. Read afresh
 * each time (a policy stream is a handful of events), so a manager's replacement applies from
 * the next run, reaction or letter on.
 */
@Injectable()
export class PoliciesInForce {
  constructor(
    private readonly policies: CollectionPolicies,
    @Inject(POLICY_ENGINE_CONFIG) private readonly config: PolicyEngineConfig,
  ) {}

  /**
   * `adopt`: a run records the configured initial policy as version 1 if none is recorded yet;
   * reactions and letters only read (and fall back to the initial policy).
   */
  async on(date: BusinessDate, { adopt }: { adopt: boolean }): Promise<PoliciesOnDate> {
    const { policyName, initialPolicy } = this.config;
    const policy = adopt
      ? await this.policies.adopt(policyName, initialPolicy, date, POLICY_ENGINE_ACTOR)
      : ((await this.policies.inForceOn(policyName, date)) ?? initialPolicy);
    const named = [...new Set(Object.values(policy.overrides).flatMap((override) => ('policy' in override ? [override.policy] : [])))];
    const policies: Record<string, CollectionPolicy> = {};
    for (const name of named) {
      const other = await this.policies.inForceOn(name, date);
      // A customer under an unknown policy fails on its own (resolvePolicy says why); the rest run.
      if (other !== undefined) policies[name] = other;
    }
    return { policy, policies };
  }
}
