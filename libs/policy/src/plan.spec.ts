import { CollectionCommand, CollectionEvent, addDays } from '@collections/domain';
import {
  agencyRecallMade,
  callTaskScheduled,
  collectorAssigned,
  contactLogged,
  disputeRaised,
  disputeResolved,
  escalationDeclined,
  escalationProposed,
  finalNoticeSent,
  fold,
  installmentPaid,
  invoiceOverdue,
  invoiceRegistered,
  legalActionInitiated,
  paymentPlanAgreed,
  paymentReceived,
  promiseBroken,
  promiseMade,
  referredToAgency,
  reminderSent,
} from '@collections/domain/testing/decider-specification';
import { CollectionPolicy } from './collection-policy';
import { idempotencyKeyOf, policyIds } from './ids';
import { planCollectionActions } from './plan';
import { suppressionOf } from './suppression';
import { TEST_POLICY, appendDecided, givenAccount } from './testing/policy-specification';

// INV-1: 100.00 EUR due 2024-02-09, so 2024-02-16 is 7 days past due (level 1), 2024-03-01 is 21
// (level 2), 2024-03-15 is 35 (level 3, a call), 2024-03-30 is 50 (final notice).
const invoice = invoiceRegistered();
const overdue = [invoice, invoiceOverdue()];
const second = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-02-01', dueOn: '2024-02-20' });
const secondOverdue = invoiceOverdue({ invoiceId: 'INV-2', dueOn: '2024-02-20', detectedOn: '2024-02-21', balance: 6_000 });

const reminder = (
  on: string,
  level: number,
  invoiceIds: string[],
  channel: 'email' | 'letter' = level === 1 ? 'email' : 'letter',
): CollectionCommand => ({
  type: 'SendReminder',
  data: {
    reminderId: policyIds.reminder(on, level, invoiceIds),
    invoiceIds,
    level,
    channel,
    template: TEST_POLICY.levels[level - 1].template,
    sentOn: on,
  },
});
const sentReminder = (on: string, level: number, invoiceIds: string[]): CollectionEvent =>
  reminderSent({
    reminderId: policyIds.reminder(on, level, invoiceIds),
    invoiceIds,
    level,
    channel: level === 1 ? 'email' : 'letter',
    template: TEST_POLICY.levels[level - 1].template,
    sentOn: on,
  });

