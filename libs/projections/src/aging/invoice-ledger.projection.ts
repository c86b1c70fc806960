import { BusinessDate, CurrencyCode, DisputeCategory } from '@collections/domain';
import { ReadDocument } from '@collections/read-store';
import { StoredCollectionEvent } from '@collections/event-processor';
import { BatchDocuments, Projection } from '../projection';
import { laterInstant, recordedInstantOf } from '../recorded-instant';

/**
 * Each invoice's life as dated movements, so that its balance can be told for any past date,
 * plus a ledger per currency and due date that sums those movements by day: aging as of a date
 * then adds up a few thousand small documents instead of replaying every invoice.
 */
export const INVOICES = 'invoices';
export const AGING_LEDGER = 'aging_ledger';

/**
 * `payment`: a PaymentReceived; `cash_applied`: part of received cash applied to the invoice
 * (CashApplied), `cash_unapplied`: that application reversed (CashUnapplied), which opens the
 * amount again. Cash applied is not cash received: what was collected, and when, is the cash
 * read model's (cash/), so an application never counts as a second collection.
 */
export type InvoiceMovementKind = 'payment' | 'cash_applied' | 'cash_unapplied' | 'credit' | 'write_off' | 'recovery';

export interface InvoiceMovement {
  on: BusinessDate;
  kind: InvoiceMovementKind;
  /** Never negative: `openChangeOf` says which way it moves the balance. */
  amount: number;
  /** The payment, credit memo, write-off or recovery; for cash, the application. */
  reference: string;
  /** For cash applied or unapplied: the received cash it came from. */
  paymentId?: string;
  /** When it was recorded (an ISO instant, UTC): a movement back-dated by a late posting counts only as known from then. */
  recordedAt: string;
}

/** How a movement changes what is open: a reversed application opens again what it had settled; a recovery changes nothing. */
export function openChangeOf(movement: InvoiceMovement): number {
  if (movement.kind === 'recovery') return 0;
  return movement.kind === 'cash_unapplied' ? movement.amount : -movement.amount;
}

export interface InvoiceDispute {
  disputeId: string;
  amount: number;
  category: DisputeCategory;
  raisedOn: BusinessDate;
  resolvedOn: BusinessDate | null;
  /** When it was raised, as recorded (an ISO instant, UTC). */
  recordedAt: string;
  /** When its resolution was recorded; null while it is open. */
  resolutionRecordedAt: string | null;
}

export interface InvoiceDocument extends ReadDocument {
  customerId: string;
  invoiceId: string;
  currency: CurrencyCode;
  amount: number;
  issuedOn: BusinessDate;
  dueOn: BusinessDate;
  movements: InvoiceMovement[];
  disputes: InvoiceDispute[];
  balance: number;
  /** The business date by which the balance was down to zero; null while anything is open. */
  settledOn: BusinessDate | null;
  /** When the invoice was registered, as recorded (an ISO instant, UTC): for figures as known at an instant. */
  recordedAt: string;
  /**
   * The latest recorded instant of anything that changed it: when it is after an instant, the
   * invoice may have been open as known then though `settledOn` says otherwise now.
   */
  lastRecordedAt: string;
}

/**
 * One day's change in a ledger: a number while it is a safe integer, else its exact digits as
 * text. A day sums the invoices of every customer with that currency and due date, which no
 * account's bound limits, so past 2^53 it is kept as digits instead of being rounded.
 */
export type LedgerAmount = number | string;

/** Per currency and due date: how the open and the disputed amounts changed, day by day. */
export interface AgingLedgerDocument extends ReadDocument {
  currency: CurrencyCode;
  dueOn: BusinessDate;
  /** Business date → change of the open amount that day (issued +, paid / credited / written off −). */
  open: Record<BusinessDate, LedgerAmount>;
  /** Business date → change of the amount under open dispute that day. */
  disputed: Record<BusinessDate, LedgerAmount>;
}

/** A ledger day's change as a number or, past the safe range, a BigInt: what `ExactSum` adds. */
export const ledgerAmount = (value: LedgerAmount): number | bigint => (typeof value === 'string' ? BigInt(value) : value);

/**
 * A ledger day's change after `delta`, exact whatever its size; undefined once it is zero. Never
 * throws: a projection that threw would stop the projector.
 */
