import {
  CALL_TASK_REASONS,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  CollectionEvent,
  CollectionEventType,
  DISPUTE_CATEGORIES,
  DISPUTE_RESOLUTIONS,
  ESCALATION_KINDS,
  REMINDER_CHANNELS,
  ROOT_CAUSES,
} from '@collections/domain';
import { Infer, Schema, arrayOf, boolean, integer, object, oneOf, string } from './json-schema';

/**
 * What other services receive of each event: a published form with its own version, separate
 * from the stored shape (which may change behind upcasters without breaking subscribers).
 *
 * Published: identifiers, amounts, currencies, business dates and the domain's enumerations.
 * Withheld: names of people (contact persons, guarantors, counsel, action-item owners) and text
 * staff type (contact notes, reasons, descriptions, summaries, plan terms), which subscribers do
 * not need and which would otherwise spread personal data to every one of them.
 *
 * A published schema never changes once released: any change to a published form, even an
 * added field, is a new version of that event type (and a line in CHANGELOG.md).
 */

const id = (description: string) => string({ minLength: 1, description });
const minorUnits = (description: string) =>
  integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: `${description}, in minor units of \`currency\`` });
const currency = string({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code' });
const businessDate = (description: string) =>
  string({ format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: `${description} (business date, YYYY-MM-DD)` });
const invoiceIds = arrayOf(id('An invoice id'), { minItems: 1, description: 'The invoices it concerns' });

type DataOf<Type extends CollectionEventType> = Extract<CollectionEvent, { type: Type }>['data'];

/** One event type's published contract. */
export interface EventContract<Type extends CollectionEventType, Version extends number, Published> {
  type: Type;
  version: Version;
  schema: Schema<Published>;
  /** The published form of the event's (current, upcast) data: only what the schema lists. */
  publish(data: DataOf<Type>): Published;
}

const contract = <Type extends CollectionEventType, const Version extends number, S extends Schema<unknown>>(
  type: Type,
  version: Version,
  schema: S,
  publish: (data: DataOf<Type>) => Infer<S>,
): EventContract<Type, Version, Infer<S>> => ({ type, version, schema: schema as Schema<Infer<S>>, publish });

/** Every event type's contract; the `satisfies` clause makes a missing or mistyped one a compile error. */
export const PUBLISHED_EVENTS = {
  InvoiceRegistered: contract(
    'InvoiceRegistered',
    1,
    object(
      {
        invoiceId: id('The invoice number'),
        amount: minorUnits('The invoice total'),
        currency,
        issuedOn: businessDate('Issued on'),
        dueOn: businessDate('Due on'),
      },
      { description: 'An invoice was registered for collection.' },
    ),
    ({ invoiceId, amount, currency, issuedOn, dueOn }) => ({ invoiceId, amount, currency, issuedOn, dueOn }),
  ),
  PaymentReceived: contract(
    'PaymentReceived',
    1,
    object(
      {
        paymentId: id('The payment reference'),
        invoiceId: id('The invoice it was applied to'),
        amount: minorUnits('The amount applied'),
        currency,
        receivedOn: businessDate('Received on'),
      },
      { description: 'Cash was posted against an invoice.' },
    ),
    ({ paymentId, invoiceId, amount, currency, receivedOn }) => ({ paymentId, invoiceId, amount, currency, receivedOn }),
  ),
  CreditMemoIssued: contract(
    'CreditMemoIssued',
    1,
    object(
      {
        creditMemoId: id('The credit memo number'),
        invoiceId: id('The invoice it credits'),
        amount: minorUnits('The amount credited'),
        currency,
        issuedOn: businessDate('Issued on'),
        disputeId: id('The dispute or deduction it settles, if any'),
      },
      { optional: ['disputeId'], description: 'A credit memo reduced an invoice. Its free-text reason is not published.' },
    ),
    ({ creditMemoId, invoiceId, amount, currency, issuedOn, disputeId }) => ({
      creditMemoId,
      invoiceId,
      amount,
      currency,
      issuedOn,
      ...(disputeId === undefined ? {} : { disputeId }),
    }),
  ),
  InvoiceOverdue: contract(
    'InvoiceOverdue',
    1,
    object(
      {
        invoiceId: id('The invoice'),
        dueOn: businessDate('It was due on'),
        detectedOn: businessDate('Found overdue on'),
        balance: minorUnits('What was still open'),
        currency,
      },
      { description: 'An invoice passed its due date unpaid.' },
    ),
    ({ invoiceId, dueOn, detectedOn, balance, currency }) => ({ invoiceId, dueOn, detectedOn, balance, currency }),
  ),
  CollectorAssigned: contract(
    'CollectorAssigned',
    1,
    object(
      { collectorId: id("The collector's user id"), assignedOn: businessDate('Assigned on') },
      { description: 'A collector was made responsible for the account.' },
    ),
    ({ collectorId, assignedOn }) => ({ collectorId, assignedOn }),
  ),
  DeductionClaimed: contract(
    'DeductionClaimed',
    1,
    object(
      {
        deductionId: id('The deduction'),
        invoiceId: id('The invoice paid short'),
        amount: minorUnits('The amount deducted'),
        currency,
        programme: string({ minLength: 1, description: 'The programme the customer deducts under, e.g. a co-op marketing agreement' }),
        claimedOn: businessDate('Claimed on'),
      },
      { description: 'The customer claimed a deduction from an invoice.' },
    ),
    ({ deductionId, invoiceId, amount, currency, programme, claimedOn }) => ({
      deductionId,
      invoiceId,
      amount,
      currency,
      programme,
      claimedOn,
    }),
  ),
  DisputeRaised: contract(
    'DisputeRaised',
    1,
    object(
      {
        disputeId: id('The dispute'),
        invoiceId: id('The disputed invoice'),
        amount: minorUnits('The disputed amount'),
        currency,
        category: oneOf(DISPUTE_CATEGORIES, { description: 'What the complaint is about' }),
        raisedOn: businessDate('Raised on'),
      },
      { description: "The customer disputed (part of) an invoice. The collector's description is not published." },
    ),
    ({ disputeId, invoiceId, amount, currency, category, raisedOn }) => ({ disputeId, invoiceId, amount, currency, category, raisedOn }),
  ),
  DisputeResolved: contract(
    'DisputeResolved',
    1,
    object(
      {
        disputeId: id('The dispute or deduction'),
        invoiceId: id('The disputed invoice'),
        resolution: oneOf(DISPUTE_RESOLUTIONS, {
          description: 'credit_issued: a credit memo settles it; customer_liable: the invoice stands',
        }),
        resolvedOn: businessDate('Resolved on'),
      },
      { description: 'A dispute or deduction was closed. The resolution note is not published.' },
    ),
    ({ disputeId, invoiceId, resolution, resolvedOn }) => ({ disputeId, invoiceId, resolution, resolvedOn }),
  ),
  ReminderSent: contract(
    'ReminderSent',
    1,
    object(
      {
        reminderId: id('The reminder'),
        invoiceIds,
        level: integer({ minimum: 1, description: '1 is the friendliest; higher levels are sterner' }),
        channel: oneOf(REMINDER_CHANNELS),
        template: string({ minLength: 1, description: 'The letter template used' }),
        sentOn: businessDate('Sent on'),
      },
      { description: 'A dunning reminder was sent.' },
    ),
    ({ reminderId, invoiceIds, level, channel, template, sentOn }) => ({
      reminderId,
      invoiceIds: [...invoiceIds],
      level,
      channel,
      template,
      sentOn,
    }),
  ),
  FinalNoticeSent: contract(
    'FinalNoticeSent',
    1,
    object(
      {
        noticeId: id('The notice'),
        invoiceIds,
        channel: oneOf(REMINDER_CHANNELS),
        sentOn: businessDate('Sent on'),
        referralOn: businessDate('The account goes to an agency on this day if still unpaid'),
      },
      { description: 'A final warning was sent.' },
    ),
    ({ noticeId, invoiceIds, channel, sentOn, referralOn }) => ({ noticeId, invoiceIds: [...invoiceIds], channel, sentOn, referralOn }),
  ),
  ContactLogged: contract(
    'ContactLogged',
    1,
    object(
      {
        contactId: id('The contact'),
        contactedOn: businessDate('Contacted on'),
        channel: oneOf(CONTACT_CHANNELS),
        outcome: oneOf(CONTACT_OUTCOMES),
      },
      {
        description:
          "A collector contacted the customer. The person reached, the reason for lateness and the collector's notes are not published.",
      },
    ),
    ({ contactId, contactedOn, channel, outcome }) => ({ contactId, contactedOn, channel, outcome }),
  ),
  PromiseMade: contract(
    'PromiseMade',
    1,
    object(
      {
        promiseId: id('The promise'),
        invoiceIds,
        amount: minorUnits('The amount promised'),
        currency,
        promisedFor: businessDate('Promised to pay by'),
        madeOn: businessDate('Made on'),
      },
      { description: 'The customer promised to pay.' },
    ),
    ({ promiseId, invoiceIds, amount, currency, promisedFor, madeOn }) => ({
      promiseId,
      invoiceIds: [...invoiceIds],
      amount,
      currency,
      promisedFor,
      madeOn,
    }),
  ),
  PromiseKept: contract(
    'PromiseKept',
    1,
    object(
      {
        promiseId: id('The promise'),
        keptOn: businessDate('Kept on'),
        amountPaid: minorUnits('Paid toward it'),
        currency,
      },
      { description: 'A promise to pay was kept.' },
    ),
    ({ promiseId, keptOn, amountPaid, currency }) => ({ promiseId, keptOn, amountPaid, currency }),
  ),
  PromiseBroken: contract(
    'PromiseBroken',
    1,
    object(
      {
        promiseId: id('The promise'),
        brokenOn: businessDate('Declared broken on'),
        amountPaid: minorUnits('Paid toward it'),
        shortfall: minorUnits('What is unpaid of the promise'),
        currency,
      },
      { description: 'A promise to pay was broken.' },
    ),
    ({ promiseId, brokenOn, amountPaid, shortfall, currency }) => ({ promiseId, brokenOn, amountPaid, shortfall, currency }),
  ),
  PaymentPlanAgreed: contract(
    'PaymentPlanAgreed',
    1,
    object(
      {
        planId: id('The plan'),
        invoiceIds,
        currency,
        installments: arrayOf(
          object({
            number: integer({ minimum: 1, description: '1, 2, 3, … in order' }),
            dueOn: businessDate('Due on'),
            amount: minorUnits('The installment'),
          }),
          { minItems: 1 },
        ),
        interestRateBasisPoints: integer({ minimum: 0, description: 'Documented interest (1% = 100); invoiced separately' }),
        guarantorCount: integer({ minimum: 0, description: 'How many personal guarantees back the plan' }),
        agreedOn: businessDate('Agreed on'),
      },
      { description: "A payment plan was agreed. The guarantors' names and the written terms are not published." },
    ),
    ({ planId, invoiceIds, currency, installments, interestRateBasisPoints, guarantors, agreedOn }) => ({
      planId,
      invoiceIds: [...invoiceIds],
      currency,
      installments: installments.map(({ number, dueOn, amount }) => ({ number, dueOn, amount })),
      interestRateBasisPoints,
      guarantorCount: guarantors.length,
      agreedOn,
    }),
  ),
  InstallmentPaid: contract(
    'InstallmentPaid',
    1,
    object(
      { planId: id('The plan'), installmentNumber: integer({ minimum: 1 }), paidOn: businessDate('Paid on') },
      { description: "A plan's installment was paid." },
    ),
    ({ planId, installmentNumber, paidOn }) => ({ planId, installmentNumber, paidOn }),
  ),
  InstallmentMissed: contract(
    'InstallmentMissed',
    1,
    object(
      {
        planId: id('The plan'),
        installmentNumber: integer({ minimum: 1 }),
        dueOn: businessDate('It was due on'),
        detectedOn: businessDate('Found missed on'),
        shortfall: minorUnits('What was unpaid of it'),
        currency,
      },
      { description: "A plan's installment was missed; the plan is in default." },
    ),
    ({ planId, installmentNumber, dueOn, detectedOn, shortfall, currency }) => ({
      planId,
      installmentNumber,
      dueOn,
      detectedOn,
      shortfall,
      currency,
    }),
  ),
  CreditLimitChangeRecommended: contract(
    'CreditLimitChangeRecommended',
    1,
    object(
      {
        recommendationId: id('The recommendation'),
        recommendedLimit: minorUnits('The credit limit recommended'),
        currency,
        recommendedOn: businessDate('Recommended on'),
      },
      { description: 'Collections recommended a new credit limit (credit staff decide). The reason is not published.' },
    ),
    ({ recommendationId, recommendedLimit, currency, recommendedOn }) => ({ recommendationId, recommendedLimit, currency, recommendedOn }),
  ),
  CreditHoldPlaced: contract(
    'CreditHoldPlaced',
    1,
    object({ placedOn: businessDate('Placed on') }, { description: 'The customer was put on credit hold. The reason is not published.' }),
    ({ placedOn }) => ({ placedOn }),
  ),
  CreditHoldLifted: contract(
    'CreditHoldLifted',
    1,
    object({ liftedOn: businessDate('Lifted on') }, { description: "The customer's credit hold was lifted. The reason is not published." }),
    ({ liftedOn }) => ({ liftedOn }),
  ),
  ReferredToAgency: contract(
    'ReferredToAgency',
    1,
    object(
      {
        referralId: id('The referral'),
        agency: string({ minLength: 1, description: 'The collection agency' }),
        invoiceIds,
        referredOn: businessDate('Referred on'),
      },
      { description: 'Invoices were referred to a collection agency. The reason is not published.' },
    ),
    ({ referralId, agency, invoiceIds, referredOn }) => ({ referralId, agency, invoiceIds: [...invoiceIds], referredOn }),
  ),
  AgencyRecallMade: contract(
    'AgencyRecallMade',
    1,
    object(
      { referralId: id('The referral'), recalledOn: businessDate('Recalled on') },
      { description: 'A referral was recalled from the agency. The reason is not published.' },
    ),
    ({ referralId, recalledOn }) => ({ referralId, recalledOn }),
  ),
  LegalActionInitiated: contract(
    'LegalActionInitiated',
    1,
    object(
      {
        caseId: id('The case'),
        invoiceIds,
        court: string({ minLength: 1, description: 'The court' }),
        smallClaims: boolean({ description: 'Filed in small-claims court' }),
        initiatedOn: businessDate('Initiated on'),
      },
      { description: 'Legal action was started over invoices. Counsel and the reason are not published.' },
    ),
    ({ caseId, invoiceIds, court, smallClaims, initiatedOn }) => ({ caseId, invoiceIds: [...invoiceIds], court, smallClaims, initiatedOn }),
  ),
  WrittenOff: contract(
    'WrittenOff',
    1,
    object(
      {
        writeOffId: id('The write-off'),
        invoices: arrayOf(object({ invoiceId: id('The invoice'), amount: minorUnits('The balance written off'), currency }), {
          minItems: 1,
        }),
        writtenOffOn: businessDate('Written off on'),
      },
      { description: 'The open balance of invoices was written off. The reason is not published.' },
    ),
    ({ writeOffId, invoices, writtenOffOn }) => ({
      writeOffId,
      invoices: invoices.map(({ invoiceId, amount, currency }) => ({ invoiceId, amount, currency })),
      writtenOffOn,
    }),
  ),
  RecoveryReceived: contract(
    'RecoveryReceived',
    1,
    object(
      {
        recoveryId: id('The recovery'),
        invoiceId: id('The written-off invoice'),
        amount: minorUnits('The amount recovered'),
        currency,
        receivedOn: businessDate('Received on'),
      },
      { description: 'Money came in on a written-off invoice.' },
    ),
    ({ recoveryId, invoiceId, amount, currency, receivedOn }) => ({ recoveryId, invoiceId, amount, currency, receivedOn }),
  ),
  PostMortemRecorded: contract(
    'PostMortemRecorded',
    1,
    object(
      {
        postMortemId: id('The post-mortem'),
        rootCause: oneOf(ROOT_CAUSES),
        actionItemCount: integer({ minimum: 0, description: 'How many action items were assigned' }),
        recordedOn: businessDate('Recorded on'),
      },
      { description: 'A bad debt was analysed. The summary and the action items (text, owners) are not published.' },
    ),
    ({ postMortemId, rootCause, actionItems, recordedOn }) => ({
      postMortemId,
      rootCause,
      actionItemCount: actionItems.length,
      recordedOn,
    }),
  ),
  CallTaskScheduled: contract(
    'CallTaskScheduled',
    1,
    object(
      {
        taskId: id('The call task'),
        reason: oneOf(CALL_TASK_REASONS, { description: 'Why the call is due' }),
        invoiceIds,
        collectorId: id("Whose call it is (the collector's user id); absent when nobody is assigned"),
        dueOn: businessDate('Call on or after'),
        scheduledOn: businessDate('Scheduled on'),
        level: integer({ minimum: 1, description: 'The dunning level the call stands for (reason dunning)' }),
        promiseId: id('The broken promise (reason promise_broken)'),
        planId: id('The payment plan (reason installment_due)'),
        installmentNumber: integer({ minimum: 1, description: 'The installment (reason installment_due)' }),
      },
      {
        optional: ['collectorId', 'level', 'promiseId', 'planId', 'installmentNumber'],
        description: 'A call to the customer was scheduled for a collector.',
      },
    ),
    ({ taskId, reason, invoiceIds, collectorId, dueOn, scheduledOn, level, promiseId, planId, installmentNumber }) => ({
      taskId,
      reason,
      invoiceIds: [...invoiceIds],
      ...(collectorId === undefined ? {} : { collectorId }),
      dueOn,
      scheduledOn,
      ...(level === undefined ? {} : { level }),
      ...(promiseId === undefined ? {} : { promiseId }),
      ...(planId === undefined ? {} : { planId }),
      ...(installmentNumber === undefined ? {} : { installmentNumber }),
    }),
  ),
  EscalationProposed: contract(
    'EscalationProposed',
    1,
    object(
      {
        proposalId: id('The proposal'),
        kind: oneOf(ESCALATION_KINDS, { description: 'What a manager is asked to approve' }),
        invoiceIds,
        balances: arrayOf(object({ amount: minorUnits('Open on the invoices'), currency }), {
          minItems: 1,
          description: 'What was open on the invoices, per currency',
        }),
        daysPastDue: integer({ minimum: 0, description: 'Days past due of the oldest invoice' }),
        proposedOn: businessDate('Proposed on'),
      },
      { description: 'An agency referral or a write-off was proposed to managers. The reason is not published.' },
    ),
    ({ proposalId, kind, invoiceIds, balances, daysPastDue, proposedOn }) => ({
      proposalId,
      kind,
      invoiceIds: [...invoiceIds],
      balances: balances.map(({ amount, currency }) => ({ amount, currency })),
      daysPastDue,
      proposedOn,
    }),
  ),
} satisfies { [Type in CollectionEventType]: EventContract<Type, number, unknown> };

type Contracts = typeof PUBLISHED_EVENTS;

/** The published version of each event type. */
export type PublishedVersion<Type extends CollectionEventType> = Contracts[Type]['version'];

/** The published data of each event type. */
export type PublishedData<Type extends CollectionEventType> = ReturnType<Contracts[Type]['publish']>;

/** The published form of an event's data. */
export function publishedDataOf(event: CollectionEvent): PublishedData<CollectionEventType> {
  // The compiler cannot pair `event.type` with its own contract through the union of events;
  // the `satisfies` clause above is what pairs each type with its contract.
  const { publish } = PUBLISHED_EVENTS[event.type] as unknown as {
    publish(data: CollectionEvent['data']): PublishedData<CollectionEventType>;
  };
  return publish(event.data);
}
