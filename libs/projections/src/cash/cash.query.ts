import { BusinessDate, CurrencyCode, isBusinessDate } from '@collections/domain';
import { Filter, ReadStore } from '@collections/read-store';
import { INVOICES, InvoiceDocument } from '../aging/invoice-ledger.projection';
import { CandidateInvoice, candidateInvoices } from './cash-candidates';
import { reportedPaymentsOf, withReportedPayers } from './reported-payments';
import {
  UNAPPLIED_CASH,
  UNIDENTIFIED_CASH,
  UnappliedCash,
  ReportedPayment,
  UnappliedCashDocument,
  UnidentifiedCash,
  UnidentifiedCashDocument,
  UnidentifiedCashStatus,
} from './cash.projection';

/**
 * The cash queues, oldest received first, a page at a time. Pages are cut by a cursor (the
 * receipt day and id of the last item read) rather than by number: items leave the queue as
 * they are applied, and a numbered page would then skip the ones that moved up.
 */

/**
 * An item of the unapplied-cash queue: the cash, what became of it, where it may go, and the
 * payments its customer reported making in its currency (hints, see reported-payments.ts).
 */
export type UnappliedCashItem = UnappliedCash & { candidates: CandidateInvoice[]; reportedPayments: ReportedPayment[] };
export type UnidentifiedCashItem = UnidentifiedCash;

export interface CashPage<T> {
  items: T[];
  /** Pass as `after` for the next page; absent on the last. */
  next?: string;
}

export interface UnappliedCashQuery {
  customerId?: string;
  currency?: CurrencyCode;
  limit: number;
  /** A `next` of the page before. */
  after?: string;
  /** Today: payment reports are hints for 30 days; without it, every report is. */
  today?: BusinessDate;
}

export interface UnidentifiedCashQuery {
  status: UnidentifiedCashStatus;
  limit: number;
  after?: string;
  /** Today: payment reports are hints for 30 days; without it, every report is. */
  today?: BusinessDate;
}

interface Cursor {
  receivedOn: BusinessDate;
  id: string;
}

/** The longest cursor read: ids are at most a few hundred characters. */
const MAX_CURSOR_LENGTH = 1_024;

export const encodeCashCursor = ({ receivedOn, _id }: { receivedOn: BusinessDate; _id: string }): string =>
  Buffer.from(JSON.stringify([receivedOn, _id])).toString('base64url');

/** The position a cursor names, or undefined for text that is not one of ours. */
export function decodeCashCursor(text: string): Cursor | undefined {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [receivedOn, id] = value as unknown[];
    return isBusinessDate(receivedOn) && typeof id === 'string' && id.length > 0 ? { receivedOn, id } : undefined;
  } catch {
    return undefined;
  }
}

/** After the cursor in (receivedOn, _id) order: a filter both read stores answer from the fields alone. */
function afterFilter(after: string | undefined): Filter {
  if (after === undefined) return {};
  const cursor = decodeCashCursor(after);
  if (!cursor) throw new RangeError(`after is not a cursor this query gave: ${after}`);
  return { $or: [{ receivedOn: { $gt: cursor.receivedOn } }, { receivedOn: cursor.receivedOn, _id: { $gt: cursor.id } }] };
}

function requireLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number from 1, got ${limit}`);
}

async function page<T extends UnappliedCashDocument | UnidentifiedCashDocument>(
  readStore: ReadStore,
  collection: string,
  filter: Filter,
  limit: number,
  after: string | undefined,
): Promise<{ documents: T[]; next?: string }> {
  requireLimit(limit);
  // One more than asked: whether there is a next page, without counting.
  const documents = await readStore
    .collection<T>(collection)
    .find({ ...filter, ...afterFilter(after) }, { sort: { receivedOn: 1, _id: 1 }, limit: limit + 1, readOnly: true });
  if (documents.length <= limit) return { documents };
  const shown = documents.slice(0, limit);
  return { documents: shown, next: encodeCashCursor(shown[shown.length - 1]) };
}

/** Cash on customers' accounts with something still unapplied, oldest first, each with its candidate invoices. */
export async function listUnappliedCash(readStore: ReadStore, query: UnappliedCashQuery): Promise<CashPage<UnappliedCashItem>> {
  const { customerId, currency, limit, after, today } = query;
  // settledOn is null exactly while something is unapplied, and indexed with the receipt day.
  const filter: Filter = {
    settledOn: null,
    ...(customerId !== undefined && { customerId }),
    ...(currency !== undefined && { currency }),
  };
  const { documents, next } = await page<UnappliedCashDocument>(readStore, UNAPPLIED_CASH, filter, limit, after);
  const [openInvoices, reported] = await Promise.all([
    openInvoicesOf(readStore, documents),
    reportedPaymentsOf(
      readStore,
      [...new Set(documents.map((cash) => cash.customerId))],
      [...new Set(documents.map((cash) => cash.currency))],
      today,
    ),
  ]);
  const items = documents.map(({ _id, settledOn, recordedAt, lastRecordedAt, ...cash }): UnappliedCashItem => {
    const candidates = candidateInvoices(
      { currency: cash.currency, remaining: cash.unapplied, remittance: cash.remittance },
      openInvoices.get(cash.customerId) ?? [],
    );
    return { ...cash, candidates, reportedPayments: reported.get(`${cash.customerId}/${cash.currency}`) ?? [] };
  });
  return next === undefined ? { items } : { items, next };
}

/** The open invoices (from the invoice ledger) of the customers the cash belongs to, by customer. */
async function openInvoicesOf(readStore: ReadStore, cash: UnappliedCashDocument[]): Promise<Map<string, InvoiceDocument[]>> {
  const byCustomer = new Map<string, InvoiceDocument[]>();
  if (cash.length === 0) return byCustomer;
  const customerIds = [...new Set(cash.map(({ customerId }) => customerId))];
  const currencies = [...new Set(cash.map(({ currency }) => currency))];
  const invoices = await readStore
    .collection<InvoiceDocument>(INVOICES)
    .find({ customerId: { $in: customerIds }, currency: { $in: currencies }, settledOn: null }, { readOnly: true });
  for (const invoice of invoices) {
    const open = byCustomer.get(invoice.customerId);
    if (open) open.push(invoice);
    else byCustomer.set(invoice.customerId, [invoice]);
  }
  return byCustomer;
}

/**
 * Cash nobody is known for, in one status (`waiting`: the queue to work), oldest first; waiting
 * cash also names the customers who reported paying exactly its amount.
 */
export async function listUnidentifiedCash(readStore: ReadStore, query: UnidentifiedCashQuery): Promise<CashPage<UnidentifiedCashItem>> {
  const { status, limit, after, today } = query;
  const { documents, next } = await page<UnidentifiedCashDocument>(readStore, UNIDENTIFIED_CASH, { status }, limit, after);
  const items = await withReportedPayers(
    readStore,
    documents.map(({ _id, ...cash }) => cash),
    today,
  );
  return next === undefined ? { items } : { items, next };
}
