import { Allocation, BusinessDate, CashApplicationRule, CashCandidate, CurrencyCode, Payer } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadDocument } from '@collections/read-store';
import { BatchDocuments, Projection } from '../projection';
import { laterInstant, recordedInstantOf } from '../recorded-instant';

/**
 * The cash queues: money received on a customer's account (one document per customer and
 * payment, with what of it was applied, to which invoices and by which rule, refunded, and what
 * is still unapplied), and money nobody is known for yet (one document per payment, with the
 * customers the matcher thought of, until it is assigned or refunded). Every change keeps its
 * date, so unapplied cash can be told as of any day (aging, KPIs).
 */
export const UNAPPLIED_CASH = 'unapplied_cash';
export const UNIDENTIFIED_CASH = 'unidentified_cash';
/** Payments customers say they made (PaymentReported): hints for whoever looks for their money. */
export const PAYMENT_REPORTS = 'payment_reports';

export const CASH_APPLICATION_STATUSES = ['applied', 'reversed'] as const;
export type CashApplicationStatus = (typeof CASH_APPLICATION_STATUSES)[number];

export interface CashApplication {
  applicationId: string;
  allocations: Allocation[];
  rule: CashApplicationRule;
  appliedOn: BusinessDate;
  status: CashApplicationStatus;
  /** The day it was reversed (CashUnapplied); null while it stands. */
  reversedOn: BusinessDate | null;
  /** When it was recorded (an ISO instant, UTC), and its reversal; null while it stands. */
  recordedAt: string;
  reversalRecordedAt: string | null;
}

export interface CashRefund {
  refundId: string;
  amount: number;
  refundedOn: BusinessDate;
  reason: string;
  /** When it was recorded (an ISO instant, UTC). */
  recordedAt: string;
}

/** What the bank said about money received, on an account or not (null where it said nothing). */
export interface ReceivedCashFields {
  paymentId: string;
  amount: number;
  currency: CurrencyCode;
  receivedOn: BusinessDate;
  valueOn: BusinessDate | null;
  payer: Payer | null;
  remittance: string | null;
  bankReference: string | null;
}

/** Cash received on a customer's account, and what became of it. */
export interface UnappliedCash extends ReceivedCashFields {
  customerId: string;
  /** Applied by the applications that stand. */
  applied: number;
  refunded: number;
  /** amount − applied − refunded: what is still on account. */
  unapplied: number;
  applications: CashApplication[];
  refunds: CashRefund[];
}

export interface UnappliedCashDocument extends ReadDocument, UnappliedCash {
  /** From this day on nothing is unapplied (the latest of its dates); null while something is. */
  settledOn: BusinessDate | null;
  /** When its receipt was recorded (an ISO instant, UTC): for figures as known at an instant. */
  recordedAt: string;
  /** The latest recorded instant of anything that changed it (after an instant, `settledOn` may not be what was known then). */
  lastRecordedAt: string;
}

export const UNIDENTIFIED_CASH_STATUSES = ['waiting', 'assigned', 'refunded'] as const;
export type UnidentifiedCashStatus = (typeof UNIDENTIFIED_CASH_STATUSES)[number];

/** Cash nobody is known for yet, and what became of it. */
export interface UnidentifiedCash extends ReceivedCashFields {
  candidates: CashCandidate[];
  status: UnidentifiedCashStatus;
  /** The customer it was assigned to (its money is then that customer's unapplied cash). */
  assignedTo: string | null;
  assignedOn: BusinessDate | null;
  refundedOn: BusinessDate | null;
  refundReason: string | null;
}

export interface UnidentifiedCashDocument extends ReadDocument, UnidentifiedCash {}

/** A payment the customer reported making, on its page or to a collector. Not cash: only a hint. */
export interface ReportedPayment {
  reportId: string;
  amount: number;
  currency: CurrencyCode;
  paidOn: BusinessDate;
  /** The payment reference the customer gave, to find it in a statement. */
  reference?: string;
  /** The invoices it says it paid; empty when it named none. */
  invoiceIds: string[];
  reportedOn: BusinessDate;
}

