import { CollectionEvent } from '@collections/domain';
import {
  customerReplied,
  deductionClaimed,
  disputeAssigned,
  disputeRaised,
  fold,
  freshLinkRequested,
  invoiceOverdue,
  invoiceRegistered,
  paymentReported,
  replyHandled,
} from '@collections/domain/testing/decider-specification';
import { CollectionPolicy } from './collection-policy';
import { reactTo } from './reactions';
import { TEST_POLICY, givenAccount } from './testing/policy-specification';

// INV-1 (100.00 EUR, due 2024-02-09) is overdue; the test ladder's first reminder falls due on 2024-02-16.
const overdue = [invoiceRegistered(), invoiceOverdue()];
const typesPlanned = (events: readonly CollectionEvent[], on: string, policy: CollectionPolicy = TEST_POLICY) =>
  givenAccount(events)
    .on(on)
    .withPolicy(policy)
    .plan()
    .map((command) => command.type);

describe("the customer's side holds dunning back", () => {
  it('given the ladder due, then a reminder goes (the baseline of what follows)', () => {
    expect(typesPlanned(overdue, '2024-02-16')).toEqual(['SendReminder']);
  });

  it("given a customer's reply waiting, then nothing is sent until a collector has handled it", () => {
    const replied = [...overdue, customerReplied({ receivedOn: '2024-02-12', receivedAt: '2024-02-12T08:00:00.000Z' })];
    expect(typesPlanned(replied, '2024-02-16')).toEqual([]);
    expect(typesPlanned([...replied, replyHandled({ handledOn: '2024-02-13' })], '2024-02-16')).toEqual(['SendReminder']);
  });

  it('given an out-of-office or a bounce, then dunning goes on', () => {
    for (const kind of ['auto_reply', 'bounce'] as const) {
      const automatic = customerReplied({ kind, receivedOn: '2024-02-12', receivedAt: '2024-02-12T08:00:00.000Z' });
      expect(typesPlanned([...overdue, automatic], '2024-02-16')).toEqual(['SendReminder']);
    }
  });

  it('given a fresh link asked for, then dunning waits for the collector too', () => {
    expect(typesPlanned([...overdue, freshLinkRequested({ requestedOn: '2024-02-14' })], '2024-02-16')).toEqual([]);
  });

  it('given a payment reported for the invoice, then nothing goes for the grace days from the report, then dunning resumes', () => {
    const reported = [...overdue, paymentReported({ paidOn: '2024-02-12', reportedOn: '2024-02-13' })];
    const grace = TEST_POLICY.cashApplicationGraceDays ?? 5;
    expect(typesPlanned(reported, '2024-02-16')).toEqual([]);
    const lastPausedDay = new Date(Date.parse('2024-02-13') + (grace - 1) * 86_400_000).toISOString().slice(0, 10);
    const firstDayAfter = new Date(Date.parse('2024-02-13') + grace * 86_400_000).toISOString().slice(0, 10);
    expect(typesPlanned(reported, lastPausedDay)).toEqual([]);
    expect(typesPlanned(reported, firstDayAfter)).toEqual(['SendReminder']);
  });

  it('given a payment reported for another invoice, or in another currency, then this one is dunned', () => {
    expect(typesPlanned([...overdue, paymentReported({ invoiceIds: ['INV-2'], reportedOn: '2024-02-15' })], '2024-02-16')).toEqual([
      'SendReminder',
    ]);
    expect(
      typesPlanned([...overdue, paymentReported({ invoiceIds: [], currency: 'USD', reportedOn: '2024-02-15' })], '2024-02-16'),
    ).toEqual(['SendReminder']);
    expect(typesPlanned([...overdue, paymentReported({ invoiceIds: [], reportedOn: '2024-02-15' })], '2024-02-16')).toEqual([]);
  });
});

describe('disputes are routed to their owner', () => {
  it('given a dispute raised, then the saga assigns it to the team the policy routes its category to, with its target date', () => {
    const raised = disputeRaised({ category: 'pricing', raisedOn: '2024-02-12' });
    const routed: CollectionPolicy = {
      ...TEST_POLICY,
      disputeRouting: {
        teams: ['billing', 'logistics'],
        routes: {
          failed_product: { team: 'logistics', targetDays: 14 },
          poor_service: { team: 'logistics', targetDays: 10 },
          damaged_goods: { team: 'logistics', targetDays: 10 },
          wrong_item: { team: 'logistics', targetDays: 7 },
          pricing: { team: 'billing', targetDays: 5 },
          deduction: { team: 'billing', targetDays: 20 },
        },
      },
    };
    expect(reactTo(raised, fold([...overdue, raised]), routed)).toEqual([
      {
        type: 'AssignDispute',
        data: { disputeId: 'D-1', ownerTeam: 'billing', targetOn: '2024-02-17', assignedOn: '2024-02-12', onlyIfUnassigned: true },
      },
    ]);
    const claimed = deductionClaimed({ claimedOn: '2024-02-12' });
    expect(reactTo(claimed, fold([...overdue, claimed]), routed)).toEqual([
      {
        type: 'AssignDispute',
        data: { disputeId: 'D-1', ownerTeam: 'billing', targetOn: '2024-03-03', assignedOn: '2024-02-12', onlyIfUnassigned: true },
      },
    ]);
  });

  it('given a policy recorded before routing existed, then the default routing applies; and an assigned dispute is left alone', () => {
    const raised = disputeRaised({ category: 'damaged_goods', raisedOn: '2024-02-12' });
    const { disputeRouting, ...older } = TEST_POLICY;
    void disputeRouting;
    expect(reactTo(raised, fold([...overdue, raised]), older)).toEqual([
      {
        type: 'AssignDispute',
        data: { disputeId: 'D-1', ownerTeam: 'logistics', targetOn: '2024-02-22', assignedOn: '2024-02-12', onlyIfUnassigned: true },
      },
    ]);
    expect(reactTo(raised, fold([...overdue, raised, disputeAssigned()]), TEST_POLICY)).toEqual([]);
  });
});
