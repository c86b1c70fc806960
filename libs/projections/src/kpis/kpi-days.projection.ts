import { BusinessDate, CurrencyCode } from '@collections/domain';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadDocument } from '@collections/read-store';
import { LedgerAmount, addToLedgerAmount } from '../aging/invoice-ledger.projection';
import { BatchDocuments, Projection } from '../projection';

/**
 * What the KPIs of the whole book add up, kept as they happen so that a quarter's KPIs read a few
 * hundred small documents instead of every invoice (docs/read-models.md#kpis):
 *
 * - `kpi_days`: per currency and month, each day's sums — credit sales, payments, cash received
 *   on account and what of it was refunded (on the day it was received), recoveries, and the
 *   promises due that day that were kept or broken;
 * - `kpi_cohorts`: per currency, due date and issue date, how the open amount changed day by day,
 *   and apart from it the amounts opened again (a reversed cash application): what the roll rates
 *   need to follow the same money from one bucket to the next (see `rollSumsOfCohorts`);
 * - `kpi_facts`: what later events need and do not carry, one document per invoice (its currency
 *   and dates), per payment received on account (its currency and day) and per promise (its due
 *   date and outcome), each found by its id.
 *
 * Each sum mirrors what the full recomputation (kpis.recompute.ts) reads from the invoices, cash
 * and promises, and is checked against it. Amounts are `LedgerAmount`s: exact past 2^53.
 */
export const KPI_DAYS = 'kpi_days';
export const KPI_COHORTS = 'kpi_cohorts';
export const KPI_FACTS = 'kpi_facts';

/** One day's sums in one currency; a figure that is zero is absent. */
export interface KpiDay {
  /** Credit sales: invoices issued that day. */
  issued?: LedgerAmount;
  /** Payments posted against invoices (PaymentReceived), received that day. */
  payments?: LedgerAmount;
  /** Cash received on account that day (UnappliedCashReceived). */
  onAccount?: LedgerAmount;
  /** What of the cash received on account that day was refunded, whenever it was. */
  refunded?: LedgerAmount;
  /** Recoveries on written-off invoices received that day. */
  recovered?: LedgerAmount;
  /** Promises due that day (their promised date) that were kept, and broken. */
  kept?: number;
  broken?: number;
}

export type KpiDayAmount = 'issued' | 'payments' | 'onAccount' | 'refunded' | 'recovered';

export interface KpiDaysDocument extends ReadDocument {
  currency: CurrencyCode;
  /** `YYYY-MM` */
  month: string;
  days: Record<BusinessDate, KpiDay>;
}

export interface KpiCohortDocument extends ReadDocument {
  currency: CurrencyCode;
  dueOn: BusinessDate;
  issuedOn: BusinessDate;
  /** Business date → change of the open amount that day (issued +, paid / applied / credited / written off −, reopened +). */
  open: Record<BusinessDate, LedgerAmount>;
  /** Business date → amount opened again that day by a reversed cash application (also in `open`). */
  reopened: Record<BusinessDate, LedgerAmount>;
}

interface InvoiceFacts {
  currency: CurrencyCode;
  issuedOn: BusinessDate;
  dueOn: BusinessDate;
}

interface CashFacts {
  currency: CurrencyCode;
  receivedOn: BusinessDate;
}

interface PromiseFacts {
  currency: CurrencyCode;
  promisedFor: BusinessDate;
  status: 'open' | 'kept' | 'broken';
}

/** One invoice's, payment's or promise's facts; ids are unique per customer and kind. */
export type KpiFactsDocument = ReadDocument &
  (({ kind: 'invoice' } & InvoiceFacts) | ({ kind: 'cash' } & CashFacts) | ({ kind: 'promise' } & PromiseFacts));

const factsId = (kind: KpiFactsDocument['kind'], customerId: string, id: string): string => `${kind}/${customerId}/${id}`;

export const kpiDaysId = (currency: CurrencyCode, month: string): string => `${currency}/${month}`;
const cohortId = ({ currency, dueOn, issuedOn }: InvoiceFacts): string => `${currency}/${dueOn}/${issuedOn}`;

