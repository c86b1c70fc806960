import { ParsedStatement } from './bank-statement';
import { parseCamt053 } from './camt053';
import { parseStatementCsv } from './statement-csv';

/** The file formats parseStatement reads: camt.053 (001.02 or 001.08, told apart by its namespace) and the statement CSV. */
export type StatementFileFormat = 'camt.053' | 'csv';

/**
 * Reads a bank statement file. Without `format`, XML (the first character after a byte-order
 * mark and whitespace is `<`) is read as camt.053 and anything else as the statement CSV.
 */
export function parseStatement(content: string, format: StatementFileFormat = sniffStatementFormat(content)): ParsedStatement {
  return format === 'camt.053' ? parseCamt053(content) : parseStatementCsv(content);
}

const FIRST_VISIBLE_CHARACTER = /^\uFEFF?\s*(.)/u;

export function sniffStatementFormat(content: string): StatementFileFormat {
  return FIRST_VISIBLE_CHARACTER.exec(content)?.[1] === '<' ? 'camt.053' : 'csv';
}
