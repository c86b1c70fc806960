import { BusinessDate, CurrencyCode } from '@collections/domain';
import { InvoiceDocument } from '../aging/invoice-ledger.projection';

/**
 * Where a customer's unapplied cash may go: their open invoices in its currency, each with why
 * it is a candidate, so that whoever applies it by hand sees what the matcher would weigh. Only
 * a suggestion: applying is a command (ApplyCash) a person or the matcher sends.
 */

/** Why an invoice is a candidate, strongest first. */
export const CANDIDATE_REASONS = {
  named: 'named in the remittance',
  exactAmount: 'its balance equals the cash remaining',
  oldestDue: 'oldest due',
  open: 'open in the same currency',
} as const;

/** Candidates per item at most: those with a reason of their own first, then the oldest due. */
export const MAX_CANDIDATES = 10;

export interface CandidateInvoice {
  invoiceId: string;
  dueOn: BusinessDate;
  /** Open now, in minor units of the cash's currency. */
  balance: number;
  why: string[];
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a remittance text names the invoice: its id as a word of its own, in any case
 * ("inv-1" names INV-1; "INV-10" does not).
 */
export function namesInvoice(remittance: string, invoiceId: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9])${escaped(invoiceId)}($|[^A-Za-z0-9])`, 'i').test(remittance);
}

/**
 * The candidates for cash of `currency` with `remaining` unapplied, from the customer's open
 * invoices, ordered oldest due first.
 */
export function candidateInvoices(
  cash: { currency: CurrencyCode; remaining: number; remittance: string | null },
  openInvoices: readonly Pick<InvoiceDocument, 'invoiceId' | 'currency' | 'dueOn' | 'balance'>[],
): CandidateInvoice[] {
  const byDueDate = openInvoices
    .filter((invoice) => invoice.currency === cash.currency && invoice.balance > 0)
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.invoiceId < b.invoiceId ? -1 : 1));
  const candidates = byDueDate.map(({ invoiceId, dueOn, balance }, index): CandidateInvoice => {
    const why: string[] = [];
    if (cash.remittance !== null && namesInvoice(cash.remittance, invoiceId)) why.push(CANDIDATE_REASONS.named);
    if (balance === cash.remaining) why.push(CANDIDATE_REASONS.exactAmount);
    if (index === 0) why.push(CANDIDATE_REASONS.oldestDue);
    return { invoiceId, dueOn, balance, why: why.length > 0 ? why : [CANDIDATE_REASONS.open] };
  });
  if (candidates.length <= MAX_CANDIDATES) return candidates;
  // A customer with hundreds of open invoices: keep those with a reason, then the oldest.
  const strong = (candidate: CandidateInvoice) => candidate.why[0] !== CANDIDATE_REASONS.open;
  const kept = new Set(candidates.filter(strong).slice(0, MAX_CANDIDATES));
  for (const candidate of candidates) {
    if (kept.size >= MAX_CANDIDATES) break;
    kept.add(candidate);
  }
  return candidates.filter((candidate) => kept.has(candidate));
}
