import { BusinessDate, CurrencyCode } from '@collections/domain';
import { ReadStore } from '@collections/read-store';
import { UNAPPLIED_CASH, UnappliedCashDocument, possiblyUnappliedBetween } from '../cash/cash.projection';
import { Aging, CustomerAging, agingByCustomer, agingFromLedger, possiblyOpenOn, unappliedCashOn } from './aging';
import { AGING_LEDGER, AgingLedgerDocument, INVOICES, InvoiceDocument } from './invoice-ledger.projection';
import { queryAgingAsKnownAt } from '../known-at';

export interface AgingQuery {
  asOf: BusinessDate;
  currency: CurrencyCode;
  groupBy?: 'customer';
  /** With `groupBy`: which customers to list, largest total first (1-based; all of them when omitted). */
  page?: number;
  pageSize?: number;
  /** Only what was recorded by this instant (ISO 8601) counts: figures as known then (known-at.ts). */
  knownAt?: string;
}

export type AgingReport = { asOf: BusinessDate; currency: CurrencyCode } & Aging & {
    /** When asked as known at an instant: that instant, in UTC. */
    knownAt?: string;
    /**
     * Cash on the customers' accounts not yet applied to any invoice at the close of `asOf`
     * (received by then, less what was applied or refunded by then): beside the buckets, which it
     * does not reduce until it is applied. Unidentified cash is nobody's yet and not in it.
     */
    unappliedCash: number;
    customers?: CustomerAging[];
    /** With `groupBy`: how many customers have something open or disputed, or unapplied cash, over all pages. */
    customerCount?: number;
  };

/** Open balances by days past due as of any date: from the ledger, and per customer on request; unapplied cash beside them. */
export async function queryAging(readStore: ReadStore, query: AgingQuery): Promise<AgingReport> {
  const { asOf, currency, groupBy, page = 1, pageSize, knownAt } = query;
  // The ledger sums days without when each change was recorded: as known at an instant, from the invoices.
  if (knownAt !== undefined) return queryAgingAsKnownAt(readStore, { ...query, knownAt });
  const [ledgers, cash] = await Promise.all([
    readStore.collection<AgingLedgerDocument>(AGING_LEDGER).find({ currency }, { readOnly: true }),
    readStore.collection<UnappliedCashDocument>(UNAPPLIED_CASH).find(possiblyUnappliedBetween(currency, asOf, asOf), { readOnly: true }),
  ]);
  const report: AgingReport = { asOf, currency, ...agingFromLedger(ledgers, asOf), unappliedCash: unappliedCashOn(cash, asOf) };
  if (groupBy === 'customer') {
    const invoices = await readStore.collection<InvoiceDocument>(INVOICES).find(possiblyOpenOn(currency, asOf), { readOnly: true });
    const customers = agingByCustomer(invoices, asOf, cash);
    const size = pageSize ?? customers.length;
    report.customers = customers.slice((page - 1) * size, page * size);
    report.customerCount = customers.length;
  }
  return report;
}