export interface PaymentReportDocument extends ReadDocument, ReportedPayment {
  customerId: string;
}

/** Payment ids are unique per customer only. */
export const unappliedCashId = (customerId: string, paymentId: string): string => `${customerId}/${paymentId}`;

const latestDate = (dates: BusinessDate[]): BusinessDate => dates.reduce((latest, date) => (date > latest ? date : latest));

/** Sets the derived figures from the applications and refunds. */
export function settle(cash: UnappliedCashDocument): UnappliedCashDocument {
  const applied = cash.applications
    .filter((application) => application.status === 'applied')
    .reduce((sum, { allocations }) => sum + total(allocations), 0);
  const refunded = cash.refunds.reduce((sum, { amount }) => sum + amount, 0);
  // Never negative, as in the decider's state.
  const unapplied = Math.max(0, cash.amount - applied - refunded);
  const dates = [
    cash.receivedOn,
    ...cash.applications.flatMap(({ appliedOn, reversedOn }) => (reversedOn === null ? [appliedOn] : [appliedOn, reversedOn])),
    ...cash.refunds.map(({ refundedOn }) => refundedOn),
  ];
  return { ...cash, applied, refunded, unapplied, settledOn: unapplied > 0 ? null : latestDate(dates) };
}

const total = (allocations: readonly Allocation[]): number => allocations.reduce((sum, { amount }) => sum + amount, 0);

const copyPayer = (payer: Payer | undefined): Payer | null => (payer === undefined ? null : { ...payer });

