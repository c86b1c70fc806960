import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CollectionCommand, CollectionCommandType } from './commands';
import { decide } from './decide';
import { DomainError, DomainErrorCode } from './errors';
import {
  CALL_TASK_REASONS,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  CollectionEvent,
  DISPUTE_CATEGORIES,
  ESCALATION_KINDS,
  REMINDER_CHANNELS,
  ROOT_CAUSES,
} from './events';
import { AccountState, initialState } from './account-state';
import { evolve } from './evolve';
import { fold } from './testing/decider-specification';

/**
 * Random command sequences against the decider. The pools are small on purpose: a handful of
 * invoice ids, amounts that divide each other, dates a few weeks apart and two currencies, so
 * that many commands are accepted (payments that exactly settle, plans that add up) and many
 * are refused (unknown ids, overpayments, wrong currency, dates out of order). Short scenarios
 * (a plan, then payments, then its installments) mixed in among single commands take the
 * sequences into deep states.
 */

const INVOICE_IDS = ['INV-1', 'INV-2', 'INV-3'];
const DATES = ['2024-01-01', '2024-01-10', '2024-02-01', '2024-02-09', '2024-02-10', '2024-03-01', '2024-04-01', '2024-06-01'];
const AMOUNTS = [0, 1, 1_000, 2_500, 5_000, 10_000];

/** Mostly `usual`, now and then `odd`: keeps most commands plausible while still probing the guards. */
function mostly<T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 9 }, { arbitrary: odd, weight: 1 });
}

const invoiceId = mostly(fc.constantFrom(...INVOICE_IDS), fc.constant('INV-9'));
const invoiceIds = mostly(
  fc.subarray(INVOICE_IDS, { minLength: 1 }),
  fc.constantFrom<string[]>([], ['INV-9'], ['INV-1', 'INV-1'], ['INV-2', 'INV-9']),
);
const id = fc.constantFrom('A', 'B');
const date = fc.constantFrom(...DATES);
const amount = fc.constantFrom(...AMOUNTS);
const currency = mostly(fc.constant('EUR'), fc.constant('USD'));
const text = fc.constantFrom('x', 'y');

type CommandOf<T extends CollectionCommandType> = Extract<CollectionCommand, { type: T }>;

function command<T extends CollectionCommandType>(type: T, data: fc.Arbitrary<CommandOf<T>['data']>): fc.Arbitrary<CommandOf<T>> {
  return data.map((value) => ({ type, data: value }) as CommandOf<T>);
}

/** Cash spread over invoices: mostly one or two of them, now and then the same one twice or none. */
const allocations = mostly(
  fc.uniqueArray(fc.record({ invoiceId: fc.constantFrom(...INVOICE_IDS), amount }), {
    minLength: 1,
    maxLength: 2,
    selector: ({ invoiceId }) => invoiceId,
  }),
  fc.constantFrom<{ invoiceId: string; amount: number }[]>(
    [],
    [
      { invoiceId: 'INV-1', amount: 1_000 },
      { invoiceId: 'INV-1', amount: 1_000 },
    ],
  ),
);

/** Two dates, mostly in order (a promise made, then due; a notice sent, then its referral date). */
const datePair = mostly(
  fc.tuple(date, date).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
  fc.tuple(date, date),
);

const invoice = (invoiceId: fc.Arbitrary<string>, dueOn: fc.Arbitrary<string>) =>
  command(
    'RegisterInvoice',
    fc.record({
      invoiceId,
      amount: mostly(fc.constant(10_000), fc.constantFrom(1_000, 5_000)),
      currency,
      issuedOn: fc.constantFrom('2024-01-01', '2024-01-10'),
      dueOn,
    }),
  );

/** The account opens with INV-1..3, so later commands mostly name invoices that exist. */
const opening = fc.tuple(
  ...INVOICE_IDS.map((invoiceId) => invoice(fc.constant(invoiceId), fc.constantFrom('2024-01-10', '2024-02-01', '2024-02-09'))),
);

/**
 * A plan agreed on one date with 1..3 installments due on later ones, splitting a round total (it
 * must match the open balance of the plan's invoices to be accepted); now and then misnumbered.
 */
