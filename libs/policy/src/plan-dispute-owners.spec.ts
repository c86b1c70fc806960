import { CollectionCommand, CollectionEvent, addDays } from '@collections/domain';
import {
  disputeAssigned,
  disputeOwnerReminded,
  disputeRaised,
  disputeResolved,
  fold,
  invoiceRegistered,
  unappliedCashReceived,
} from '@collections/domain/testing/decider-specification';
import { idempotencyKeyOf } from './ids';
import { planCollectionActions } from './plan';
import { TEST_POLICY, appendDecided } from './testing/policy-specification';

// INV-1: 100.00 EUR due 2024-02-09; D-1 disputes 20.00 of it on 2024-02-12, assigned to logistics
// with the target date 2024-02-26.
const disputed = [invoiceRegistered(), disputeRaised(), disputeAssigned()];
const remind = (remindedOn: string, disputeId = 'D-1'): CollectionCommand => ({
  type: 'RemindDisputeOwner',
  data: { disputeId, remindedOn },
});
const reminders = (commands: CollectionCommand[]) => commands.filter((command) => command.type === 'RemindDisputeOwner');

describe("reminders to a late dispute's owner", () => {
  it('given a dispute on its target date, then its owner is not reminded yet; the day after, they are', () => {
    expect(reminders(planCollectionActions(fold(disputed), TEST_POLICY, '2024-02-26'))).toEqual([]);
    expect(reminders(planCollectionActions(fold(disputed), TEST_POLICY, '2024-02-27'))).toEqual([remind('2024-02-27')]);
  });

  it('given the owner was reminded of the target date, then no later day reminds them again', () => {
    const reminded = [...disputed, disputeOwnerReminded({ remindedOn: '2024-02-27' })];
    for (const on of ['2024-02-28', '2024-03-15', '2024-06-30']) {
      expect(reminders(planCollectionActions(fold(reminded), TEST_POLICY, on))).toEqual([]);
    }
  });

  it('given a reminded dispute assigned again with a new target, then its owner is reminded once that one passes too', () => {
    const reassigned = [
      ...disputed,
      disputeOwnerReminded({ remindedOn: '2024-02-27' }),
      disputeAssigned({ ownerTeam: 'quality', ownerId: 'lina', targetOn: '2024-03-10', assignedOn: '2024-02-28' }),
    ];
    expect(reminders(planCollectionActions(fold(reassigned), TEST_POLICY, '2024-03-10'))).toEqual([]);
    expect(reminders(planCollectionActions(fold(reassigned), TEST_POLICY, '2024-03-11'))).toEqual([remind('2024-03-11')]);
  });

  it('given a dispute resolved, or one nobody owns, then nobody is reminded', () => {
    const resolved = [...disputed, disputeResolved({ resolvedOn: '2024-02-25' })];
    expect(reminders(planCollectionActions(fold(resolved), TEST_POLICY, '2024-03-01'))).toEqual([]);
    expect(reminders(planCollectionActions(fold([invoiceRegistered(), disputeRaised()]), TEST_POLICY, '2024-06-30'))).toEqual([]);
  });

  it('given a customer excluded from dunning, or with cash to apply, then the owner is reminded all the same (internal work)', () => {
    const excluding = { ...TEST_POLICY, overrides: { 'ACME-1': { excluded: true as const } } };
    expect(reminders(planCollectionActions(fold(disputed), excluding, '2024-03-01', { customerId: 'ACME-1' }))).toEqual([
      remind('2024-03-01'),
    ]);
    const paid = [...disputed, unappliedCashReceived({ amount: 10_000, receivedOn: '2024-02-28' })];
    expect(reminders(planCollectionActions(fold(paid), TEST_POLICY, '2024-03-01'))).toEqual([remind('2024-03-01')]);
  });

  it('given two late disputes, then both owners are reminded, in dispute id order, under keys a rerun repeats', () => {
    const two = [
      invoiceRegistered(),
      disputeRaised({ disputeId: 'D-2', amount: 1_000 }),
      disputeAssigned({ disputeId: 'D-2', targetOn: '2024-02-20' }),
      ...disputed.slice(1),
    ];
    const planned = reminders(planCollectionActions(fold(two), TEST_POLICY, '2024-03-01'));
    expect(planned).toEqual([remind('2024-03-01', 'D-1'), remind('2024-03-01', 'D-2')]);
    expect(planned.map(idempotencyKeyOf)).toEqual(['policy:RemindDisputeOwner:D-1:2024-03-01', 'policy:RemindDisputeOwner:D-2:2024-03-01']);
  });

  it('given every day from the dispute on, each run accepted, then the owner is reminded exactly once', () => {
    let history: CollectionEvent[] = [...disputed];
    const seen: string[] = [];
    for (let on = '2024-02-12'; on <= '2024-04-30'; on = addDays(on, 1)) {
      const planned = reminders(planCollectionActions(fold(history), TEST_POLICY, on));
      planned.forEach(() => seen.push(on));
      history = appendDecided(history, planned);
    }
    expect(seen).toEqual(['2024-02-27']);
  });
});