describe('planCollectionActions', () => {
  describe('overdue detection', () => {
    it('marks an invoice overdue the first day it is past due and unpaid', () => {
      givenAccount([invoice])
        .on('2024-02-10')
        .withPolicy(TEST_POLICY)
        .thenCommands([{ type: 'MarkInvoiceOverdue', data: { invoiceId: 'INV-1', detectedOn: '2024-02-10' } }]);
    });

    it('does nothing on the due date itself', () => {
      givenAccount([invoice]).on('2024-02-09').withPolicy(TEST_POLICY).thenNothing();
    });

    it('does not mark it twice, nor mark an invoice paid in full', () => {
      givenAccount(overdue).on('2024-02-11').withPolicy(TEST_POLICY).thenNothing();
      givenAccount([invoice, paymentReceived()]).on('2024-02-11').withPolicy(TEST_POLICY).thenNothing();
    });

    it('catches up on a day the engine did not run, with the day it found it', () => {
      const planned = givenAccount([invoice]).on('2024-02-12').withPolicy(TEST_POLICY).plan();
      expect(planned[0]).toEqual({ type: 'MarkInvoiceOverdue', data: { invoiceId: 'INV-1', detectedOn: '2024-02-12' } });
    });
  });

  describe('reminders', () => {
    it('sends level 1 once it is due, by the level channel and template', () => {
      givenAccount(overdue).on('2024-02-15').withPolicy(TEST_POLICY).thenNothing();
      givenAccount(overdue)
        .on('2024-02-16')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-02-16', 1, ['INV-1'])]);
    });

    it('never sends a level again for the invoices it was sent for', () => {
      givenAccount([...overdue, sentReminder('2024-02-16', 1, ['INV-1'])])
        .on('2024-02-25')
        .withPolicy(TEST_POLICY)
        .thenNothing();
    });

    it('sends the next level when it falls due', () => {
      givenAccount([...overdue, sentReminder('2024-02-16', 1, ['INV-1'])])
        .on('2024-03-01')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-03-01', 2, ['INV-1'])]);
    });

    it('jumps to the highest level due, not one reminder per level', () => {
      givenAccount(overdue)
        .on('2024-03-05')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-03-05', 2, ['INV-1'])]);
    });

    it('combines all overdue invoices of the customer in one reminder at the highest level due', () => {
      // INV-1 is 21 days past due (level 2), INV-2 only 10 (level 1): one letter at level 2 lists both.
      givenAccount([...overdue, second, secondOverdue])
        .on('2024-03-01')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-03-01', 2, ['INV-1', 'INV-2'])]);
    });

    it('sends a combined reminder when a newly overdue invoice reaches a level, listing the others too', () => {
      const history = [...overdue, sentReminder('2024-02-16', 1, ['INV-1']), second, secondOverdue];
      givenAccount(history)
        .on('2024-02-27')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-02-27', 1, ['INV-1', 'INV-2'])]);
    });

    it('lists only invoices in the ladder, not those not yet at level 1', () => {
      givenAccount([...overdue, second])
        .on('2024-02-16')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-02-16', 1, ['INV-1'])]);
    });

    it('asks a collector to call when the level channel is a call task', () => {
      const history = [...overdue, collectorAssigned(), sentReminder('2024-03-01', 2, ['INV-1'])];
      givenAccount(history)
        .on('2024-03-15')
        .withPolicy(TEST_POLICY)
        .thenCommands([
          {
            type: 'ScheduleCallTask',
            data: {
              taskId: policyIds.dunningCall('2024-03-15', 3, ['INV-1']),
              reason: 'dunning',
              invoiceIds: ['INV-1'],
              collectorId: 'alice',
              dueOn: '2024-03-15',
              scheduledOn: '2024-03-15',
              level: 3,
            },
          },
        ]);
    });

    it("skips a level whose minimum balance the customer's total does not reach", () => {
      const small = [invoiceRegistered({ amount: 4_000 }), invoiceOverdue({ balance: 4_000 }), sentReminder('2024-03-01', 2, ['INV-1'])];
      givenAccount(small).on('2024-03-15').withPolicy(TEST_POLICY).thenNothing();
    });

    it('measures the minimum per currency over the invoices concerned', () => {
      const twoSmall = [
        invoiceRegistered({ amount: 3_000 }),
        invoiceRegistered({ invoiceId: 'INV-2', amount: 3_000 }),
        sentReminder('2024-03-01', 2, ['INV-1', 'INV-2']),
      ];
      const planned = givenAccount(twoSmall).on('2024-03-15').withPolicy(TEST_POLICY).plan();
      expect(planned.filter((c) => c.type === 'ScheduleCallTask')).toHaveLength(1);
      const usd = [invoiceRegistered({ amount: 3_000, currency: 'USD' }), sentReminder('2024-03-01', 2, ['INV-1'])];
      // No USD minimum: a currency the map does not list has none.
      expect(
        givenAccount(usd)
          .on('2024-03-15')
          .withPolicy(TEST_POLICY)
          .plan()
          .map((c) => c.type),
      ).toEqual(['MarkInvoiceOverdue', 'ScheduleCallTask']);
    });
  });

  describe('final notice', () => {
    it('sends the final notice with the referral date the policy gives', () => {
      const history = [...overdue, sentReminder('2024-03-01', 2, ['INV-1'])];
      givenAccount(history)
        .on('2024-03-30')
        .withPolicy(TEST_POLICY)
        .thenCommands([
          {
            type: 'SendFinalNotice',
            data: {
              noticeId: policyIds.finalNotice('2024-03-30', ['INV-1']),
              invoiceIds: ['INV-1'],
              channel: 'letter',
              sentOn: '2024-03-30',
              referralOn: '2024-04-13',
            },
          },
        ]);
    });

    it('sends no reminder for an invoice that had its final notice, and no second notice', () => {
      const history = [...overdue, finalNoticeSent({ sentOn: '2024-03-30', referralOn: '2024-04-13' })];
      givenAccount(history).on('2024-04-05').withPolicy(TEST_POLICY).thenNothing();
    });

    it('keeps reminding other invoices while one has had its final notice', () => {
      // INV-2 is 29 days past due on 2024-03-20: level 2 for it alone.
      const history = [...overdue, finalNoticeSent({ sentOn: '2024-03-15', referralOn: '2024-03-29' }), second, secondOverdue];
      givenAccount(history)
        .on('2024-03-20')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-03-20', 2, ['INV-2'])]);
    });
  });

  describe('suppression', () => {
    // On 2024-03-01 level 2 is due for INV-1 (21 days); each reason below holds it back.
    const due = [...overdue, sentReminder('2024-02-16', 1, ['INV-1'])];
    const expectSuppressed = (history: CollectionEvent[], reason: string, policy: CollectionPolicy = TEST_POLICY, customerId?: string) => {
      givenAccount(history).on('2024-03-01').withPolicy(policy, { customerId }).thenNothing();
      const account = fold(history);
      if (account.status === 'active' && reason !== 'excluded') {
        expect(suppressionOf(account, account.invoices.get('INV-1')!, policy, '2024-03-01')).toBe(reason);
      }
    };

    it('sends the reminder when nothing holds it back (the control case)', () => {
      givenAccount(due)
        .on('2024-03-01')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-03-01', 2, ['INV-1'])]);
    });

    it('holds back while an open dispute covers the invoice, and resumes once it is resolved', () => {
      expectSuppressed([...due, disputeRaised()], 'open_dispute');
      givenAccount([...due, disputeRaised(), disputeResolved()])
        .on('2024-03-01')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-03-01', 2, ['INV-1'])]);
    });

    it('holds back while a promise is not yet due (its date plus tolerance)', () => {
      expectSuppressed([...due, promiseMade({ promisedFor: '2024-03-05' })], 'promise_not_due');
    });

    it('holds back while a payment plan is current', () => {
      expectSuppressed(
        [...due, paymentPlanAgreed({ installments: [{ number: 1, dueOn: '2024-03-20', amount: 10_000 }] })],
        'payment_plan_current',
      );
    });

    it('holds back while the account is referred to an agency, and resumes after a recall', () => {
      expectSuppressed([...due, referredToAgency({ referredOn: '2024-02-20' })], 'with_agency');
      const recalled = [...due, referredToAgency({ referredOn: '2024-02-20' }), agencyRecallMade({ recalledOn: '2024-02-25' })];
      givenAccount(recalled)
        .on('2024-03-01')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-03-01', 2, ['INV-1'])]);
    });

    it('holds back while the account is in legal action', () => {
      expectSuppressed([...due, legalActionInitiated({ initiatedOn: '2024-02-20' })], 'in_legal_action');
    });

    it("holds back within the policy's quiet period after a logged contact, and not after it", () => {
      expectSuppressed([...due, contactLogged({ contactedOn: '2024-02-24' })], 'quiet_period');
      givenAccount([...due, contactLogged({ contactedOn: '2024-02-23' })])
        .on('2024-03-01')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-03-01', 2, ['INV-1'])]);
      givenAccount([...due, contactLogged({ contactedOn: '2024-02-24' })])
        .on('2024-03-01')
        .withPolicy({ ...TEST_POLICY, quietPeriodDays: 0 })
        .thenCommands([reminder('2024-03-01', 2, ['INV-1'])]);
    });

    it('opens the quiet period on the contact and never before it, whatever order the contacts were logged in', () => {
      // a contact recorded after the run date does not hold the run date quiet
      givenAccount([...due, contactLogged({ contactedOn: '2024-03-05' })])
        .on('2024-03-01')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-03-01', 2, ['INV-1'])]);
      // an older contact logged late does not end the quiet period of the later one
      const lateLogged = [
        ...due,
        contactLogged({ contactedOn: '2024-02-27' }),
        contactLogged({ contactId: 'CON-2', contactedOn: '2024-02-10' }),
      ];
      expect(fold(lateLogged)).toMatchObject({ lastContactOn: '2024-02-27' });
      givenAccount(lateLogged).on('2024-03-01').withPolicy(TEST_POLICY).thenNothing();
    });

    it('holds back for a customer the policy excludes, but still records overdue invoices', () => {
      const excluding = { ...TEST_POLICY, overrides: { 'ACME-1': { excluded: true as const } } };
      expectSuppressed(due, 'excluded', excluding, 'ACME-1');
      expect(planCollectionActions(fold([invoice]), excluding, '2024-03-01', { customerId: 'ACME-1' })).toEqual([
        { type: 'MarkInvoiceOverdue', data: { invoiceId: 'INV-1', detectedOn: '2024-03-01' } },
      ]);
    });

    it("follows a customer's override to another policy", () => {
      const gentle: CollectionPolicy = { ...TEST_POLICY, name: 'gentle', levels: [{ ...TEST_POLICY.levels[0], daysPastDue: 30 }] };
      const withOverride = { ...TEST_POLICY, overrides: { 'ACME-1': { policy: 'gentle' } } };
      givenAccount(due).on('2024-03-01').withPolicy(withOverride, { customerId: 'ACME-1', policies: { gentle } }).thenNothing();
      givenAccount(due)
        .on('2024-03-01')
        .withPolicy(withOverride, { customerId: 'OTHER' })
        .thenCommands([reminder('2024-03-01', 2, ['INV-1'])]);
      expect(() => planCollectionActions(fold(due), withOverride, '2024-03-01', { customerId: 'ACME-1' })).toThrow(/gentle/);
    });

    it('holds back only the invoices a dispute covers, not the others', () => {
      const history = [...overdue, second, secondOverdue, disputeRaised({ invoiceId: 'INV-2' })];
      givenAccount(history)
        .on('2024-03-01')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-03-01', 2, ['INV-1'])]);
    });
  });

  describe('promises', () => {
    const promised = [...overdue, promiseMade({ promisedFor: '2024-02-28' })];

    it('confirms a promise kept once it is paid in full', () => {
      givenAccount([...promised, paymentReceived({ receivedOn: '2024-02-27' })])
        .on('2024-02-27')
        .withPolicy(TEST_POLICY)
        .thenCommands([{ type: 'ConfirmPromiseKept', data: { promiseId: 'PR-1', keptOn: '2024-02-27' } }]);
    });

    it('waits for the promised date plus tolerance before declaring it broken', () => {
      givenAccount(promised).on('2024-03-02').withPolicy(TEST_POLICY).thenNothing();
    });

    it('declares it broken after the tolerance, with the partial payment and the shortfall', () => {
      const partly = [...promised, paymentReceived({ amount: 4_000, receivedOn: '2024-02-28' })];
      const planned = givenAccount(partly).on('2024-03-03').withPolicy(TEST_POLICY).plan();
      expect(planned[0]).toEqual({ type: 'DeclarePromiseBroken', data: { promiseId: 'PR-1', brokenOn: '2024-03-03' } });
      const appended = appendDecided(partly, [planned[0]]);
      expect(appended[appended.length - 1]).toEqual(promiseBroken({ brokenOn: '2024-03-03', amountPaid: 4_000, shortfall: 6_000 }));
    });

    it('resumes dunning in the same run once the promise is broken', () => {
      const history = [...promised, sentReminder('2024-02-16', 1, ['INV-1'])];
      givenAccount(history)
        .on('2024-03-03')
        .withPolicy(TEST_POLICY)
        .thenCommands([
          { type: 'DeclarePromiseBroken', data: { promiseId: 'PR-1', brokenOn: '2024-03-03' } },
          reminder('2024-03-03', 2, ['INV-1']),
        ]);
    });
  });

  describe('payment plans', () => {
    const plan = [...overdue, collectorAssigned(), paymentPlanAgreed()]; // 50.00 due 2024-03-01, 50.00 due 2024-04-01

    it('declares an installment missed once its date plus grace has passed unpaid', () => {
      givenAccount(plan).on('2024-03-04').withPolicy(TEST_POLICY).thenNothing();
      const planned = givenAccount(plan).on('2024-03-05').withPolicy(TEST_POLICY).plan();
      expect(planned[0]).toEqual({
        type: 'DeclareInstallmentMissed',
        data: { planId: 'PL-1', installmentNumber: 1, detectedOn: '2024-03-05' },
      });
    });

    it('resumes dunning once the plan is defaulted by the missed installment', () => {
      const planned = givenAccount([...plan, sentReminder('2024-02-16', 1, ['INV-1'])])
        .on('2024-03-05')
        .withPolicy(TEST_POLICY)
        .plan();
      expect(planned.map((c) => c.type)).toEqual(['DeclareInstallmentMissed', 'SendReminder']);
    });

    it('confirms an installment the payments cover', () => {
      givenAccount([...plan, paymentReceived({ amount: 5_000, receivedOn: '2024-02-28' })])
        .on('2024-02-28')
        .withPolicy(TEST_POLICY)
        .thenCommands([{ type: 'ConfirmInstallmentPaid', data: { planId: 'PL-1', installmentNumber: 1, paidOn: '2024-02-28' } }]);
    });

    it('asks the collector to call a few days before an installment falls due, once', () => {
      const task: CollectionCommand = {
        type: 'ScheduleCallTask',
        data: {
          taskId: 'P-CT-PLAN-PL-1-1',
          reason: 'installment_due',
          invoiceIds: ['INV-1'],
          collectorId: 'alice',
          dueOn: '2024-02-27',
          scheduledOn: '2024-02-27',
          planId: 'PL-1',
          installmentNumber: 1,
        },
      };
      givenAccount(plan).on('2024-02-26').withPolicy(TEST_POLICY).thenNothing();
      givenAccount(plan).on('2024-02-27').withPolicy(TEST_POLICY).thenCommands([task]);
      givenAccount(appendDecided(plan, [task]))
        .on('2024-02-28')
        .withPolicy(TEST_POLICY)
        .thenNothing();
    });

    it('asks for no call when the installment is already covered', () => {
      const paid = [...plan, paymentReceived({ amount: 5_000, receivedOn: '2024-02-26' }), installmentPaid({ paidOn: '2024-02-26' })];
      givenAccount(paid).on('2024-02-27').withPolicy(TEST_POLICY).thenNothing();
    });
  });

  describe('escalation', () => {
    const noticed = [...overdue, finalNoticeSent({ sentOn: '2024-03-30', referralOn: '2024-04-13' })];

    it('proposes agency referral to managers once the notice date and the thresholds are reached', () => {
      givenAccount(noticed).on('2024-04-12').withPolicy(TEST_POLICY).thenNothing();
      const planned = givenAccount(noticed).on('2024-04-13').withPolicy(TEST_POLICY).plan();
      expect(planned).toEqual([
        {
          type: 'ProposeEscalation',
          data: {
            proposalId: policyIds.proposal('agency_referral', '2024-04-13', ['INV-1']),
            kind: 'agency_referral',
            invoiceIds: ['INV-1'],
            reason: 'Policy test v1, agency referral: 64 days past due (threshold 64), 100.00 EUR (minimum 50.00 EUR)',
            proposedOn: '2024-04-13',
          },
        },
      ]);
      const proposedAlready = appendDecided(noticed, planned);
      givenAccount(proposedAlready).on('2024-04-20').withPolicy(TEST_POLICY).thenNothing();
    });

    it('does not propose a referral below the minimum balance', () => {
      const small = [
        invoiceRegistered({ amount: 4_000 }),
        invoiceOverdue({ balance: 4_000 }),
        finalNoticeSent({ sentOn: '2024-03-30', referralOn: '2024-04-13' }),
      ];
      givenAccount(small).on('2024-04-13').withPolicy(TEST_POLICY).thenNothing();
    });

    it('refers the account itself only when the policy says so', () => {
      const automatic = { ...TEST_POLICY, agencyReferral: { ...TEST_POLICY.agencyReferral, automatic: true, agency: 'Acme Collections' } };
      const planned = givenAccount(noticed).on('2024-04-13').withPolicy(automatic).plan();
      expect(planned).toEqual([
        {
          type: 'ReferToAgency',
          data: expect.objectContaining({
            referralId: policyIds.referral('2024-04-13', ['INV-1']),
            agency: 'Acme Collections',
            invoiceIds: ['INV-1'],
            referredOn: '2024-04-13',
          }),
        },
      ]);
    });

    it('proposes a write-off past its threshold, even while an agency holds the invoices', () => {
      const withAgency = [...noticed, referredToAgency({ referredOn: '2024-04-20' }), escalationProposed({ proposedOn: '2024-04-13' })];
      const planned = givenAccount(withAgency).on('2024-08-07').withPolicy(TEST_POLICY).plan();
      expect(planned).toEqual([
        {
          type: 'ProposeEscalation',
          data: expect.objectContaining({
            kind: 'write_off',
            invoiceIds: ['INV-1'],
            proposalId: policyIds.proposal('write_off', '2024-08-07', ['INV-1']),
          }),
        },
      ]);
      givenAccount(withAgency).on('2024-08-06').withPolicy(TEST_POLICY).thenNothing();
    });

    it('does not propose again what a manager declined, yet proposes the write-off when its threshold comes', () => {
      const declined = [
        ...noticed,
        escalationProposed({ proposedOn: '2024-04-13' }),
        escalationDeclined({ declinedOn: '2024-04-15', reason: 'Customer is negotiating a plan' }),
      ];
      givenAccount(declined).on('2024-04-16').withPolicy(TEST_POLICY).thenNothing();
      givenAccount(declined).on('2024-07-01').withPolicy(TEST_POLICY).thenNothing();
      const planned = givenAccount(declined).on('2024-08-07').withPolicy(TEST_POLICY).plan();
      expect(planned).toEqual([{ type: 'ProposeEscalation', data: expect.objectContaining({ kind: 'write_off', invoiceIds: ['INV-1'] }) }]);
    });
  });

  describe('high-value segment', () => {
    const large = [
      invoiceRegistered({ amount: 2_000_000 }),
      invoiceOverdue({ balance: 2_000_000 }),
      collectorAssigned(),
      sentReminder('2024-02-16', 1, ['INV-1']),
    ];
    const followUp = (on: string): CollectionCommand => ({
      type: 'ScheduleCallTask',
      data: {
        taskId: `P-CT-HV-${on}`,
        reason: 'high_value_follow_up',
        invoiceIds: ['INV-1'],
        collectorId: 'alice',
        dueOn: on,
        scheduledOn: on,
      },
    });

    it('asks for a follow-up call every few days when nobody contacted the customer', () => {
      givenAccount(large)
        .on('2024-02-20')
        .withPolicy(TEST_POLICY)
        .thenCommands([followUp('2024-02-20')]);
      givenAccount([
        ...large,
        callTaskScheduled({ taskId: 'P-CT-HV-2024-02-20', reason: 'high_value_follow_up', level: undefined, scheduledOn: '2024-02-20' }),
      ])
        .on('2024-02-26')
        .withPolicy(TEST_POLICY)
        .thenNothing();
      givenAccount([
        ...large,
        callTaskScheduled({ taskId: 'P-CT-HV-2024-02-20', reason: 'high_value_follow_up', level: undefined, scheduledOn: '2024-02-20' }),
      ])
        .on('2024-02-27')
        .withPolicy(TEST_POLICY)
        .thenCommands([followUp('2024-02-27')]);
    });

    it('leaves smaller accounts and recently contacted ones to the ladder', () => {
      givenAccount([...overdue, sentReminder('2024-02-16', 1, ['INV-1'])])
        .on('2024-02-20')
        .withPolicy(TEST_POLICY)
        .thenNothing();
      givenAccount([...large, contactLogged({ contactedOn: '2024-02-18' })])
        .on('2024-02-20')
        .withPolicy(TEST_POLICY)
        .thenNothing();
    });
  });

  describe('determinism and reruns', () => {
    const busy = [
      invoice,
      second,
      invoiceRegistered({ invoiceId: 'INV-3', amount: 20_000, dueOn: '2024-01-15' }),
      collectorAssigned(),
      promiseMade({ invoiceIds: ['INV-3'], amount: 20_000, promisedFor: '2024-02-20' }),
      paymentPlanAgreed({ invoiceIds: ['INV-2'], installments: [{ number: 1, dueOn: '2024-03-10', amount: 6_000 }] }),
    ];

    it('plans the same commands with the same ids for the same input, in a stable order', () => {
      const first = planCollectionActions(fold(busy), TEST_POLICY, '2024-03-08');
      const again = planCollectionActions(fold(busy), TEST_POLICY, '2024-03-08');
      expect(again).toEqual(first);
      expect(first.map((c) => c.type)).toEqual([
        'MarkInvoiceOverdue',
        'MarkInvoiceOverdue',
        'MarkInvoiceOverdue',
        'DeclarePromiseBroken',
        'SendFinalNotice',
        'SendReminder',
        'ScheduleCallTask',
      ]);
      expect(first.map(idempotencyKeyOf)).toEqual([
        'policy:MarkInvoiceOverdue:INV-3',
        'policy:MarkInvoiceOverdue:INV-1',
        'policy:MarkInvoiceOverdue:INV-2',
        'policy:DeclarePromiseBroken:PR-1',
        // INV-3 is 53 days past due: its final notice; INV-1 (28 days) gets level 2; INV-2 is on a plan.
        `policy:SendFinalNotice:${policyIds.finalNotice('2024-03-08', ['INV-3'])}`,
        `policy:SendReminder:${policyIds.reminder('2024-03-08', 2, ['INV-1'])}`,
        'policy:ScheduleCallTask:P-CT-PLAN-PL-1-1',
      ]);
    });

    it('plans nothing new when rerun for the same date after its commands were appended', () => {
      const first = planCollectionActions(fold(busy), TEST_POLICY, '2024-03-08');
      expect(planCollectionActions(fold(appendDecided(busy, first)), TEST_POLICY, '2024-03-08')).toEqual([]);
    });

    it('gives a different id to a reminder for a different set of invoices on the same day', () => {
      expect(policyIds.reminder('2024-03-01', 2, ['INV-1'])).not.toBe(policyIds.reminder('2024-03-01', 2, ['INV-1', 'INV-2']));
      expect(policyIds.reminder('2024-03-01', 2, ['INV-2', 'INV-1'])).toBe(policyIds.reminder('2024-03-01', 2, ['INV-1', 'INV-2']));
      expect(policyIds.reminder('2024-03-01', 2, ['INV-1'])).toMatch(/^P-R2-2024-03-01-[0-9a-z]{7}$/);
    });

    it('plans nothing for an account with no invoice', () => {
      expect(planCollectionActions({ status: 'empty' }, TEST_POLICY, '2024-03-01')).toEqual([]);
    });

    it('walks an account through the whole ladder, one run a day, each command accepted', () => {
      let history: CollectionEvent[] = [invoiceRegistered({ amount: 20_000 }), collectorAssigned({ assignedOn: '2024-01-10' })];
      const seen: string[] = [];
      for (let on = '2024-02-01'; on <= '2024-04-20'; on = addDays(on, 1)) {
        const planned = planCollectionActions(fold(history), TEST_POLICY, on);
        planned.forEach((command) => seen.push(`${on} ${command.type}${'level' in command.data ? ` ${command.data.level}` : ''}`));
        history = appendDecided(history, planned);
      }
      expect(seen).toEqual([
        '2024-02-10 MarkInvoiceOverdue',
        '2024-02-16 SendReminder 1',
        '2024-03-01 SendReminder 2',
        '2024-03-15 ScheduleCallTask 3',
        '2024-03-30 SendFinalNotice',
        '2024-04-13 ProposeEscalation',
      ]);
    });
  });
});