const paymentPlan = fc
  .record({
    planId: id,
    invoiceIds: mostly(
      invoiceId.map((one) => [one]),
      invoiceIds,
    ),
    currency,
    total: mostly(fc.constant(10_000), fc.constantFrom(5_000, 7_500, 20_000)),
    dates: fc.subarray(DATES.slice(1), { minLength: 2, maxLength: 4 }),
    misnumbered: mostly(fc.constant(false), fc.constant(true)),
    interestRateBasisPoints: mostly(fc.constantFrom(0, 500), fc.constant(-1)),
    guarantors: fc.subarray(['J. Doe', 'A. Doe']),
  })
  .map(({ total, dates: [agreedOn, ...dueDates], misnumbered, ...data }) => {
    const part = Math.floor(total / dueDates.length);
    const installments = dueDates.map((dueOn, index) => ({
      number: misnumbered ? index + 2 : index + 1,
      dueOn,
      amount: index === dueDates.length - 1 ? total - part * index : part,
    }));
    return { ...data, installments, agreedOn };
  });

/** One arbitrary per command type. */
const commands = {
  RegisterInvoice: invoice(invoiceId, fc.constantFrom('2024-01-05', '2024-02-09')),
  ReceivePayment: command(
    'ReceivePayment',
    fc.record({ paymentId: fc.constantFrom('P1', 'P2', 'P3', 'P4', 'P5', 'P6'), invoiceId, amount, currency, receivedOn: date }),
  ),
  IssueCreditMemo: command('IssueCreditMemo', fc.record({ creditMemoId: id, invoiceId, amount, currency, issuedOn: date, reason: text })),
  MarkInvoiceOverdue: command('MarkInvoiceOverdue', fc.record({ invoiceId, detectedOn: date })),
  AssignCollector: command('AssignCollector', fc.record({ collectorId: fc.constantFrom('alice', 'bob'), assignedOn: date })),
  ClaimDeduction: command('ClaimDeduction', fc.record({ deductionId: id, invoiceId, amount, currency, programme: text, claimedOn: date })),
  RaiseDispute: command(
    'RaiseDispute',
    fc.record({ disputeId: id, invoiceId, amount, currency, category: fc.constantFrom(...DISPUTE_CATEGORIES), raisedOn: date }),
  ),
  ResolveDispute: command(
    'ResolveDispute',
    mostly<CommandOf<'ResolveDispute'>['data']>(
      fc.oneof(
        fc.record({ disputeId: id, resolution: fc.constant('customer_liable' as const), resolvedOn: date }),
        fc.record({
          disputeId: id,
          resolution: fc.constant('credit_issued' as const),
          resolvedOn: date,
          credit: fc.record({ creditMemoId: id, amount }),
        }),
      ),
      fc.record({
        disputeId: id,
        resolution: fc.constantFrom('credit_issued' as const, 'customer_liable' as const),
        resolvedOn: date,
        credit: fc.option(fc.record({ creditMemoId: id, amount }), { nil: undefined }),
      }),
    ),
  ),
  SendReminder: command(
    'SendReminder',
    fc.record({
      reminderId: id,
      invoiceIds,
      level: mostly(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 1.5)),
      channel: fc.constantFrom(...REMINDER_CHANNELS),
      template: text,
      sentOn: date,
    }),
  ),
  SendFinalNotice: command(
    'SendFinalNotice',
    fc
      .record({ noticeId: id, invoiceIds, channel: fc.constantFrom(...REMINDER_CHANNELS), dates: datePair })
      .map(({ dates: [sentOn, referralOn], ...data }) => ({ ...data, sentOn, referralOn })),
  ),
  LogContact: command(
    'LogContact',
    fc.record({
      contactId: id,
      contactedOn: date,
      channel: fc.constantFrom(...CONTACT_CHANNELS),
      person: text,
      outcome: fc.constantFrom(...CONTACT_OUTCOMES),
    }),
  ),
  MakePromise: command(
    'MakePromise',
    fc
      .record({ promiseId: id, invoiceIds, amount, currency, dates: datePair })
      .map(({ dates: [madeOn, promisedFor], ...data }) => ({ ...data, madeOn, promisedFor })),
  ),
  ConfirmPromiseKept: command('ConfirmPromiseKept', fc.record({ promiseId: id, keptOn: date })),
  DeclarePromiseBroken: command('DeclarePromiseBroken', fc.record({ promiseId: id, brokenOn: date })),
  AgreePaymentPlan: command('AgreePaymentPlan', paymentPlan),
  ConfirmInstallmentPaid: command(
    'ConfirmInstallmentPaid',
    fc.record({ planId: id, installmentNumber: mostly(fc.integer({ min: 1, max: 3 }), fc.constant(0)), paidOn: date }),
  ),
  DeclareInstallmentMissed: command(
    'DeclareInstallmentMissed',
    fc.record({ planId: id, installmentNumber: mostly(fc.integer({ min: 1, max: 3 }), fc.constant(0)), detectedOn: date }),
  ),
  RecommendCreditLimitChange: command(
    'RecommendCreditLimitChange',
    fc.record({
      recommendationId: id,
      recommendedLimit: mostly(fc.constantFrom(0, 50_000), fc.constantFrom(-1, 2.5)),
      currency,
      reason: text,
      recommendedOn: date,
    }),
  ),
  PlaceCreditHold: command('PlaceCreditHold', fc.record({ reason: text, placedOn: date })),
  LiftCreditHold: command('LiftCreditHold', fc.record({ reason: text, liftedOn: date })),
  ReferToAgency: command(
    'ReferToAgency',
    fc.record(
      { referralId: id, agency: text, invoiceIds, reason: text, referredOn: date, proposalId: id },
      { requiredKeys: ['referralId', 'agency', 'invoiceIds', 'reason', 'referredOn'] },
    ),
  ),
  RecallFromAgency: command('RecallFromAgency', fc.record({ referralId: id, reason: text, recalledOn: date })),
  InitiateLegalAction: command(
    'InitiateLegalAction',
    fc.record({ caseId: id, invoiceIds, court: text, smallClaims: fc.boolean(), reason: text, initiatedOn: date }),
  ),
  WriteOff: command(
    'WriteOff',
    fc.record(
      { writeOffId: id, invoiceIds, reason: text, writtenOffOn: date, proposalId: id },
      { requiredKeys: ['writeOffId', 'invoiceIds', 'reason', 'writtenOffOn'] },
    ),
  ),
  ReceiveRecovery: command('ReceiveRecovery', fc.record({ recoveryId: id, invoiceId, amount, currency, receivedOn: date })),
  RecordPostMortem: command(
    'RecordPostMortem',
    fc.record({
      postMortemId: id,
      rootCause: fc.constantFrom(...ROOT_CAUSES),
      summary: text,
      actionItems: fc.array(fc.record({ description: text, owner: text, dueOn: date }), { maxLength: 2 }),
      recordedOn: date,
    }),
  ),
  ScheduleCallTask: command(
    'ScheduleCallTask',
    fc.record(
      {
        taskId: id,
        reason: fc.constantFrom(...CALL_TASK_REASONS),
        invoiceIds,
        collectorId: fc.constantFrom('alice', 'bob'),
        dueOn: date,
        scheduledOn: date,
        level: fc.constantFrom(0, 1, 2),
        promiseId: id,
        planId: id,
        installmentNumber: fc.constantFrom(1, 2, 5),
      },
      { requiredKeys: ['taskId', 'reason', 'invoiceIds', 'dueOn', 'scheduledOn'] },
    ),
  ),
  ProposeEscalation: command(
    'ProposeEscalation',
    fc.record({ proposalId: id, kind: fc.constantFrom(...ESCALATION_KINDS), invoiceIds, reason: text, proposedOn: date }),
  ),
  DeclineEscalation: command('DeclineEscalation', fc.record({ proposalId: id, reason: text, declinedOn: date })),
  ReceiveCash: command(
    'ReceiveCash',
    fc.record(
      {
        paymentId: id,
        amount: mostly(fc.constantFrom(5_000, 15_000, 30_000), amount),
        currency,
        receivedOn: date,
        application: fc.record({ applicationId: id, allocations, rule: fc.constant('exact-amount' as const) }),
        learnPayerAccount: fc.boolean(),
        payer: fc.record({ account: fc.constantFrom('LT121000011101001000', 'DE89370400440532013000') }),
      },
      { requiredKeys: ['paymentId', 'amount', 'currency', 'receivedOn'] },
    ),
  ),
  ApplyCash: command('ApplyCash', fc.record({ paymentId: id, applicationId: id, allocations, appliedOn: date })),
  UnapplyCash: command('UnapplyCash', fc.record({ paymentId: id, applicationId: id, unappliedOn: date, reason: text })),
  RefundCash: command('RefundCash', fc.record({ paymentId: id, refundId: id, amount, refundedOn: date, reason: text })),
  RecordPayerAccount: command(
    'RecordPayerAccount',
    fc.record({ account: fc.constantFrom('LT121000011101001000', 'DE89370400440532013000'), recordedOn: date }),
  ),
  AssignDispute: command(
    'AssignDispute',
    fc.record({ disputeId: id, ownerTeam: fc.constantFrom('sales', 'logistics'), targetOn: date, assignedOn: date }),
  ),
  RemindDisputeOwner: command('RemindDisputeOwner', fc.record({ disputeId: id, remindedOn: date })),
  ReportPayment: command(
    'ReportPayment',
    fc.record({ reportId: id, invoiceIds: fc.subarray([...INVOICE_IDS]), amount, currency, paidOn: date, reportedOn: date }),
  ),
  RecordReply: command(
    'RecordReply',
    fc.record({
      replyId: id,
      kind: fc.constantFrom('reply' as const, 'auto_reply' as const, 'bounce' as const),
      from: fc.constant('ap@customer.example'),
      subject: text,
      receivedAt: fc.constant('2024-02-15T09:30:00.000Z'),
      receivedOn: date,
      attachments: fc.constant([]),
      text,
    }),
  ),
  HandleReply: command('HandleReply', fc.record({ replyId: id, handledOn: date })),
  RequestFreshLink: command('RequestFreshLink', fc.record({ requestId: id, letterId: fc.constant('L-1'), requestedOn: date })),
  RevokeCustomerLink: command('RevokeCustomerLink', fc.record({ letterId: fc.constantFrom('L-1', 'L-2'), revokedOn: date })),
} satisfies { [T in CollectionCommandType]: fc.Arbitrary<CommandOf<T>> };

