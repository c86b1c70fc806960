import { electronicFormatIBAN } from 'ibantools';
import { ParsedStatement, RemittedDeduction, StatementEntry, StatementFormat } from '../statements/bank-statement';
import { statementCsvRows } from './statement-csv-builder';
import { StatementFileDescription, describedEntries, orderedDeductions } from './statement-description';

/** What `parseCamt053` (`camt.053.001.0X`) or `parseStatementCsv` (`csv`) must read from the file the builders write. */
export function expectedStatement(file: StatementFileDescription, format: StatementFormat): ParsedStatement {
  const described = describedEntries(file);
  const csvRows = format === 'csv' ? statementCsvRows(file) : [];
  let line = 2;
  const entries = described.map((item, index): StatementEntry => {
    const { statement, entry, transaction } = item;
    let source: string;
    if (format === 'csv') {
      source = `line ${line}`;
      // A line break inside a quoted field pushes the next row down.
      line += Object.values(csvRows[index]).join('').split('\n').length;
    } else {
      const ntry = `Document/BkToCstmrStmt/Stmt[${item.statementIndex + 1}]/Ntry[${item.entryIndex + 1}]`;
      source = item.transactionIndex === undefined ? ntry : `${ntry}/NtryDtls[1]/TxDtls[${item.transactionIndex + 1}]`;
    }
    const statementAccount =
      statement.iban !== undefined ? (electronicFormatIBAN(statement.iban) ?? statement.iban) : statement.otherAccount;
    const payerAccount =
      transaction?.payerIban !== undefined
        ? (electronicFormatIBAN(transaction.payerIban) ?? transaction.payerIban)
        : transaction?.payerAccount;
    return {
      reference: item.reference,
      ...(statementAccount !== undefined && { statementAccount }),
      amount: item.amount,
      currency: entry.currency,
      direction: entry.direction ?? 'credit',
      reversal: entry.reversal ?? false,
      bookedOn: entry.bookedOn,
      valueOn: entry.valueOn ?? entry.bookedOn,
      payer: {
        ...(transaction?.payerName !== undefined && { name: transaction.payerName }),
        ...(payerAccount !== undefined && { account: payerAccount }),
      },
      remittance: {
        unstructured: transaction?.unstructured ?? [],
        references: [...(transaction?.documents ?? []), ...(transaction?.creditorReferences ?? [])],
        deductions: (transaction === undefined ? [] : orderedDeductions(transaction)).map((deduction): RemittedDeduction => ({
          ...(deduction.document !== undefined && { reference: deduction.document }),
          amount: deduction.amount,
          reason: deduction.code !== undefined ? `${deduction.code}: ${deduction.reason}` : deduction.reason,
        })),
      },
      source,
    };
  });
  if (format === 'csv') return { format, entries };
  return { format, statementId: file.statements.map((statement) => statement.id).join(', '), entries };
}
