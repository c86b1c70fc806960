import { initialState } from './account-state';
import { CollectionEvent } from './events';
import { evolve } from './evolve';
import {
  active,
  agencyRecallMade,
  callTaskScheduled,
  collectorAssigned,
  contactLogged,
  creditHoldLifted,
  creditHoldPlaced,
  creditLimitChangeRecommended,
  creditMemoIssued,
  deductionClaimed,
  disputeRaised,
  disputeResolved,
  escalationDeclined,
  escalationProposed,
  finalNoticeSent,
  fold,
  installmentMissed,
  installmentPaid,
  invoiceOverdue,
  invoiceRegistered,
  legalActionInitiated,
  paymentPlanAgreed,
  paymentReceived,
  postMortemRecorded,
  promiseBroken,
  promiseKept,
  promiseMade,
  recoveryReceived,
  referredToAgency,
  reminderSent,
  writtenOff,
} from './testing/decider-specification';

// What evolve does across the steps; each step's own events are specified next to it (steps/).

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();

describe('evolve', () => {
  it('starts from an empty account', () => {
    expect(initialState()).toEqual({ status: 'empty' });
    expect(fold([])).toEqual({ status: 'empty' });
  });

  it('records overdue, collector, reminders, notice, contact, hold, referral, legal action and post-mortem', () => {
    const account = active(
      fold([
        invoice,
        invoiceOverdue(),
        collectorAssigned(),
        reminderSent({ level: 2 }),
        reminderSent({ reminderId: 'R-2', level: 1, sentOn: '2024-02-20' }),
        finalNoticeSent(),
        contactLogged(),
        creditLimitChangeRecommended({ recommendedLimit: 1_000 }),
        creditHoldPlaced(),
        referredToAgency(),
        agencyRecallMade(),
        legalActionInitiated(),
        writtenOff(),
        postMortemRecorded(),
      ]),
    );
    expect(account.invoices.get('INV-1')?.overdueOn).toBe('2024-02-10');
    expect(account.collectorId).toBe('alice');
    expect(account.highestReminderLevel).toBe(2);
    expect(account.lastReminderOn).toBe('2024-02-20');
    expect(account.finalNotice).toEqual({ sentOn: '2024-03-15', referralOn: '2024-03-29' });
    expect(account.lastContactOn).toBe('2024-02-16');
    expect(account.creditLimitRecommendation).toEqual({ recommendedLimit: 1_000, currency: 'EUR', recommendedOn: '2024-03-05' });
    expect(account.creditHold).toEqual({ reason: 'Referred to agency', placedOn: '2024-04-01' });
    expect(account.agencyReferrals.get('AG-1')).toMatchObject({ status: 'recalled', recalledOn: '2024-04-15' });
    expect(account.legalActions.get('LA-1')).toMatchObject({ court: 'Vilnius District Court', smallClaims: true });
    expect(account.postMortems.get('PM-1')).toEqual({ postMortemId: 'PM-1', rootCause: 'credit_risk_misjudged', recordedOn: '2024-06-15' });
    expect([...account.usedIds].sort()).toEqual([
      'contact:C-1',
      'credit-limit-recommendation:CL-1',
      'notice:FN-1',
      'reminder:R-1',
      'reminder:R-2',
    ]);
    expect(active(evolve(account, creditHoldLifted())).creditHold).toBeUndefined();
  });

  it('records call tasks and proposals and reserves their ids', () => {
    const account = active(fold([invoice, callTaskScheduled({ reason: 'high_value_follow_up', level: undefined }), escalationProposed()]));
    expect(account.callTasks.get('CT-1')).toMatchObject({ reason: 'high_value_follow_up', collectorId: 'alice', dueOn: '2024-02-20' });
    expect(account.dunning.size).toBe(0);
    expect(account.escalationProposals.get('ESC-1')).toEqual({
      proposalId: 'ESC-1',
      kind: 'agency_referral',
      invoiceIds: ['INV-1'],
      proposedOn: '2024-05-17',
      status: 'pending',
    });
    expect([...account.usedIds].sort()).toEqual(['call-task:CT-1', 'escalation:ESC-1']);
  });

  it('marks a proposal declined, or accepted by the referral or write-off that names it', () => {
    const proposed = [invoice, escalationProposed(), escalationProposed({ proposalId: 'ESC-2', kind: 'write_off' })];
    const declined = active(fold([...proposed, escalationDeclined()]));
    expect(declined.escalationProposals.get('ESC-1')?.status).toBe('declined');
    expect(declined.escalationProposals.get('ESC-2')?.status).toBe('pending');
    const accepted = active(
      fold([...proposed, referredToAgency({ proposalId: 'ESC-1' }), writtenOff({ proposalId: 'ESC-2', writtenOffOn: '2024-05-18' })]),
    );
    expect(accepted.escalationProposals.get('ESC-1')?.status).toBe('accepted');
    expect(accepted.escalationProposals.get('ESC-2')?.status).toBe('accepted');
  });

  it('does not change the state it is given', () => {
    const before = fold([invoice, promiseMade(), paymentPlanAgreed()]);
    const snapshot = active(before);
    const invoices = new Map(snapshot.invoices);
    evolve(before, paymentReceived({ amount: 5_000, receivedOn: '2024-02-28' }));
    expect(snapshot.invoices).toEqual(invoices);
    expect(snapshot.promises.get('PR-1')?.paid).toBe(0);
    expect(snapshot.paymentPlans.get('PL-1')?.paid).toBe(0);
    expect(snapshot.usedIds.size).toBe(0);
  });

  const everyEvent: CollectionEvent[] = [
    invoiceRegistered(),
    paymentReceived(),
    creditMemoIssued(),
    invoiceOverdue(),
    collectorAssigned(),
    deductionClaimed(),
    disputeRaised(),
    disputeResolved(),
    reminderSent(),
    finalNoticeSent(),
    contactLogged(),
    promiseMade(),
    promiseKept(),
    promiseBroken(),
    paymentPlanAgreed(),
    installmentPaid(),
    installmentMissed(),
    creditLimitChangeRecommended(),
    creditHoldPlaced(),
    creditHoldLifted(),
    referredToAgency(),
    agencyRecallMade(),
    legalActionInitiated(),
    writtenOff(),
    recoveryReceived(),
    postMortemRecorded(),
  ];

  it('has a builder for every event type', () => {
    expect(new Set(everyEvent.map((event) => event.type)).size).toBe(26);
  });

  it.each(everyEvent.map((event) => [event.type, event] as const))('never throws on %s, even on the empty state', (_type, event) => {
    expect(() => evolve(initialState(), event)).not.toThrow();
  });

  const creations = ['InvoiceRegistered', 'PromiseMade', 'PaymentPlanAgreed'];
  it.each(everyEvent.filter((event) => !creations.includes(event.type)).map((event) => [event.type, event] as const))(
    'leaves invoices and arrangements alone when %s names ids the account does not have',
    (_type, event) => {
      const state = fold([
        invoiceRegistered({ invoiceId: 'OTHER' }),
        promiseMade({ promiseId: 'OTHER', invoiceIds: ['OTHER'] }),
        paymentPlanAgreed({ planId: 'OTHER', invoiceIds: ['OTHER'] }),
      ]);
      const before = active(state);
      const after = active(evolve(state, event));
      expect(after.invoices).toEqual(before.invoices);
      expect(after.promises).toEqual(before.promises);
      expect(after.paymentPlans).toEqual(before.paymentPlans);
    },
  );

  it('ignores an event type it does not know', () => {
    const state = fold([invoice]);
    const unknown = { type: 'InvoiceRenamed', data: { invoiceId: 'INV-1' } } as unknown as CollectionEvent;
    expect(evolve(state, unknown)).toEqual(state);
  });
});

describe('evolve on a stream that does not start with an invoice', () => {
  it('ignores the event rather than opening an account', () => {
    expect(evolve(initialState(), paymentReceived())).toEqual(initialState());
  });
});