function withData<C extends CollectionCommand>(cmd: C, data: Partial<C['data']>): C {
  return { ...cmd, data: { ...cmd.data, ...data } };
}

/**
 * Short scenarios that follow one arrangement through its life (the later commands name the
 * id the first one created), so that deep states are reached: installments confirmed or
 * missed, promises kept or broken, disputes resolved, referrals recalled, recoveries received.
 * Every value in them is still drawn from the same pools, so they are refused often enough too.
 */
const scenario: fc.Arbitrary<CollectionCommand[]> = fc.oneof(
  fc
    .tuple(
      commands.AgreePaymentPlan,
      fc.array(commands.ReceivePayment, { maxLength: 3 }),
      fc.array(fc.oneof(commands.ConfirmInstallmentPaid, commands.DeclareInstallmentMissed), { minLength: 1, maxLength: 3 }),
    )
    .map(([plan, payments, steps]) => [
      plan,
      ...payments.map((payment) => withData(payment, { invoiceId: plan.data.invoiceIds[0] ?? 'INV-9' })),
      ...steps.map((step) => withData(step, { planId: plan.data.planId })),
    ]),
  fc
    .tuple(
      commands.MakePromise,
      fc.array(commands.ReceivePayment, { maxLength: 2 }),
      fc.oneof(commands.ConfirmPromiseKept, commands.DeclarePromiseBroken),
    )
    .map(([promise, payments, outcome]) => [
      promise,
      ...payments.map((payment) => withData(payment, { invoiceId: promise.data.invoiceIds[0] ?? 'INV-9' })),
      withData(outcome, { promiseId: promise.data.promiseId }),
    ]),
  fc
    .tuple(
      fc.oneof(commands.RaiseDispute, commands.ClaimDeduction),
      fc.array(commands.ReceivePayment, { maxLength: 2 }),
      commands.ResolveDispute,
    )
    .map(([raised, payments, resolve]) => [
      raised,
      ...payments.map((payment) => withData(payment, { invoiceId: raised.data.invoiceId })),
      withData(resolve, { disputeId: raised.type === 'RaiseDispute' ? raised.data.disputeId : raised.data.deductionId }),
    ]),
  // A dispute routed to its owner, who is reminded once it is past its target date.
  fc
    .tuple(commands.RaiseDispute, commands.AssignDispute, commands.RemindDisputeOwner)
    .map(([raised, assign, remind]) => [
      withData(raised, { raisedOn: '2024-02-01' }),
      withData(assign, { disputeId: raised.data.disputeId, assignedOn: '2024-02-01', targetOn: '2024-02-09' }),
      withData(remind, { disputeId: raised.data.disputeId, remindedOn: '2024-02-10' }),
    ]),
  fc
    .tuple(commands.ProposeEscalation, fc.oneof(commands.ReferToAgency, commands.WriteOff, commands.DeclineEscalation))
    .map(([proposal, decision]) => [proposal, withData(decision, { proposalId: proposal.data.proposalId })]),
  fc
    .tuple(
      commands.ReceiveCash,
      fc.array(fc.oneof(commands.ApplyCash, commands.UnapplyCash, commands.RefundCash, commands.WriteOff), { minLength: 1, maxLength: 4 }),
    )
    .map(([cash, steps]) => [
      cash,
      ...steps.map((step) => (step.type === 'WriteOff' ? step : withData(step, { paymentId: cash.data.paymentId }))),
    ]),
  fc
    .tuple(commands.ReferToAgency, commands.RecallFromAgency)
    .map(([referral, recall]) => [referral, withData(recall, { referralId: referral.data.referralId })]),
  fc
    .tuple(
      commands.WriteOff,
      fc.array(commands.ReceiveRecovery, { maxLength: 2 }),
      fc.option(commands.RecordPostMortem, { nil: undefined }),
    )
    .map(([writeOff, recoveries, postMortem]) => [writeOff, ...recoveries, ...(postMortem ? [postMortem] : [])]),
);

