/**
 * fast-check arbitraries of every domain event type, with every optional field sometimes
 * present (jest only; not exported from the library). Typed per event type, so an event type
 * added to or changed in the domain does not compile here until it has an arbitrary.
 */
import fc from 'fast-check';
import {
  CALL_TASK_REASONS,
  CASH_APPLICATION_RULES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  CollectionEvent,
  CollectionEventType,
  DISPUTE_CATEGORIES,
  DISPUTE_RESOLUTIONS,
  ESCALATION_KINDS,
  REMINDER_CHANNELS,
  REPLY_KINDS,
  ROOT_CAUSES,
  UNIDENTIFIED_CASH_EVENT_TYPES,
  UnidentifiedCashEvent,
  addDays,
} from '@collections/domain';
import { PUBLISHED_EVENT_TYPES, PublishedEvent } from '../published-events';

type EventOf<Type extends CollectionEventType> = Extract<CollectionEvent, { type: Type }>;

const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,30}$/);
const ids = fc.array(id, { minLength: 1, maxLength: 4 });
const amount = fc.maxSafeNat();
const currency = fc.constantFrom('EUR', 'USD', 'JPY', 'GBP');
const date = fc.integer({ min: 0, max: 20 * 366 }).map((days) => addDays('2015-01-01', days));
/** Anything people type: any text, including markup, quotes and newlines. */
const text = fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' });
/** An IBAN's electronic form (the shape only: the check digits are not computed). */
const iban = fc.stringMatching(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/);
const payer = fc.record({ name: text, account: iban }, { requiredKeys: [] });
const allocations = fc.array(fc.record({ invoiceId: id, amount }), { minLength: 1, maxLength: 4 });
/** What a bank statement says of a payment beside its amount and date, every part of it sometimes missing. */
const bankDetails = fc.record({ valueOn: date, payer, remittance: text, bankReference: id }, { requiredKeys: [] });
const installments = fc
  .array(fc.record({ dueOn: date, amount: fc.integer({ min: 1, max: 1e9 }) }), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map((part, index) => ({ number: index + 1, ...part })));

const event = <Type extends CollectionEventType>(type: Type, data: fc.Arbitrary<EventOf<Type>['data']>): fc.Arbitrary<EventOf<Type>> =>
  data.map((value) => ({ type, data: value }) as EventOf<Type>);

