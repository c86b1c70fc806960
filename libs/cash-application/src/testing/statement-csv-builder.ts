import { stringify } from 'csv-stringify/sync';
import { STATEMENT_CSV_COLUMNS, StatementCsvColumn } from '../statements/statement-csv';
import {
  DescribedEntry,
  StatementFileDescription,
  describedEntries,
  minorUnitsToDecimal,
  orderedDeductions,
} from './statement-description';

/**
 * Writes the statement CSV for a description: a header with every column, then a row for each
 * entry parseStatementCsv must read (booked entries only, a batch's transactions each, with the
 * references camt.053 would give them). What the format cannot say is refused, not dropped: a
 * reversal, more than one Ustrd or deduction per row, a payer account that is not an IBAN, a
 * reference containing `;`.
 */
export function buildStatementCsv(file: StatementFileDescription): string {
  return stringify(statementCsvRows(file), { header: true, columns: [...STATEMENT_CSV_COLUMNS] });
}

/** The rows buildStatementCsv writes after the header, one per entry of `describedEntries`. */
export function statementCsvRows(file: StatementFileDescription): Record<StatementCsvColumn, string>[] {
  return describedEntries(file).map(rowOf);
}

function rowOf({ statement, entry, transaction, reference, amount }: DescribedEntry): Record<StatementCsvColumn, string> {
  const refuse = (what: string): never => {
    throw new Error(`entry ${reference}: the statement CSV has no room for ${what}`);
  };
  if (entry.reversal === true) refuse('a reversal');
  if (transaction?.payerAccount !== undefined && transaction.payerIban === undefined) refuse('a payer account that is not an IBAN');
  const unstructured = transaction?.unstructured ?? [];
  if (unstructured.length > 1) refuse('more than one free text');
  const references = [...(transaction?.documents ?? []), ...(transaction?.creditorReferences ?? [])];
  if (references.some((text) => text.includes(';'))) refuse('a reference containing ";"');
  const deductions = transaction === undefined ? [] : orderedDeductions(transaction);
  if (deductions.length > 1) refuse('more than one deduction');
  const [deduction] = deductions;
  return {
    reference,
    booking_date: entry.bookedOn,
    amount: `${entry.direction === 'debit' ? '-' : ''}${minorUnitsToDecimal(amount, entry.currency)}`,
    currency: entry.currency,
    value_date: entry.valueOn ?? '',
    payer_name: transaction?.payerName ?? '',
    payer_iban: transaction?.payerIban ?? '',
    remittance: unstructured[0] ?? '',
    references: references.join(';'),
    deduction_amount: deduction === undefined ? '' : minorUnitsToDecimal(deduction.amount, entry.currency),
    deduction_reason:
      deduction === undefined ? '' : deduction.code !== undefined ? `${deduction.code}: ${deduction.reason}` : deduction.reason,
    deduction_reference: deduction?.document ?? '',
    account: statement.iban ?? statement.otherAccount ?? '',
  };
}