/**
 * Any single command. Payments come more often (they are what moves balances); write-offs come
 * only inside their scenario, as on their own they would settle most sequences early.
 */
const anyCommand: fc.Arbitrary<CollectionCommand> = fc.oneof(
  ...Object.values(commands)
    .filter((arbitrary) => arbitrary !== commands.WriteOff)
    .map((arbitrary) => ({
      arbitrary: arbitrary as fc.Arbitrary<CollectionCommand>,
      weight: arbitrary === commands.ReceivePayment ? 4 : 1,
    })),
);

/** An account opened by three invoices, then single commands and scenarios in any order. */
const commandSequence = fc
  .tuple(
    opening,
    fc.array(fc.oneof({ arbitrary: anyCommand.map((one) => [one]), weight: 4 }, { arbitrary: scenario, weight: 1 }), {
      minLength: 5,
      maxLength: 35,
      size: 'max',
    }),
  )
  .map(([first, rest]) => [...first, ...rest.flat()]);

/** The state as a string (Maps and Sets spelled out), to prove decide and evolve leave their input alone. */
function snapshot(state: AccountState): string {
  return JSON.stringify(state, (_key, value: unknown) =>
    value instanceof Map ? { map: [...value.entries()] } : value instanceof Set ? { set: [...value] } : value,
  );
}