export function addToLedgerAmount(current: LedgerAmount | undefined, delta: number): LedgerAmount | undefined {
  if (current === undefined || typeof current === 'number') {
    const sum = (current ?? 0) + delta;
    if (Number.isSafeInteger(sum)) return sum === 0 ? undefined : sum;
  }
  // BigInt of an integer-valued number is exact, even of one recorded before amounts had a bound.
  const exact = BigInt(current ?? 0) + BigInt(delta);
  if (exact === 0n) return undefined;
  return exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : exact.toString();
}

export const invoiceDocumentId = (customerId: string, invoiceId: string): string => `${customerId}/${invoiceId}`;
const ledgerId = (currency: string, dueOn: string): string => `${currency}/${dueOn}`;

export const invoiceLedgerProjection: Projection = {
  name: 'invoice-ledger',
  // 2: cash applied to invoices (and its reversal) moves their balances.
  // 3: when each fact was recorded (`recordedAt`), for figures as known at an instant.
  version: 3,
  collections: [
    {
      name: INVOICES,
      // currency and dueOn: the KPIs' roll rates load a due date's invoices (kpis.query.ts).
      indexes: [{ keys: { customerId: 1 } }, { keys: { currency: 1 } }, { keys: { settledOn: 1 } }, { keys: { currency: 1, dueOn: 1 } }],
    },
    { name: AGING_LEDGER, indexes: [{ keys: { currency: 1 } }] },
  ],
  eventTypes: [
    'InvoiceRegistered',
    'PaymentReceived',
    'CashApplied',
    'CashUnapplied',
    'CreditMemoIssued',
    'WrittenOff',
    'RecoveryReceived',
    'DisputeRaised',
    'DeductionClaimed',
    'DisputeResolved',
  ],

  async apply({ event, customerId, metadata }: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    const recordedAt = recordedInstantOf(metadata);
    switch (event.type) {
      case 'InvoiceRegistered': {
        const { invoiceId, amount, currency, issuedOn, dueOn } = event.data;
        const invoice: InvoiceDocument = {
          _id: invoiceDocumentId(customerId, invoiceId),
          customerId,
          invoiceId,
          currency,
          amount,
          issuedOn,
          dueOn,
          movements: [],
          disputes: [],
          balance: amount,
          settledOn: null,
          recordedAt,
          lastRecordedAt: recordedAt,
        };
        documents.put(INVOICES, invoice);
        await changeLedger(documents, invoice, 'open', issuedOn, amount);
        return;
      }
      case 'PaymentReceived':
      case 'CreditMemoIssued': {
        const { invoiceId, amount } = event.data;
        const movement: InvoiceMovement =
          event.type === 'PaymentReceived'
            ? { on: event.data.receivedOn, kind: 'payment', amount, reference: event.data.paymentId, recordedAt }
            : { on: event.data.issuedOn, kind: 'credit', amount, reference: event.data.creditMemoId, recordedAt };
        await move(documents, customerId, invoiceId, movement);
        return;
      }
      case 'CashApplied':
      case 'CashUnapplied': {
        const { paymentId, applicationId: reference } = event.data;
        const [kind, on] =
          event.type === 'CashApplied'
            ? (['cash_applied', event.data.appliedOn] as const)
            : (['cash_unapplied', event.data.unappliedOn] as const);
        for (const { invoiceId, amount } of event.data.allocations) {
          await move(documents, customerId, invoiceId, { on, kind, amount, reference, paymentId, recordedAt });
        }
        return;
      }
      case 'WrittenOff':
        for (const { invoiceId, amount } of event.data.invoices) {
          const movement = {
            on: event.data.writtenOffOn,
            kind: 'write_off' as const,
            amount,
            reference: event.data.writeOffId,
            recordedAt,
          };
          await move(documents, customerId, invoiceId, movement);
        }
        return;
      case 'RecoveryReceived': {
        // Cash after a write-off: collected, but the balance was already closed.
        const { invoiceId, amount, receivedOn, recoveryId } = event.data;
        const invoice = await documents.get<InvoiceDocument>(INVOICES, invoiceDocumentId(customerId, invoiceId));
        if (!invoice) return;
        const movement: InvoiceMovement = { on: receivedOn, kind: 'recovery', amount, reference: recoveryId, recordedAt };
        documents.put(INVOICES, {
          ...invoice,
          movements: [...invoice.movements, movement],
          lastRecordedAt: laterInstant(invoice.lastRecordedAt, recordedAt),
        });
        return;
      }
      case 'DisputeRaised':
      case 'DeductionClaimed': {
        const { invoiceId, amount } = event.data;
        const [disputeId, category, raisedOn] =
          event.type === 'DisputeRaised'
            ? [event.data.disputeId, event.data.category, event.data.raisedOn]
            : [event.data.deductionId, 'deduction' as const, event.data.claimedOn];
        const dispute: InvoiceDispute = { disputeId, amount, category, raisedOn, resolvedOn: null, recordedAt, resolutionRecordedAt: null };
        const invoice = await documents.get<InvoiceDocument>(INVOICES, invoiceDocumentId(customerId, invoiceId));
        if (!invoice) return;
        documents.put(INVOICES, {
          ...invoice,
          disputes: [...invoice.disputes, dispute],
          lastRecordedAt: laterInstant(invoice.lastRecordedAt, recordedAt),
        });
        await changeLedger(documents, invoice, 'disputed', dispute.raisedOn, amount);
        return;
      }
      case 'DisputeResolved': {
        const { invoiceId, disputeId, resolvedOn } = event.data;
        const invoice = await documents.get<InvoiceDocument>(INVOICES, invoiceDocumentId(customerId, invoiceId));
        const dispute = invoice?.disputes.find((candidate) => candidate.disputeId === disputeId);
        if (!invoice || !dispute || dispute.resolvedOn !== null) return;
        const resolved = { ...dispute, resolvedOn, resolutionRecordedAt: recordedAt };
        const disputes = invoice.disputes.map((candidate) => (candidate === dispute ? resolved : candidate));
        documents.put(INVOICES, { ...invoice, disputes, lastRecordedAt: laterInstant(invoice.lastRecordedAt, recordedAt) });
        await changeLedger(documents, invoice, 'disputed', resolvedOn, -dispute.amount);
        return;
      }
      default:
        return;
    }
  },
};

