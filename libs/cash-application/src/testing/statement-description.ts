import { BusinessDate, CurrencyCode, minorDigitsOf } from '@collections/domain';

/*
 * A plain description of a statement file, from which the builders write camt.053 (either
 * version) or the statement CSV, and from which `expectedStatement` says what the parsers must
 * read back. Amounts are minor units; texts are written as given (the parsers trim, so give
 * them trimmed and not empty).
 */

export interface StatementFileDescription {
  /** GrpHdr/MsgId; `MSG-1` when not given. */
  messageId?: string;
  /** GrpHdr/CreDtTm and every Stmt/CreDtTm; a fixed default keeps files deterministic. */
  createdAt?: string;
  statements: StatementDescription[];
}

export interface StatementDescription {
  /** Stmt/Id. */
  id: string;
  /** Our account, Acct/Id/IBAN (written as given: spaces are the parser's to remove). */
  iban?: string;
  /** Our account's other id, Acct/Id/Othr/Id, when it has no IBAN. */
  otherAccount?: string;
  entries: EntryDescription[];
}

export type EntryStatus = 'BOOK' | 'PDNG' | 'INFO';

export interface EntryDescription {
  /** The entry's AcctSvcrRef. */
  reference: string;
  /** NtryRef, written beside AcctSvcrRef when given. */
  entryReference?: string;
  /** Minor units; the sum of the transactions' when not given. */
  amount?: number;
  currency: CurrencyCode;
  /** `credit` when not given. */
  direction?: 'credit' | 'debit';
  reversal?: boolean;
  /** `BOOK` when not given; the others are written, and read by nobody. */
  status?: EntryStatus;
  bookedOn: BusinessDate;
  /** Written as BookgDt/DtTm (that day, 10:15 local time) instead of BookgDt/Dt. */
  bookedWithTime?: boolean;
  /** ValDt; none is written when not given (the parsers then use the booking date). */
  valueOn?: BusinessDate;
  /** NtryDtls/TxDtls; several make a batch. */
  transactions?: TransactionDescription[];
}

export interface TransactionDescription {
  /** Minor units; required in a batch, the entry's amount when it is the only one. */
  amount?: number;
  /** Refs/AcctSvcrRef. */
  reference?: string;
  /** Refs/EndToEndId. */
  endToEndId?: string;
  payerName?: string;
  /** DbtrAcct/Id/IBAN, written as given. */
  payerIban?: string;
  /** DbtrAcct/Id/Othr/Id, when there is no IBAN. */
  payerAccount?: string;
  /** RmtInf/Ustrd, one element each. */
  unstructured?: string[];
  /** Invoice numbers: one Strd with RfrdDocInf/Nb each. */
  documents?: string[];
  /** Creditor references (RF…): one Strd with CdtrRefInf/Ref each, after the documents'. */
  creditorReferences?: string[];
  deductions?: DeductionDescription[];
}

export interface DeductionDescription {
  /** One of the transaction's `documents` (the deduction goes into its Strd), or none. */
  document?: string;
  amount: number;
  /** AddtlInf. */
  reason: string;
  /** Rsn, at most four characters; the parser reads `<code>: <reason>`. */
  code?: string;
}

export const DEFAULT_CREATED_AT = '2024-01-02T06:00:00';

/** Minor units as the decimal text a bank writes: 12345 EUR → `123.45`, 12345 JPY → `12345`. */
export function minorUnitsToDecimal(amount: number | bigint, currency: CurrencyCode): string {
  const digits = minorDigitsOf(currency);
  if (digits === 0) return String(amount);
  const text = String(amount).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Where a parsed entry comes from in the description, with what every format reads alike. */
export interface DescribedEntry {
  statementIndex: number;
  entryIndex: number;
  /** Set for each transaction of a batch; an entry with one or no transactions has none. */
  transactionIndex?: number;
  statement: StatementDescription;
  entry: EntryDescription;
  /** The only transaction, or this one of the batch. */
  transaction?: TransactionDescription;
  reference: string;
  amount: number;
}

/** The entries the parsers must produce, in file order: booked ones only, a batch's transactions each. */
export function describedEntries(file: StatementFileDescription): DescribedEntry[] {
  const described: DescribedEntry[] = [];
  file.statements.forEach((statement, statementIndex) =>
    statement.entries.forEach((entry, entryIndex) => {
      if ((entry.status ?? 'BOOK') !== 'BOOK') return;
      const transactions = entry.transactions ?? [];
      const base = { statementIndex, entryIndex, statement, entry };
      if (transactions.length <= 1) {
        described.push({ ...base, transaction: transactions[0], reference: entry.reference, amount: entryAmountOf(entry) });
        return;
      }
      const own = transactionReferencesOf(transactions);
      transactions.forEach((transaction, transactionIndex) =>
        described.push({
          ...base,
          transactionIndex,
          transaction,
          reference: `${entry.reference}/${own[transactionIndex]}`,
          amount: transactionAmountOf(transaction),
        }),
      );
    }),
  );
  return described;
}

export function entryAmountOf(entry: EntryDescription): number {
  if (entry.amount !== undefined) return entry.amount;
  const transactions = entry.transactions ?? [];
  if (transactions.length === 0) throw new Error(`entry ${entry.reference} has neither an amount nor transactions`);
  return transactions.reduce((sum, transaction) => sum + transactionAmountOf(transaction), 0);
}

/** A batched transaction's amount, which the description must give. */
export function transactionAmountOf(transaction: TransactionDescription): number {
  if (transaction.amount === undefined) throw new Error('a transaction of a batched entry needs an amount');
  return transaction.amount;
}

/** The parsers' rule: AcctSvcrRef, else an EndToEndId other than NOTPROVIDED, else the 1-based index; indices for all if those repeat. */
function transactionReferencesOf(transactions: TransactionDescription[]): string[] {
  const chosen = transactions.map(
    (transaction, index) =>
      transaction.reference ?? (transaction.endToEndId === 'NOTPROVIDED' ? undefined : transaction.endToEndId) ?? String(index + 1),
  );
  return new Set(chosen).size === chosen.length ? chosen : transactions.map((_, index) => String(index + 1));
}

/** The deductions of a transaction in the order the builders write them: by document, then those without one. */
export function orderedDeductions(transaction: TransactionDescription): DeductionDescription[] {
  const deductions = transaction.deductions ?? [];
  for (const deduction of deductions) {
    if (deduction.document !== undefined && !(transaction.documents ?? []).includes(deduction.document)) {
      throw new Error(`deduction against ${deduction.document}, which the transaction does not refer to`);
    }
  }
  return [
    ...[...new Set(transaction.documents)].flatMap((document) => deductions.filter((deduction) => deduction.document === document)),
    ...deductions.filter((deduction) => deduction.document === undefined),
  ];
}
