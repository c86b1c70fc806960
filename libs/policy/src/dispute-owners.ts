import { ActiveAccount, BusinessDate, CollectionCommand } from '@collections/domain';

/**
 * The owners of disputes past their target date, to remind on `date`: each open dispute with an
 * owner whose target date has passed and who was not yet reminded of that date (assigned again
 * with a new target, it may be late, and reminded, again). Internal work: whether the customer is
 * dunned, paused or excluded does not matter. In dispute id order, so a run plans the same commands.
 */
export function lateDisputeReminders(account: ActiveAccount, date: BusinessDate): CollectionCommand[] {
  return [...account.disputes.values()]
    .filter(
      ({ status, owner, remindedFor }) =>
        status === 'open' && owner !== undefined && owner.targetOn < date && remindedFor !== owner.targetOn,
    )
    .sort((a, b) => a.disputeId.localeCompare(b.disputeId))
    .map(({ disputeId }) => ({ type: 'RemindDisputeOwner', data: { disputeId, remindedOn: date } }));
}
