import { CollectionPolicies, CollectionPolicy } from '@collections/policy';
import { UnknownPolicyError } from '../problems/problem-details';

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * A customer sent to a policy that was never recorded would have no policy the engine could
 * run: refused (422, each override pointed at under `/policy`), for a replacement and a what-if
 * alike. Recorded policies are never removed, so one found now stays.
 */
export async function requireKnownOverrides(policy: CollectionPolicy, policies: CollectionPolicies): Promise<void> {
  const targets = new Map<string, string[]>();
  for (const [customerId, override] of Object.entries(policy.overrides)) {
    if ('policy' in override) targets.set(override.policy, [...(targets.get(override.policy) ?? []), customerId]);
  }
  const errors: { pointer: string; detail: string }[] = [];
  for (const [target, customerIds] of targets) {
    if ((await policies.history(target)).versions.length > 0) continue;
    for (const customerId of customerIds) {
      errors.push({
        pointer: `/policy/overrides/${escapePointer(customerId)}/policy`,
        detail: `names policy "${target}", which has no recorded version`,
      });
    }
  }
  if (errors.length > 0) throw new UnknownPolicyError(errors);
}
