import { CollectionCommand, CollectionEvent } from '@collections/domain';
import {
  cashApplied,
  collectorAssigned,
  finalNoticeSent,
  fold,
  invoiceOverdue,
  invoiceRegistered,
  paymentPlanAgreed,
  promiseMade,
  referredToAgency,
  escalationProposed,
  reminderSent,
  unappliedCashReceived,
  unappliedCashRefunded,
} from '@collections/domain/testing/decider-specification';
import { CollectionPolicy } from './collection-policy';
import { DEFAULT_COLLECTION_POLICY } from './default-policy';
import { policyIds } from './ids';
import { explainCollectionPlan } from './plan';
import { CandidateCash, suppressionOf } from './suppression';
import { TEST_POLICY, givenAccount } from './testing/policy-specification';

// INV-1: 100.00 EUR due 2024-02-09; level 1 of TEST_POLICY is due on 2024-02-16 (7 days past due).
const overdue = [invoiceRegistered(), invoiceOverdue()];
const cash = (amount: number, more: Partial<Parameters<typeof unappliedCashReceived>[0]> = {}) =>
  unappliedCashReceived({ amount, ...more });
const reminder = (on: string, level: number, invoiceIds: string[]): CollectionCommand => ({
  type: 'SendReminder',
  data: {
    reminderId: policyIds.reminder(on, level, invoiceIds),
    invoiceIds,
    level,
    channel: level === 1 ? 'email' : 'letter',
    template: TEST_POLICY.levels[level - 1].template,
    sentOn: on,
  },
});
const typesPlanned = (
  events: readonly CollectionEvent[],
  on: string,
  policy: CollectionPolicy = TEST_POLICY,
  unidentifiedCash?: CandidateCash[],
) =>
  givenAccount(events)
    .on(on)
    .withPolicy(policy, { unidentifiedCash })
    .plan()
    .map((command) => command.type);

