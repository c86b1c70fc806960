import type { BusinessDate, CurrencyCode } from '@collections/domain';

/**
 * What a bank statement says about one movement of money, whatever the file's format: each
 * camt.053 transaction detail (a batched entry has several), or each CSV row. The parsers
 * produce these; the matcher and the import read nothing else.
 */
export interface StatementEntry {
  /**
   * The bank's reference for the movement, unique within the statement's account: the entry's
   * `AcctSvcrRef` (or `NtryRef`), with the transaction's own reference appended for a batched
   * entry. What makes an import idempotent: the same reference is the same payment.
   */
  reference: string;
  /** The account the statement is for (our IBAN or other id), when the file names one. */
  statementAccount?: string;
  /** Whole minor units of `currency`, always positive; `direction` says which way it went. */
  amount: number;
  currency: CurrencyCode;
  direction: 'credit' | 'debit';
  /** The bank reversed an earlier entry (camt `RvslInd`); never booked as a payment. */
  reversal: boolean;
  bookedOn: BusinessDate;
  valueOn: BusinessDate;
  payer: { name?: string; account?: string };
  remittance: Remittance;
  /**
   * Where it was read: `line 7` for CSV (the line the row starts on), the XML path of the entry or,
   * in a batch, of its transaction: `Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/NtryDtls[1]/TxDtls[2]`.
   */
  source: string;
}

export interface Remittance {
  /** Free text (`RmtInf/Ustrd`), each occurrence as written. */
  unstructured: string[];
  /** Structured references, as written: referred document numbers (`RfrdDocInf/Nb`) and creditor references (`CdtrRefInf/Ref`). */
  references: string[];
  /** Deductions the payer says it took (`RfrdDocAmt/AdjstmntAmtAndRsn`), against a referred document when it names one. */
  deductions: RemittedDeduction[];
}

export interface RemittedDeduction {
  /** The document (invoice) number it was taken from, when the remittance names one. */
  reference?: string;
  amount: number;
  /** camt's `Rsn` and `AddtlInf` as `<Rsn>: <AddtlInf>` (or whichever is given; empty when neither is). */
  reason: string;
}

export type StatementFormat = 'camt.053.001.02' | 'camt.053.001.08' | 'csv';

export interface ParsedStatement {
  format: StatementFormat;
  /** The statement's own id (`Stmt/Id`), when the file has one; a file of several statements gives their ids, comma-separated. */
  statementId?: string;
  entries: StatementEntry[];
}

/**
 * A file refused whole: nothing of it is imported. `location` says where, as a person finds it
 * (`line 12`, or an XML path `Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt`).
 */
export class StatementFormatError extends Error {
  constructor(
    readonly location: string,
    readonly problem: string,
  ) {
    super(`${location}: ${problem}`);
    this.name = 'StatementFormatError';
  }
}
