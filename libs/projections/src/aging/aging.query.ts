import { BusinessDate, CurrencyCode } from '@collections/domain';
import { ReadStore } from '@collections/read-store';
import { Aging, CustomerAging, agingByCustomer, agingFromLedger, possiblyOpenOn } from './aging';
import { AGING_LEDGER, AgingLedgerDocument, INVOICES, InvoiceDocument } from './invoice-ledger.projection';

export interface AgingQuery {
  asOf: BusinessDate;
  currency: CurrencyCode;
  groupBy?: 'customer';
  /** With `groupBy`: which customers to list, largest total first (1-based; all of them when omitted). */
  page?: number;
  pageSize?: number;
}

export type AgingReport = { asOf: BusinessDate; currency: CurrencyCode } & Aging & {
    customers?: CustomerAging[];
    /** With `groupBy`: how many customers have something open or disputed, over all pages. */
    customerCount?: number;
  };

/** Open balances by days past due as of any date: from the ledger, and per customer on request. */
export async function queryAging(readStore: ReadStore, { asOf, currency, groupBy, page = 1, pageSize }: AgingQuery): Promise<AgingReport> {
  const ledgers = await readStore.collection<AgingLedgerDocument>(AGING_LEDGER).find({ currency }, { readOnly: true });
  const report: AgingReport = { asOf, currency, ...agingFromLedger(ledgers, asOf) };
  if (groupBy === 'customer') {
    const invoices = await readStore.collection<InvoiceDocument>(INVOICES).find(possiblyOpenOn(currency, asOf), { readOnly: true });
    const customers = agingByCustomer(invoices, asOf);
    const size = pageSize ?? customers.length;
    report.customers = customers.slice((page - 1) * size, page * size);
    report.customerCount = customers.length;
  }
  return report;
}