export const kpiDaysProjection: Projection = {
  name: 'kpi-days',
  version: 1,
  collections: [
    { name: KPI_DAYS, indexes: [{ keys: { currency: 1, month: 1 } }] },
    // What the fast KPIs follow money and later events with: kpi_days is the figures analysts ask about.
    { name: KPI_COHORTS, indexes: [{ keys: { currency: 1, dueOn: 1 } }], internal: true },
    { name: KPI_FACTS, indexes: [], internal: true },
  ],
  eventTypes: [
    'InvoiceRegistered',
    'PaymentReceived',
    'CreditMemoIssued',
    'CashApplied',
    'CashUnapplied',
    'WrittenOff',
    'RecoveryReceived',
    'UnappliedCashReceived',
    'UnappliedCashRefunded',
    'PromiseMade',
    'PromiseKept',
    'PromiseBroken',
  ],

  async apply({ event, customerId }: StoredCollectionEvent, documents: BatchDocuments): Promise<void> {
    const facts = <K extends KpiFactsDocument['kind']>(kind: K, id: string) =>
      documents.get<Extract<KpiFactsDocument, { kind: K }>>(KPI_FACTS, factsId(kind, customerId, id));
    switch (event.type) {
      case 'InvoiceRegistered': {
        const { invoiceId, amount, currency, issuedOn, dueOn } = event.data;
        const invoice = { currency, issuedOn, dueOn };
        documents.put(KPI_FACTS, { _id: factsId('invoice', customerId, invoiceId), kind: 'invoice', ...invoice });
        await addToDay(documents, currency, issuedOn, 'issued', amount);
        await changeCohort(documents, invoice, issuedOn, amount);
        return;
      }
      case 'PaymentReceived':
      case 'CreditMemoIssued': {
        const invoice = await facts('invoice', event.data.invoiceId);
        if (!invoice) return;
        const { amount } = event.data;
        if (event.type === 'PaymentReceived') await addToDay(documents, invoice.currency, event.data.receivedOn, 'payments', amount);
        await changeCohort(documents, invoice, event.type === 'PaymentReceived' ? event.data.receivedOn : event.data.issuedOn, -amount);
        return;
      }
      case 'CashApplied':
      case 'CashUnapplied': {
        const reopens = event.type === 'CashUnapplied';
        const on = event.type === 'CashApplied' ? event.data.appliedOn : event.data.unappliedOn;
        for (const { invoiceId, amount } of event.data.allocations) {
          const invoice = await facts('invoice', invoiceId);
          if (invoice) await changeCohort(documents, invoice, on, reopens ? amount : -amount, reopens);
        }
        return;
      }
      case 'WrittenOff':
        for (const { invoiceId, amount } of event.data.invoices) {
          const invoice = await facts('invoice', invoiceId);
          if (invoice) await changeCohort(documents, invoice, event.data.writtenOffOn, -amount);
        }
        return;
      case 'RecoveryReceived': {
        const invoice = await facts('invoice', event.data.invoiceId);
        if (invoice) await addToDay(documents, invoice.currency, event.data.receivedOn, 'recovered', event.data.amount);
        return;
      }
      case 'UnappliedCashReceived': {
        const { paymentId, amount, currency, receivedOn } = event.data;
        documents.put(KPI_FACTS, { _id: factsId('cash', customerId, paymentId), kind: 'cash', currency, receivedOn });
        await addToDay(documents, currency, receivedOn, 'onAccount', amount);
        return;
      }
      case 'UnappliedCashRefunded': {
        // Cash given back was not collected: it comes off the day the cash was received.
        const cash = await facts('cash', event.data.paymentId);
        if (cash) await addToDay(documents, cash.currency, cash.receivedOn, 'refunded', event.data.amount);
        return;
      }
      case 'PromiseMade': {
        const { promiseId, currency, promisedFor } = event.data;
        const previous = await facts('promise', promiseId);
        if (previous) await countOutcome(documents, previous, -1);
        documents.put(KPI_FACTS, {
          _id: factsId('promise', customerId, promiseId),
          kind: 'promise',
          currency,
          promisedFor,
          status: 'open',
        });
        return;
      }
      case 'PromiseKept':
      case 'PromiseBroken': {
        const promise = await facts('promise', event.data.promiseId);
        if (!promise) return;
        await countOutcome(documents, promise, -1);
        const settled = { ...promise, status: event.type === 'PromiseKept' ? ('kept' as const) : ('broken' as const) };
        await countOutcome(documents, settled, 1);
        documents.put(KPI_FACTS, settled);
        return;
      }
      default:
        return;
    }
  },
};

async function dayOf(documents: BatchDocuments, currency: CurrencyCode, on: BusinessDate): Promise<[KpiDaysDocument, KpiDay]> {
  const month = on.slice(0, 7);
  const id = kpiDaysId(currency, month);
  const document = (await documents.get<KpiDaysDocument>(KPI_DAYS, id)) ?? { _id: id, currency, month, days: {} };
  // Batch documents are the batch's own copies: changing one in place is safe.
  const day = (document.days[on] ??= {});
  return [document, day];
}

async function addToDay(documents: BatchDocuments, currency: CurrencyCode, on: BusinessDate, field: KpiDayAmount, amount: number) {
  const [document, day] = await dayOf(documents, currency, on);
  const changed = addToLedgerAmount(day[field], amount);
  if (changed === undefined) delete day[field];
  else day[field] = changed;
  putDay(documents, document, on);
}

/** Counts a promise's outcome on its due date (`delta` −1 takes a previous one back); an open promise counts nowhere. */
async function countOutcome(documents: BatchDocuments, promise: PromiseFacts, delta: 1 | -1): Promise<void> {
  if (promise.status === 'open') return;
  const [document, day] = await dayOf(documents, promise.currency, promise.promisedFor);
  const count = (day[promise.status] ?? 0) + delta;
  if (count === 0) delete day[promise.status];
  else day[promise.status] = count;
  putDay(documents, document, promise.promisedFor);
}

function putDay(documents: BatchDocuments, document: KpiDaysDocument, on: BusinessDate): void {
  if (Object.keys(document.days[on]).length === 0) delete document.days[on];
  documents.put(KPI_DAYS, document);
}

/** Moves the open amount of an invoice's cohort on `on`; `reopened` when a reversed application opens it again. */
async function changeCohort(documents: BatchDocuments, invoice: InvoiceFacts, on: BusinessDate, delta: number, reopened = false) {
  const id = cohortId(invoice);
  const { currency, dueOn, issuedOn } = invoice;
  const cohort = (await documents.get<KpiCohortDocument>(KPI_COHORTS, id)) ?? {
    _id: id,
    currency,
    dueOn,
    issuedOn,
    open: {},
    reopened: {},
  };
  const fields: ('open' | 'reopened')[] = reopened ? ['open', 'reopened'] : ['open'];
  for (const field of fields) {
    const changed = addToLedgerAmount(cohort[field][on], delta);
    if (changed === undefined) delete cohort[field][on];
    else cohort[field][on] = changed;
  }
  documents.put(KPI_COHORTS, cohort);
}
