import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WrongExpectedRevisionError } from '@collections/event-store';
import { ReplacePolicy } from './replace-policy';
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
    private readonly commands: CommandBus,
    @Inject(POLICY_ENGINE_CONFIG) private readonly config: PolicyEngineConfig,
  ) {}

  /**
   * `adopt`: a run records the configured initial policy as version 1 if none is recorded yet;
   * reactions and letters only read (and fall back to the initial policy).
   */
  async on(date: BusinessDate, { adopt }: { adopt: boolean }): Promise<PoliciesOnDate> {
    const { policyName, initialPolicy } = this.config;
    const policy = adopt
      ? await this.adopt(policyName, initialPolicy, date)
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

  /**
   * The recorded version in force on `date`, or — the first time the engine runs — `initial`
   * recorded as version 1 on that date (through the CommandBus, as the engine), so auditors see
   * the policy that was in force from the first run. Two processes adopting at once: one
   * appends, the other reads what it appended.
   */
  private async adopt(name: string, initial: CollectionPolicy, date: BusinessDate): Promise<CollectionPolicy> {
    const inForce = await this.policies.inForceOn(name, date);
    if (inForce !== undefined) return inForce;
    const reason = 'Adopted by the policy engine on its first run';
    try {
      const adopted = await this.commands.execute(
        new ReplacePolicy(
          name,
          { type: 'ReplaceCollectionPolicy', data: { document: initial, replacedOn: date, reason } },
          POLICY_ENGINE_ACTOR,
        ),
      );
      return adopted.policy;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      return (await this.policies.inForceOn(name, date)) as CollectionPolicy;
    }
  }
}
