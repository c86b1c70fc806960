export * from './statements/bank-statement';
export { parseCamt053 } from './statements/camt053';
export { STATEMENT_CSV_COLUMNS, parseStatementCsv } from './statements/statement-csv';
export type { StatementCsvColumn } from './statements/statement-csv';
export { parseStatement, sniffStatementFormat } from './statements/parse-statement';
export type { StatementFileFormat } from './statements/parse-statement';