describe('the cash rules: nobody is dunned for money already received', () => {
  describe('unapplied cash on the account', () => {
    it('given an overdue invoice and unapplied cash equal to its balance, when the ladder reaches it, then no reminder goes', () => {
      givenAccount(overdue)
        .on('2024-02-16')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-02-16', 1, ['INV-1'])]);
      givenAccount([...overdue, cash(10_000)])
        .on('2024-02-16')
        .withPolicy(TEST_POLICY)
        .thenNothing();
    });

    it('given more unapplied cash than is overdue, then no dunning call, final notice, referral or write-off either', () => {
      const reminded = [...overdue, collectorAssigned(), reminderSent({ level: 2, sentOn: '2024-03-01' })];
      const noticed = [...overdue, finalNoticeSent({ sentOn: '2024-03-30', referralOn: '2024-04-13' })];
      const withAgency = [...noticed, escalationProposed({ proposedOn: '2024-04-13' }), referredToAgency({ referredOn: '2024-04-20' })];
      // without the cash: level 3 (a call), the final notice, the referral, the write-off (which an agency alone does not hold back)
      expect(typesPlanned(reminded, '2024-03-15')).toEqual(['ScheduleCallTask']);
      expect(typesPlanned(reminded, '2024-03-30')).toEqual(['SendFinalNotice']);
      expect(typesPlanned(noticed, '2024-04-13')).toEqual(['ProposeEscalation']);
      expect(typesPlanned(withAgency, '2024-08-07')).toEqual(['ProposeEscalation']);
      // with it
      expect(typesPlanned([...reminded, cash(15_000)], '2024-03-15')).toEqual([]);
      expect(typesPlanned([...reminded, cash(15_000)], '2024-03-30')).toEqual([]);
      expect(typesPlanned([...noticed, cash(15_000)], '2024-04-13')).toEqual([]);
      expect(typesPlanned([...withAgency, cash(15_000)], '2024-08-07')).toEqual([]);
    });

    it('given unapplied cash short of the overdue balance, then the customer is dunned as before, every overdue invoice listed', () => {
      givenAccount([...overdue, cash(9_999)])
        .on('2024-02-16')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-02-16', 1, ['INV-1'])]);
    });

    it('given cash covering what is overdue, when the overdue balance grows past it, then dunning resumes', () => {
      const second = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-02-01', dueOn: '2024-02-20' });
      const history = [...overdue, second, cash(10_000)];
      expect(typesPlanned(history, '2024-02-20')).toEqual([]); // INV-2 due today: 100.00 overdue, 100.00 covers it
      expect(typesPlanned(history, '2024-02-21')).toEqual(['MarkInvoiceOverdue', 'SendReminder']); // 160.00 overdue
    });

    it('measures cover per currency: covered EUR waits, uncovered USD is dunned', () => {
      const usd = [invoiceRegistered({ invoiceId: 'INV-USD', currency: 'USD' }), invoiceOverdue({ invoiceId: 'INV-USD', currency: 'USD' })];
      givenAccount([...overdue, ...usd, cash(10_000)])
        .on('2024-02-16')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-02-16', 1, ['INV-USD'])]);
      givenAccount([...overdue, ...usd, cash(10_000, { currency: 'USD' })])
        .on('2024-02-16')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-02-16', 1, ['INV-1'])]);
    });

    it('given a promise short of its amount but cash on account covering the overdue balance, then it is not declared broken', () => {
      const promised = [...overdue, promiseMade({ promisedFor: '2024-02-28' })];
      expect(typesPlanned(promised, '2024-03-03')).toEqual(['DeclarePromiseBroken', 'SendReminder']);
      expect(typesPlanned([...promised, cash(10_000, { receivedOn: '2024-03-01' })], '2024-03-03')).toEqual([]);
    });

    it('given a payment plan and cash on account, then no call before the installment and no installment missed', () => {
      const plan = [...overdue, collectorAssigned(), paymentPlanAgreed()]; // 50.00 due 2024-03-01, 50.00 due 2024-04-01
      expect(typesPlanned(plan, '2024-02-27')).toEqual(['ScheduleCallTask']);
      expect(typesPlanned(plan, '2024-03-05')).toEqual(['DeclareInstallmentMissed', 'SendReminder']);
      const paid = [...plan, cash(10_000, { receivedOn: '2024-02-26' })];
      expect(typesPlanned(paid, '2024-02-27')).toEqual([]);
      expect(typesPlanned(paid, '2024-03-05')).toEqual([]);
    });

    it('still records what happened: an invoice past due is marked overdue', () => {
      expect(typesPlanned([invoiceRegistered(), cash(10_000)], '2024-02-10')).toEqual(['MarkInvoiceOverdue']);
    });

    it('given nothing overdue yet, then unapplied cash holds back the courtesy reminder before the due date (it may be its payment)', () => {
      // The default policy's level 1 goes 3 days before the due date (2024-02-06).
      expect(typesPlanned([invoiceRegistered()], '2024-02-06', DEFAULT_COLLECTION_POLICY)).toEqual(['SendReminder']);
      expect(typesPlanned([invoiceRegistered(), cash(100)], '2024-02-06', DEFAULT_COLLECTION_POLICY)).toEqual([]);
    });

    it('given the cash applied to the invoice, then it is paid and nothing is planned; given it refunded instead, then dunning resumes', () => {
      const history = [...overdue, cash(10_000)];
      const applied = [...history, cashApplied({ paymentId: 'PAY-B1', appliedOn: '2024-02-15' })];
      expect(fold(applied)).toMatchObject({ invoices: new Map([['INV-1', expect.objectContaining({ balance: 0 })]]) });
      givenAccount(applied).on('2024-02-16').withPolicy(TEST_POLICY).thenNothing();
      givenAccount([...history, unappliedCashRefunded({ amount: 10_000, refundedOn: '2024-02-15' })])
        .on('2024-02-16')
        .withPolicy(TEST_POLICY)
        .thenCommands([reminder('2024-02-16', 1, ['INV-1'])]);
    });

    it('names the reason for each invoice it holds back: cash_to_apply', () => {
      const account = fold([...overdue, cash(10_000)]);
      if (account.status !== 'active') throw new Error('an account');
      expect(suppressionOf(account, account.invoices.get('INV-1')!, TEST_POLICY, '2024-02-16')).toBe('cash_to_apply');
    });
  });

  describe('unidentified cash naming the customer as a candidate', () => {
    // Received 2024-02-14; TEST_POLICY pauses 5 days: 2024-02-14 to 2024-02-18.
    const waiting: CandidateCash = { paymentId: 'PAY-U1', amount: 10_000, currency: 'EUR', receivedOn: '2024-02-14' };

    it('given it waits, then the customer is not reminded within the grace days, and is the day after them', () => {
      for (const on of ['2024-02-16', '2024-02-18']) expect(typesPlanned(overdue, on, TEST_POLICY, [waiting])).toEqual([]);
      givenAccount(overdue)
        .on('2024-02-19')
        .withPolicy(TEST_POLICY, { unidentifiedCash: [waiting] })
        .thenCommands([reminder('2024-02-19', 1, ['INV-1'])]);
    });

    it('given it is assigned (to anyone) or refunded, then dunning resumes that day', () => {
      const assigned = { ...waiting, settledOn: '2024-02-17' };
      expect(typesPlanned(overdue, '2024-02-16', TEST_POLICY, [assigned])).toEqual([]);
      expect(typesPlanned(overdue, '2024-02-17', TEST_POLICY, [assigned])).toEqual(['SendReminder']);
      expect(typesPlanned(overdue, '2024-02-16', TEST_POLICY, [{ ...waiting, settledOn: '2024-02-16' }])).toEqual(['SendReminder']);
    });

    it('pauses whatever its currency and amount: every currency, a broken promise, an escalation', () => {
      const small: CandidateCash = { ...waiting, amount: 100, currency: 'USD' };
      expect(typesPlanned(overdue, '2024-02-16', TEST_POLICY, [small])).toEqual([]);
      const promised = [...overdue, promiseMade({ promisedFor: '2024-02-28' })];
      expect(typesPlanned(promised, '2024-03-03', TEST_POLICY, [{ ...small, receivedOn: '2024-02-20' }])).toEqual([
        'DeclarePromiseBroken',
        'SendReminder',
      ]);
      expect(typesPlanned(promised, '2024-03-03', TEST_POLICY, [{ ...small, receivedOn: '2024-03-01' }])).toEqual([]);
      const noticed = [...overdue, finalNoticeSent({ sentOn: '2024-03-30', referralOn: '2024-04-13' })];
      expect(typesPlanned(noticed, '2024-04-13', TEST_POLICY, [{ ...small, receivedOn: '2024-04-01' }])).toEqual(['ProposeEscalation']);
      expect(typesPlanned(noticed, '2024-04-13', TEST_POLICY, [{ ...small, receivedOn: '2024-04-12' }])).toEqual([]);
    });

    it('given it was received after the date planned for (a run catching up), then it does not pause that date', () => {
      expect(typesPlanned(overdue, '2024-02-16', TEST_POLICY, [{ ...waiting, receivedOn: '2024-02-17' }])).toEqual(['SendReminder']);
    });

    it('follows the policy: 0 days pause nothing, and a version without the setting pauses 5', () => {
      expect(typesPlanned(overdue, '2024-02-16', { ...TEST_POLICY, cashApplicationGraceDays: 0 }, [waiting])).toEqual(['SendReminder']);
      const { cashApplicationGraceDays, ...older } = TEST_POLICY;
      void cashApplicationGraceDays;
      expect(typesPlanned(overdue, '2024-02-18', older, [waiting])).toEqual([]);
      expect(typesPlanned(overdue, '2024-02-19', older, [waiting])).toEqual(['SendReminder']);
    });

    it('still records what happened: the invoice is marked overdue', () => {
      expect(typesPlanned([invoiceRegistered()], '2024-02-15', TEST_POLICY, [waiting])).toEqual(['MarkInvoiceOverdue']);
    });
  });

  describe('explainCollectionPlan', () => {
    it('given the cash rules held something back, then it says why and what', () => {
      const explained = explainCollectionPlan(fold([...overdue, cash(10_000)]), TEST_POLICY, '2024-02-16');
      expect(explained).toEqual({ commands: [], heldBack: { reason: 'cash_to_apply', commands: [reminder('2024-02-16', 1, ['INV-1'])] } });
      const waiting: CandidateCash = { paymentId: 'PAY-U1', amount: 10_000, currency: 'EUR', receivedOn: '2024-02-14' };
      expect(explainCollectionPlan(fold(overdue), TEST_POLICY, '2024-02-16', { unidentifiedCash: [waiting] }).heldBack?.reason).toBe(
        'unidentified_cash_waiting',
      );
    });

    it('given cash on account but nothing the policy would do, then nothing is held back', () => {
      const reminded = [
        ...overdue,
        reminderSent({ reminderId: 'R-1', invoiceIds: ['INV-1'], level: 1, sentOn: '2024-02-16' }),
        cash(10_000),
      ];
      expect(explainCollectionPlan(fold(reminded), TEST_POLICY, '2024-02-20')).toEqual({ commands: [] });
      expect(explainCollectionPlan(fold(overdue), TEST_POLICY, '2024-02-16')).toEqual({ commands: [reminder('2024-02-16', 1, ['INV-1'])] });
    });
  });
});