function checkInvariants(state: AccountState): void {
  if (state.status !== 'active') return;
  for (const invoice of state.invoices.values()) {
    const { invoiceId, amount, paid, credited, writtenOff, recovered, balance } = invoice;
    // (a) no balance below zero, and the balance is exactly what was not settled of the amount.
    assert.ok(balance >= 0, `${invoiceId}: balance ${balance} is negative`);
    assert.equal(balance, amount - paid - credited - writtenOff, `${invoiceId}: balance ≠ amount − paid − credited − written off`);
    assert.ok(recovered >= 0 && recovered <= writtenOff, `${invoiceId}: recovered ${recovered} of ${writtenOff} written off`);
  }
  // Cash: never more applied and refunded than received, and what is applied is what its live applications allocate.
  for (const cash of state.cash.values()) {
    const { paymentId, amount, applied, refunded, unapplied } = cash;
    assert.ok(applied >= 0 && refunded >= 0, `${paymentId}: applied ${applied}, refunded ${refunded}`);
    assert.equal(unapplied, amount - applied - refunded, `${paymentId}: unapplied ≠ amount − applied − refunded`);
    assert.ok(unapplied >= 0, `${paymentId}: more applied and refunded than received`);
    const live = [...cash.applications.values()].filter(({ status }) => status === 'applied');
    assert.equal(
      applied,
      live.flatMap(({ allocations }) => allocations).reduce((sum, { amount }) => sum + amount, 0),
    );
  }
  // The overlap rules: one open promise, one current plan, one active referral, one legal case per invoice.
  const overlaps = (kind: string, lists: (readonly string[])[]) => {
    const all = lists.flat();
    assert.equal(new Set(all).size, all.length, `an invoice is in two ${kind}`);
  };
  overlaps(
    'open promises',
    [...state.promises.values()].filter((p) => p.status === 'open').map((p) => p.invoiceIds),
  );
  overlaps(
    'current plans',
    [...state.paymentPlans.values()].filter((p) => p.status === 'current').map((p) => p.invoiceIds),
  );
  overlaps(
    'agency referrals',
    [...state.agencyReferrals.values()].filter((r) => r.status === 'active').map((r) => r.invoiceIds),
  );
  overlaps(
    'legal cases',
    [...state.legalActions.values()].map((a) => a.invoiceIds),
  );
}

