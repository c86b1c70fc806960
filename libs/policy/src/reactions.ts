import { AccountState, CollectionCommand, CollectionEvent, addDays } from '@collections/domain';
import { CollectionPolicy, disputeRoutingOf } from './collection-policy';
import { policyIds } from './ids';
import { PlanningContext, resolvePolicy } from './planning-context';

/**
 * The sagas: what an event, by whoever recorded it, calls for next. `account` is the customer's
 * state after the event. Pure; the engine sends the commands as it does planned ones.
 *
 * - ReferredToAgency → PlaceCreditHold (docs/architecture.md#the-collection-procedure, step 8), unless the account is already on hold.
 * - PromiseBroken → a call task for the account's collector. The item's priority rises without a
 *   command of its own: the worklist's priority counts broken promises (15 points each, up to 2).
 * - DisputeRaised or DeductionClaimed → AssignDispute to the team the policy routes its category
 *   to, with the target date the route gives, unless someone assigned it already.
 */
export function reactTo(
  event: CollectionEvent,
  account: AccountState,
  policy: CollectionPolicy,
  context: PlanningContext = {},
): CollectionCommand[] {
  if (account.status !== 'active') return [];
  switch (event.type) {
    case 'ReferredToAgency': {
      if (account.creditHold !== undefined) return [];
      const { referralId, agency, referredOn } = event.data;
      return [{ type: 'PlaceCreditHold', data: { reason: `Referred to ${agency} (referral ${referralId})`, placedOn: referredOn } }];
    }
    case 'PromiseBroken': {
      if (resolvePolicy(policy, context).excluded) return [];
      const { promiseId, brokenOn } = event.data;
      const promise = account.promises.get(promiseId);
      const taskId = policyIds.brokenPromiseCall(promiseId);
      const invoiceIds = (promise?.invoiceIds ?? []).filter((id) => (account.invoices.get(id)?.balance ?? 0) > 0);
      if (invoiceIds.length === 0 || account.callTasks.has(taskId)) return [];
      return [
        {
          type: 'ScheduleCallTask',
          data: {
            taskId,
            reason: 'promise_broken',
            invoiceIds,
            ...(account.collectorId === undefined ? {} : { collectorId: account.collectorId }),
            dueOn: brokenOn,
            scheduledOn: brokenOn,
            promiseId,
          },
        },
      ];
    }
    case 'DisputeRaised':
    case 'DeductionClaimed': {
      const [disputeId, category, raisedOn] =
        event.type === 'DisputeRaised'
          ? [event.data.disputeId, event.data.category, event.data.raisedOn]
          : [event.data.deductionId, 'deduction' as const, event.data.claimedOn];
      const dispute = account.disputes.get(disputeId);
      if (dispute === undefined || dispute.status !== 'open' || dispute.owner !== undefined) return [];
      const route = disputeRoutingOf(policy).routes[category];
      return [
        {
          type: 'AssignDispute',
          data: {
            disputeId,
            ownerTeam: route.team,
            targetOn: addDays(raisedOn, route.targetDays),
            assignedOn: raisedOn,
            onlyIfUnassigned: true,
          },
        },
      ];
    }
    default:
      return [];
  }
}