export const cashProjection: Projection = {
  name: 'cash',
  // 2: payments customers reported (payment_reports), shown with the cash as hints.
  // 3: when received cash, its applications and refunds were recorded, for figures as known at an instant.
  version: 3,
  collections: [
    { name: UNAPPLIED_CASH, indexes: [{ keys: { customerId: 1 } }, { keys: { currency: 1 } }, { keys: { settledOn: 1, receivedOn: 1 } }] },
    { name: UNIDENTIFIED_CASH, indexes: [{ keys: { status: 1, receivedOn: 1 } }] },
    { name: PAYMENT_REPORTS, indexes: [{ keys: { customerId: 1, currency: 1 } }, { keys: { currency: 1, amount: 1 } }] },
  ],
  eventTypes: [
    'UnappliedCashReceived',
    'CashApplied',
    'CashUnapplied',
    'UnappliedCashRefunded',
    'UnidentifiedCashReceived',
    'UnidentifiedCashAssigned',
    'UnidentifiedCashRefunded',
    'PaymentReported',
  ],

  async apply({ event, customerId, metadata }: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    const recordedAt = recordedInstantOf(metadata);
    switch (event.type) {
      case 'UnappliedCashReceived': {
        const { paymentId, amount, currency, receivedOn, valueOn, payer, remittance, bankReference } = event.data;
        documents.put<UnappliedCashDocument>(UNAPPLIED_CASH, {
          _id: unappliedCashId(customerId, paymentId),
          customerId,
          paymentId,
          amount,
          currency,
          receivedOn,
          valueOn: valueOn ?? null,
          payer: copyPayer(payer),
          remittance: remittance ?? null,
          bankReference: bankReference ?? null,
          applied: 0,
          refunded: 0,
          unapplied: amount,
          applications: [],
          refunds: [],
          settledOn: null,
          recordedAt,
          lastRecordedAt: recordedAt,
        });
        return;
      }
      case 'CashApplied':
      case 'CashUnapplied':
      case 'UnappliedCashRefunded': {
        const id = unappliedCashId(customerId, event.data.paymentId);
        const cash = await documents.get<UnappliedCashDocument>(UNAPPLIED_CASH, id);
        if (!cash) return;
        if (event.type === 'CashApplied') {
          const { applicationId, allocations, rule, appliedOn } = event.data;
          cash.applications.push({
            applicationId,
            allocations: allocations.map(({ invoiceId, amount }) => ({ invoiceId, amount })),
            rule,
            appliedOn,
            status: 'applied',
            reversedOn: null,
            recordedAt,
            reversalRecordedAt: null,
          });
        } else if (event.type === 'CashUnapplied') {
          const application = cash.applications.find((candidate) => candidate.applicationId === event.data.applicationId);
          if (!application || application.status === 'reversed') return;
          application.status = 'reversed';
          application.reversedOn = event.data.unappliedOn;
          application.reversalRecordedAt = recordedAt;
        } else {
          const { refundId, amount, refundedOn, reason } = event.data;
          cash.refunds.push({ refundId, amount, refundedOn, reason, recordedAt });
        }
        cash.lastRecordedAt = laterInstant(cash.lastRecordedAt, recordedAt);
        documents.put(UNAPPLIED_CASH, settle(cash));
        return;
      }
      case 'UnidentifiedCashReceived': {
        const { paymentId, amount, currency, receivedOn, valueOn, payer, remittance, bankReference, candidates } = event.data;
        documents.put<UnidentifiedCashDocument>(UNIDENTIFIED_CASH, {
          _id: paymentId,
          paymentId,
          amount,
          currency,
          receivedOn,
          valueOn: valueOn ?? null,
          payer: copyPayer(payer),
          remittance: remittance ?? null,
          bankReference: bankReference ?? null,
          candidates: candidates.map(({ customerId: candidate, reason }) => ({ customerId: candidate, reason })),
          status: 'waiting',
          assignedTo: null,
          assignedOn: null,
          refundedOn: null,
          refundReason: null,
        });
        return;
      }
      case 'PaymentReported': {
        const { reportId, invoiceIds, amount, currency, paidOn, reference, reportedOn } = event.data;
        documents.put<PaymentReportDocument>(PAYMENT_REPORTS, {
          _id: `${customerId}/${reportId}`,
          customerId,
          reportId,
          amount,
          currency,
          paidOn,
          ...(reference === undefined ? {} : { reference }),
          invoiceIds: [...invoiceIds],
          reportedOn,
        });
        return;
      }
      case 'UnidentifiedCashAssigned':
      case 'UnidentifiedCashRefunded': {
        const cash = await documents.get<UnidentifiedCashDocument>(UNIDENTIFIED_CASH, event.data.paymentId);
        if (!cash || cash.status !== 'waiting') return;
        if (event.type === 'UnidentifiedCashAssigned') {
          cash.status = 'assigned';
          cash.assignedTo = event.data.customerId;
          cash.assignedOn = event.data.assignedOn;
        } else {
          cash.status = 'refunded';
          cash.refundedOn = event.data.refundedOn;
          cash.refundReason = event.data.reason;
        }
        documents.put(UNIDENTIFIED_CASH, cash);
        return;
      }
      default:
        return;
    }
  },
};

/** What of the cash was still unapplied at the close of `asOf` (0 before it was received). */
export function unappliedOn(cash: UnappliedCashDocument, asOf: BusinessDate): number {
  if (cash.receivedOn > asOf) return 0;
  let unapplied = cash.amount;
  for (const { allocations, appliedOn, reversedOn } of cash.applications) {
    if (appliedOn <= asOf && (reversedOn === null || reversedOn > asOf)) unapplied -= total(allocations);
  }
  for (const { amount, refundedOn } of cash.refunds) if (refundedOn <= asOf) unapplied -= amount;
  // Back-dated applications may overlap a reversal on some past day: never below nothing.
  return Math.max(0, unapplied);
}

/** The cash that can have been unapplied at some time in [from, to], as a MongoDB filter. */
export const possiblyUnappliedBetween = (currency: CurrencyCode, from: BusinessDate, to: BusinessDate) => ({
  currency,
  receivedOn: { $lte: to },
  $or: [{ settledOn: null }, { settledOn: { $gt: from } }],
});