export const EVENT_ARBITRARIES: { [Type in CollectionEventType]: fc.Arbitrary<EventOf<Type>> } = {
  InvoiceRegistered: event('InvoiceRegistered', fc.record({ invoiceId: id, amount, currency, issuedOn: date, dueOn: date })),
  PaymentReceived: event('PaymentReceived', fc.record({ paymentId: id, invoiceId: id, amount, currency, receivedOn: date })),
  CreditMemoIssued: event(
    'CreditMemoIssued',
    fc.record(
      { creditMemoId: id, invoiceId: id, amount, currency, issuedOn: date, reason: text, disputeId: id },
      { requiredKeys: ['creditMemoId', 'invoiceId', 'amount', 'currency', 'issuedOn', 'reason'] },
    ),
  ),
  UnappliedCashReceived: event(
    'UnappliedCashReceived',
    fc
      .tuple(fc.record({ paymentId: id, amount, currency, receivedOn: date }), bankDetails)
      .map(([received, details]) => ({ ...received, ...details })),
  ),
  CashApplied: event(
    'CashApplied',
    fc.record({
      paymentId: id,
      applicationId: id,
      allocations,
      currency,
      appliedOn: date,
      rule: fc.constantFrom(...CASH_APPLICATION_RULES),
    }),
  ),
  CashUnapplied: event(
    'CashUnapplied',
    fc.record({ paymentId: id, applicationId: id, allocations, currency, unappliedOn: date, reason: text }),
  ),
  UnappliedCashRefunded: event(
    'UnappliedCashRefunded',
    fc.record({ paymentId: id, refundId: id, amount, currency, refundedOn: date, reason: text }),
  ),
  PayerAccountRecorded: event(
    'PayerAccountRecorded',
    fc.record({ account: iban, recordedOn: date, source: fc.constantFrom('payment' as const, 'person' as const) }),
  ),
  InvoiceOverdue: event('InvoiceOverdue', fc.record({ invoiceId: id, dueOn: date, detectedOn: date, balance: amount, currency })),
  CollectorAssigned: event('CollectorAssigned', fc.record({ collectorId: id, assignedOn: date })),
  DeductionClaimed: event(
    'DeductionClaimed',
    fc.record({ deductionId: id, invoiceId: id, amount, currency, programme: text, claimedOn: date }),
  ),
  DisputeRaised: event(
    'DisputeRaised',
    fc.record(
      {
        disputeId: id,
        invoiceId: id,
        amount,
        currency,
        category: fc.constantFrom(...DISPUTE_CATEGORIES),
        description: text,
        raisedOn: date,
      },
      { requiredKeys: ['disputeId', 'invoiceId', 'amount', 'currency', 'category', 'raisedOn'] },
    ),
  ),
  DisputeResolved: event(
    'DisputeResolved',
    fc.record(
      { disputeId: id, invoiceId: id, resolution: fc.constantFrom(...DISPUTE_RESOLUTIONS), resolvedOn: date, note: text },
      { requiredKeys: ['disputeId', 'invoiceId', 'resolution', 'resolvedOn'] },
    ),
  ),
  DisputeAssigned: event(
    'DisputeAssigned',
    fc.record(
      { disputeId: id, invoiceId: id, ownerTeam: id, ownerId: id, targetOn: date, assignedOn: date },
      { requiredKeys: ['disputeId', 'invoiceId', 'ownerTeam', 'targetOn', 'assignedOn'] },
    ),
  ),
  DisputeOwnerReminded: event(
    'DisputeOwnerReminded',
    fc.record(
      { disputeId: id, invoiceId: id, ownerTeam: id, ownerId: id, targetOn: date, remindedOn: date },
      { requiredKeys: ['disputeId', 'invoiceId', 'ownerTeam', 'targetOn', 'remindedOn'] },
    ),
  ),
  PaymentReported: event(
    'PaymentReported',
    fc.record(
      { reportId: id, invoiceIds: fc.array(id, { maxLength: 4 }), amount, currency, paidOn: date, reference: text, reportedOn: date },
      { requiredKeys: ['reportId', 'invoiceIds', 'amount', 'currency', 'paidOn', 'reportedOn'] },
    ),
  ),
  CustomerReplied: event(
    'CustomerReplied',
    fc.record(
      {
        replyId: id,
        kind: fc.constantFrom(...REPLY_KINDS),
        letterId: id,
        from: text,
        subject: text,
        receivedAt: fc.date({ min: new Date('2015-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
        receivedOn: date,
        attachments: fc.array(
          fc.record({ name: text, size: fc.nat(), contentType: fc.constant('application/pdf') }, { requiredKeys: ['name', 'size'] }),
          {
            maxLength: 3,
          },
        ),
        text,
      },
      { requiredKeys: ['replyId', 'kind', 'from', 'subject', 'receivedAt', 'receivedOn', 'attachments', 'text'] },
    ),
  ),
  ReplyHandled: event('ReplyHandled', fc.record({ replyId: id, handledOn: date, note: text }, { requiredKeys: ['replyId', 'handledOn'] })),
  FreshLinkRequested: event('FreshLinkRequested', fc.record({ requestId: id, letterId: id, requestedOn: date })),
  CustomerLinkRevoked: event(
    'CustomerLinkRevoked',
    fc.record({ letterId: id, revokedOn: date, reason: text }, { requiredKeys: ['letterId', 'revokedOn'] }),
  ),
  ReminderSent: event(
    'ReminderSent',
    fc.record({
      reminderId: id,
      invoiceIds: ids,
      level: fc.integer({ min: 1, max: 99 }),
      channel: fc.constantFrom(...REMINDER_CHANNELS),
      template: text,
      sentOn: date,
    }),
  ),
  FinalNoticeSent: event(
    'FinalNoticeSent',
    fc.record({ noticeId: id, invoiceIds: ids, channel: fc.constantFrom(...REMINDER_CHANNELS), sentOn: date, referralOn: date }),
  ),
  ContactLogged: event(
    'ContactLogged',
    fc.record(
      {
        contactId: id,
        contactedOn: date,
        channel: fc.constantFrom(...CONTACT_CHANNELS),
        person: text,
        outcome: fc.constantFrom(...CONTACT_OUTCOMES),
        reasonForLateness: text,
        notes: text,
      },
      { requiredKeys: ['contactId', 'contactedOn', 'channel', 'person', 'outcome'] },
    ),
  ),
  PromiseMade: event('PromiseMade', fc.record({ promiseId: id, invoiceIds: ids, amount, currency, promisedFor: date, madeOn: date })),
  PromiseKept: event('PromiseKept', fc.record({ promiseId: id, keptOn: date, amountPaid: amount, currency })),
  PromiseBroken: event('PromiseBroken', fc.record({ promiseId: id, brokenOn: date, amountPaid: amount, shortfall: amount, currency })),
  PaymentPlanAgreed: event(
    'PaymentPlanAgreed',
    fc.record(
      {
        planId: id,
        invoiceIds: ids,
        currency,
        installments,
        interestRateBasisPoints: fc.integer({ min: 0, max: 100_000 }),
        guarantors: fc.array(text, { maxLength: 3 }),
        terms: text,
        agreedOn: date,
      },
      { requiredKeys: ['planId', 'invoiceIds', 'currency', 'installments', 'interestRateBasisPoints', 'guarantors', 'agreedOn'] },
    ),
  ),
  InstallmentPaid: event('InstallmentPaid', fc.record({ planId: id, installmentNumber: fc.integer({ min: 1, max: 120 }), paidOn: date })),
  InstallmentMissed: event(
    'InstallmentMissed',
    fc.record({
      planId: id,
      installmentNumber: fc.integer({ min: 1, max: 120 }),
      dueOn: date,
      detectedOn: date,
      shortfall: amount,
      currency,
    }),
  ),
  CreditLimitChangeRecommended: event(
    'CreditLimitChangeRecommended',
    fc.record({ recommendationId: id, recommendedLimit: amount, currency, reason: text, recommendedOn: date }),
  ),
  CreditHoldPlaced: event('CreditHoldPlaced', fc.record({ reason: text, placedOn: date })),
  CreditHoldLifted: event('CreditHoldLifted', fc.record({ reason: text, liftedOn: date })),
  ReferredToAgency: event(
    'ReferredToAgency',
    fc.record(
      { referralId: id, agency: text, invoiceIds: ids, reason: text, referredOn: date, proposalId: id },
      { requiredKeys: ['referralId', 'agency', 'invoiceIds', 'reason', 'referredOn'] },
    ),
  ),
  AgencyRecallMade: event('AgencyRecallMade', fc.record({ referralId: id, reason: text, recalledOn: date })),
  LegalActionInitiated: event(
    'LegalActionInitiated',
    fc.record(
      { caseId: id, invoiceIds: ids, court: text, smallClaims: fc.boolean(), counsel: text, reason: text, initiatedOn: date },
      { requiredKeys: ['caseId', 'invoiceIds', 'court', 'smallClaims', 'reason', 'initiatedOn'] },
    ),
  ),
  WrittenOff: event(
    'WrittenOff',
    fc.record(
      {
        writeOffId: id,
        invoices: fc.array(fc.record({ invoiceId: id, amount, currency }), { minLength: 1, maxLength: 4 }),
        reason: text,
        writtenOffOn: date,
        proposalId: id,
      },
      { requiredKeys: ['writeOffId', 'invoices', 'reason', 'writtenOffOn'] },
    ),
  ),
  RecoveryReceived: event('RecoveryReceived', fc.record({ recoveryId: id, invoiceId: id, amount, currency, receivedOn: date })),
  PostMortemRecorded: event(
    'PostMortemRecorded',
    fc.record({
      postMortemId: id,
      rootCause: fc.constantFrom(...ROOT_CAUSES),
      summary: text,
      actionItems: fc.array(fc.record({ description: text, owner: text, dueOn: date }), { maxLength: 4 }),
      recordedOn: date,
    }),
  ),
  CallTaskScheduled: event(
    'CallTaskScheduled',
    fc.record(
      {
        taskId: id,
        reason: fc.constantFrom(...CALL_TASK_REASONS),
        invoiceIds: ids,
        collectorId: id,
        dueOn: date,
        scheduledOn: date,
        level: fc.integer({ min: 1, max: 9 }),
        promiseId: id,
        planId: id,
        installmentNumber: fc.integer({ min: 1, max: 24 }),
      },
      { requiredKeys: ['taskId', 'reason', 'invoiceIds', 'dueOn', 'scheduledOn'] },
    ),
  ),
  EscalationProposed: event(
    'EscalationProposed',
    fc.record({
      proposalId: id,
      kind: fc.constantFrom(...ESCALATION_KINDS),
      invoiceIds: ids,
      balances: fc.array(fc.record({ amount, currency }), { minLength: 1, maxLength: 3 }),
      daysPastDue: fc.integer({ min: 0, max: 3_000 }),
      reason: text,
      proposedOn: date,
    }),
  ),
  EscalationDeclined: event('EscalationDeclined', fc.record({ proposalId: id, reason: text, declinedOn: date })),
  UnidentifiedCashReceived: event(
    'UnidentifiedCashReceived',
    fc
      .tuple(
        fc.record({
          paymentId: id,
          amount,
          currency,
          receivedOn: date,
          candidates: fc.array(fc.record({ customerId: id, reason: text }), { maxLength: 3 }),
        }),
        bankDetails,
      )
      .map(([received, details]) => ({ ...received, ...details })),
  ),
  UnidentifiedCashAssigned: event('UnidentifiedCashAssigned', fc.record({ paymentId: id, customerId: id, assignedOn: date })),
  UnidentifiedCashRefunded: event('UnidentifiedCashRefunded', fc.record({ paymentId: id, refundedOn: date, reason: text })),
};

/** Any domain event. */
export const anyEvent: fc.Arbitrary<CollectionEvent> = fc.oneof(...Object.values(EVENT_ARBITRARIES));

/** Any event of a customer's account: the published ones. */
export const anyPublishedEvent = fc.oneof(...PUBLISHED_EVENT_TYPES.map((type) => EVENT_ARBITRARIES[type])) as fc.Arbitrary<PublishedEvent>;

/** Any event of unidentified cash's own streams: never published. */
export const anyUnidentifiedCashEvent = fc.oneof(
  ...UNIDENTIFIED_CASH_EVENT_TYPES.map((type) => EVENT_ARBITRARIES[type]),
) as fc.Arbitrary<UnidentifiedCashEvent>;
