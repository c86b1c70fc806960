import { formatMoney, fractionDigitsOf, parseMoney } from '../format';

/**
 * Spreading a payment's remaining cash over invoices, as a person types it: each row an invoice
 * and the amount typed for it (empty: nothing for that invoice). Amounts are read exactly into
 * minor units (parseMoney), never through a float.
 */

export interface AllocationRow {
  invoiceId: string;
  /** As typed, e.g. `60.00`; empty for nothing. */
  amount: string;
  /** The invoice's open balance in minor units, when known (a candidate's); undefined for an invoice typed by id. */
  balance?: number;
}

/** What a row's typed amount is: nothing, an amount in minor units, or why it is not one. */
export type TypedAmount = { empty: true } | { minorUnits: number } | { refused: string };

export function typedAmountOf(row: AllocationRow, currency: string): TypedAmount {
  if (row.amount.trim() === '') return { empty: true };
  const parsed = parseMoney(row.amount, currency);
  if ('refused' in parsed) return parsed;
  if (parsed.minorUnits === 0) return { refused: 'Type more than 0, or leave it empty' };
  const overBalance = exceedsBalance(row, currency);
  return overBalance === undefined ? parsed : { refused: overBalance };
}

/** Said while typing: the amount is more than the invoice's balance (a hint before anything is sent). */
export function exceedsBalance(row: AllocationRow, currency: string): string | undefined {
  if (row.balance === undefined || row.amount.trim() === '') return undefined;
  const parsed = parseMoney(row.amount, currency);
  return 'minorUnits' in parsed && parsed.minorUnits > row.balance
    ? `More than the invoice's balance of ${formatMoney(row.balance, currency)}`
    : undefined;
}

/** The minor units typed in a row (over its balance or not): 0 while empty or not (yet) an amount. */
const minorUnitsOf = (row: AllocationRow, currency: string) => {
  if (row.amount.trim() === '') return 0;
  const parsed = parseMoney(row.amount, currency);
  return 'minorUnits' in parsed ? parsed.minorUnits : 0;
};

/** What is typed so far, and what of the payment's remaining cash it leaves (negative: too much). */
export function runningTotal(rows: readonly AllocationRow[], currency: string, remaining: number): { allocated: number; left: number } {
  const allocated = rows.reduce((sum, row) => sum + minorUnitsOf(row, currency), 0);
  return { allocated, left: remaining - allocated };
}

/** Minor units as a person would type them: 6000 EUR is `60.00`, 600 JPY is `600`. */
export function decimalOf(minorUnits: number, currency: string): string {
  const digits = fractionDigitsOf(currency);
  const units = String(minorUnits).padStart(digits + 1, '0');
  return digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
}

/**
 * What "apply remaining" types into one row: what the other rows leave of the remaining cash, at
 * most the invoice's balance; empty when nothing is left.
 */
export function remainingFor(rows: readonly AllocationRow[], index: number, currency: string, remaining: number): string {
  const others = rows.reduce((sum, row, at) => (at === index ? sum : sum + minorUnitsOf(row, currency)), 0);
  const balance = rows[index].balance ?? Number.MAX_SAFE_INTEGER;
  const amount = Math.min(balance, remaining - others);
  return amount > 0 ? decimalOf(amount, currency) : '';
}

/**
 * The remaining cash over the invoices oldest due first, each up to its balance, until none is
 * left: the amounts to type, row by row (rows without a due date, typed by id, get nothing).
 */
export function oldestFirst(rows: readonly (AllocationRow & { dueOn?: string })[], currency: string, remaining: number): string[] {
  const amounts = rows.map(() => '');
  const order = rows
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => row.dueOn !== undefined && row.balance !== undefined)
    .sort((a, b) => a.row.dueOn!.localeCompare(b.row.dueOn!) || a.row.invoiceId.localeCompare(b.row.invoiceId));
  let left = remaining;
  for (const { row, index } of order) {
    if (left <= 0) break;
    const amount = Math.min(row.balance!, left);
    amounts[index] = decimalOf(amount, currency);
    left -= amount;
  }
  return amounts;
}

/** The application to send, or the form's own refusals by field (`rows.1.amount`, `allocations`). */
export type Allocated =
  | {
      allocations: { invoiceId: string; amount: number }[];
      /** The row each sent allocation came from: `/allocations/0/amount` of the answer is about row `sentRows[0]`. */
      sentRows: number[];
    }
  | { refused: Record<string, string> };

/**
 * The allocations of the rows with an amount, checked as the server will check them: each an
 * amount, at most its invoice's balance, each invoice once, together at most the remaining cash.
 */
export function allocationsOf(rows: readonly AllocationRow[], currency: string, remaining: number): Allocated {
  const refused: Record<string, string> = {};
  const allocations: { invoiceId: string; amount: number }[] = [];
  const sentRows: number[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const typed = typedAmountOf(row, currency);
    if ('empty' in typed) return;
    if ('refused' in typed) {
      refused[`rows.${index}.amount`] = typed.refused;
      return;
    }
    const invoiceId = row.invoiceId.trim();
    if (invoiceId === '') {
      refused[`rows.${index}.invoiceId`] = 'Name the invoice';
      return;
    }
    if (seen.has(invoiceId)) {
      refused[`rows.${index}.invoiceId`] = `${invoiceId} is listed already`;
      return;
    }
    seen.add(invoiceId);
    allocations.push({ invoiceId, amount: typed.minorUnits });
    sentRows.push(index);
  });
  if (Object.keys(refused).length > 0) return { refused };
  if (allocations.length === 0) return { refused: { allocations: 'Type an amount for at least one invoice' } };
  const total = allocations.reduce((sum, { amount }) => sum + amount, 0);
  if (total > remaining) {
    return {
      refused: {
        allocations: `The amounts add up to ${formatMoney(total, currency)}, more than the ${formatMoney(remaining, currency)} remaining`,
      },
    };
  }
  return { allocations, sentRows };
}