interface Outcome {
  accepted: CollectionCommandType[];
  refused: CollectionCommandType[];
}

type Attempt = { events: CollectionEvent[] } | { refused: DomainErrorCode };

function attempt(cmd: CollectionCommand, state: AccountState): Attempt {
  try {
    return { events: decide(cmd, state) };
  } catch (error) {
    if (error instanceof DomainError) return { refused: error.code };
    throw error;
  }
}

/**
 * Runs the commands through decide and evolve, checking every property on the way. The checks
 * use node's assert rather than jest's expect: they run tens of thousands of times.
 */
function run(sequence: CollectionCommand[]): Outcome {
  const outcome: Outcome = { accepted: [], refused: [] };
  const produced: CollectionEvent[] = [];
  let state = initialState();
  // Every state the run went through, as it was when created: decide and evolve must never change one.
  const history = [{ state, was: snapshot(state) }];
  for (const cmd of sequence) {
    const first = attempt(cmd, state);
    // (c) same state + same command → the same events, or the same refusal.
    assert.deepStrictEqual(attempt(cmd, state), first, `decide is not deterministic for ${JSON.stringify(cmd)}`);
    if ('refused' in first) {
      outcome.refused.push(cmd.type);
      continue;
    }
    assert.ok(first.events.length > 0, `${cmd.type} was accepted but recorded nothing`);
    // (b) evolve accepts whatever decide produced: a throw here fails the property.
    for (const event of first.events) {
      state = evolve(state, event);
      history.push({ state, was: snapshot(state) });
    }
    produced.push(...first.events);
    outcome.accepted.push(cmd.type);
    checkInvariants(state);
  }
  // (d) replaying the whole stream from scratch lands on the same state as the incremental fold.
  assert.deepStrictEqual(fold(produced), state, 'folding the stream from scratch gives another state');
  history.forEach(({ state: earlier, was }, index) =>
    assert.equal(snapshot(earlier), was, `state #${index} was changed after it was created: decide and evolve must be pure`),
  );
  return outcome;
}

describe('the collection-account decider, on random command sequences', () => {
  it('keeps balances consistent, evolves what it decides, is deterministic, and replays to the same state', () => {
    const accepted = new Set<CollectionCommandType>();
    const refused = new Set<CollectionCommandType>();
    fc.assert(
      fc.property(commandSequence, (sequence) => {
        const outcome = run(sequence);
        outcome.accepted.forEach((type) => accepted.add(type));
        outcome.refused.forEach((type) => refused.add(type));
      }),
      { numRuns: 1000 },
    );
    // The properties only mean something if the sequences reach deep states: every command type
    // was accepted somewhere, and every one was refused somewhere.
    const everyType = Object.keys(commands).sort();
    expect([...accepted].sort()).toEqual(everyType);
    expect([...refused].sort()).toEqual(everyType);
  });
});