async function move(documents: BatchDocuments, customerId: string, invoiceId: string, movement: InvoiceMovement): Promise<void> {
  const invoice = await documents.get<InvoiceDocument>(INVOICES, invoiceDocumentId(customerId, invoiceId));
  if (!invoice) return;
  const movements = [...invoice.movements, movement];
  const change = openChangeOf(movement);
  const balance = invoice.balance + change;
  const settledOn = settledOnOf(invoice.issuedOn, movements, balance);
  const lastRecordedAt = laterInstant(invoice.lastRecordedAt, movement.recordedAt);
  documents.put(INVOICES, { ...invoice, movements, balance, settledOn, lastRecordedAt });
  await changeLedger(documents, invoice, 'open', movement.on, change);
}

/**
 * Movements may be back-dated (and a reversed application opens the invoice again), so the
 * settlement date is the latest of all its movements: from then on nothing open changes.
 */
export function settledOnOf(issuedOn: BusinessDate, movements: readonly InvoiceMovement[], balance: number): BusinessDate | null {
  return balance > 0 ? null : movements.reduce((latest, { on }) => (on > latest ? on : latest), issuedOn);
}

async function changeLedger(
  documents: BatchDocuments,
  invoice: Pick<InvoiceDocument, 'currency' | 'dueOn'>,
  field: 'open' | 'disputed',
  on: BusinessDate,
  delta: number,
): Promise<void> {
  const id = ledgerId(invoice.currency, invoice.dueOn);
  const ledger = (await documents.get<AgingLedgerDocument>(AGING_LEDGER, id)) ?? {
    _id: id,
    currency: invoice.currency,
    dueOn: invoice.dueOn,
    open: {},
    disputed: {},
  };
  // Batch documents are the batch's own copies: changing one in place is safe and spares
  // copying a ledger with a thousand days for every event.
  const days = ledger[field];
  const changed = addToLedgerAmount(days[on], delta);
  if (changed === undefined) delete days[on];
  else days[on] = changed;
  documents.put(AGING_LEDGER, ledger);
}
