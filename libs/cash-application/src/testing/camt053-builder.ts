import { XMLBuilder } from 'fast-xml-parser';
import { CurrencyCode } from '@collections/domain';
import {
  DEFAULT_CREATED_AT,
  DeductionDescription,
  EntryDescription,
  StatementDescription,
  StatementFileDescription,
  TransactionDescription,
  entryAmountOf,
  minorUnitsToDecimal,
  orderedDeductions,
  transactionAmountOf,
} from './statement-description';

export type Camt053Version = '001.02' | '001.08';

export interface Camt053BuildOptions {
  /** One element a line, indented (the default), or everything on one line: smaller and faster for benchmarks. */
  pretty?: boolean;
}

/**
 * Writes a camt.053 statement file of the given version from a description, laid out as the
 * standard has it (GrpHdr; Stmt with Id, CreDtTm, Acct, a closing balance, Ntry with BkTxCd and
 * NtryDtls/TxDtls), so that tests and benchmarks read what a bank would send. The same
 * description always gives the same file.
 */
export function buildCamt053(file: StatementFileDescription, version: Camt053Version, { pretty = true }: Camt053BuildOptions = {}): string {
  const createdAt = file.createdAt ?? DEFAULT_CREATED_AT;
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Document: {
      '@_xmlns': `urn:iso:std:iso:20022:tech:xsd:camt.053.${version}`,
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      BkToCstmrStmt: {
        GrpHdr: { MsgId: file.messageId ?? 'MSG-1', CreDtTm: createdAt },
        Stmt: file.statements.map((statement) => statementElement(statement, version, createdAt)),
      },
    },
  };
  return `${(pretty ? PRETTY : COMPACT).build(document)}${pretty ? '' : '\n'}`;
}

const OPTIONS = { ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false };
const PRETTY = new XMLBuilder({ ...OPTIONS, format: true, indentBy: '  ' });
const COMPACT = new XMLBuilder(OPTIONS);

function statementElement(statement: StatementDescription, version: Camt053Version, createdAt: string): object {
  const account =
    statement.iban !== undefined
      ? { Acct: { Id: { IBAN: statement.iban } } }
      : statement.otherAccount !== undefined
        ? { Acct: { Id: { Othr: { Id: statement.otherAccount } } } }
        : {};
  return {
    Id: statement.id,
    CreDtTm: createdAt,
    ...account,
    ...closingBalance(statement.entries),
    Ntry: statement.entries.map((entry) => entryElement(entry, version)),
  };
}

/** A CLBD balance of the booked entries (from zero), when they share a currency: enough of `Bal` for a reader. */
function closingBalance(entries: EntryDescription[]): object {
  const booked = entries.filter((entry) => (entry.status ?? 'BOOK') === 'BOOK');
  const currency = booked[0]?.currency;
  if (currency === undefined || booked.some((entry) => entry.currency !== currency)) return {};
  let net = 0n;
  let lastDay = booked[0].bookedOn;
  for (const entry of booked) {
    const amount = BigInt(entryAmountOf(entry));
    net += entry.direction === 'debit' ? -amount : amount;
    if (entry.bookedOn > lastDay) lastDay = entry.bookedOn;
  }
  return {
    Bal: {
      Tp: { CdOrPrtry: { Cd: 'CLBD' } },
      Amt: amountElement(net < 0n ? -net : net, currency),
      CdtDbtInd: net < 0n ? 'DBIT' : 'CRDT',
      Dt: { Dt: lastDay },
    },
  };
}

const RECEIVED_CREDIT_TRANSFER = { Domn: { Cd: 'PMNT', Fmly: { Cd: 'RCDT', SubFmlyCd: 'ESCT' } } };
const ISSUED_CREDIT_TRANSFER = { Domn: { Cd: 'PMNT', Fmly: { Cd: 'ICDT', SubFmlyCd: 'ESCT' } } };

function entryElement(entry: EntryDescription, version: Camt053Version): object {
  const amount = entryAmountOf(entry);
  const transactions = entry.transactions ?? [];
  const batched = transactions.length > 1;
  const indicator = entry.direction === 'debit' ? 'DBIT' : 'CRDT';
  const status = entry.status ?? 'BOOK';
  const details = transactions.map((transaction) =>
    transactionElement(transaction, batched ? transactionAmountOf(transaction) : amount, entry.currency, indicator, version),
  );
  return {
    ...(entry.entryReference !== undefined && { NtryRef: entry.entryReference }),
    Amt: amountElement(amount, entry.currency),
    CdtDbtInd: indicator,
    ...(entry.reversal === true && { RvslInd: 'true' }),
    // 001.02 writes the status as a code, 001.08 as a choice of code or proprietary.
    Sts: version === '001.02' ? status : { Cd: status },
    BookgDt: entry.bookedWithTime === true ? { DtTm: `${entry.bookedOn}T10:15:00+01:00` } : { Dt: entry.bookedOn },
    ...(entry.valueOn !== undefined && { ValDt: { Dt: entry.valueOn } }),
    AcctSvcrRef: entry.reference,
    BkTxCd: indicator === 'CRDT' ? RECEIVED_CREDIT_TRANSFER : ISSUED_CREDIT_TRANSFER,
    ...(transactions.length > 0 && {
      NtryDtls: {
        ...(batched && {
          Btch: { NbOfTxs: String(transactions.length), TtlAmt: amountElement(amount, entry.currency), CdtDbtInd: indicator },
        }),
        TxDtls: details,
      },
    }),
  };
}

function transactionElement(
  transaction: TransactionDescription,
  amount: number,
  currency: CurrencyCode,
  indicator: string,
  version: Camt053Version,
): object {
  const references = {
    ...(transaction.reference !== undefined && { AcctSvcrRef: transaction.reference }),
    ...(transaction.endToEndId !== undefined && { EndToEndId: transaction.endToEndId }),
  };
  // 001.08 gives the transaction's amount in TxDtls/Amt, 001.02 only in AmtDtls/TxAmt/Amt.
  const amountElements =
    version === '001.08'
      ? { Amt: amountElement(amount, currency), CdtDbtInd: indicator }
      : { AmtDtls: { TxAmt: { Amt: amountElement(amount, currency) } } };
  const debtor =
    transaction.payerName === undefined
      ? {}
      : { Dbtr: version === '001.02' ? { Nm: transaction.payerName } : { Pty: { Nm: transaction.payerName } } };
  const debtorAccount =
    transaction.payerIban !== undefined
      ? { DbtrAcct: { Id: { IBAN: transaction.payerIban } } }
      : transaction.payerAccount !== undefined
        ? { DbtrAcct: { Id: { Othr: { Id: transaction.payerAccount } } } }
        : {};
  const parties = { ...debtor, ...debtorAccount };
  const remittance = remittanceElement(transaction, currency);
  return {
    ...(Object.keys(references).length > 0 && { Refs: references }),
    ...amountElements,
    ...(Object.keys(parties).length > 0 && { RltdPties: parties }),
    ...(remittance !== undefined && { RmtInf: remittance }),
  };
}

/** Ustrd each; a Strd per document (with the deductions taken from it), per creditor reference, and one for deductions against no document. */
function remittanceElement(transaction: TransactionDescription, currency: CurrencyCode): object | undefined {
  const documents = transaction.documents ?? [];
  const deductions = orderedDeductions(transaction);
  const structured: object[] = [
    ...documents.map((document, index) => ({
      RfrdDocInf: { Tp: { CdOrPrtry: { Cd: 'CINV' } }, Nb: document },
      // A document named twice carries its deductions once, in its first Strd.
      ...adjustments(
        documents.indexOf(document) === index ? deductions.filter((deduction) => deduction.document === document) : [],
        currency,
      ),
    })),
    ...(transaction.creditorReferences ?? []).map((reference) => ({ CdtrRefInf: { Tp: { CdOrPrtry: { Cd: 'SCOR' } }, Ref: reference } })),
  ];
  const undocumented = deductions.filter((deduction) => deduction.document === undefined);
  if (undocumented.length > 0) structured.push(adjustments(undocumented, currency));
  const unstructured = transaction.unstructured ?? [];
  if (unstructured.length === 0 && structured.length === 0) return undefined;
  return { ...(unstructured.length > 0 && { Ustrd: unstructured }), ...(structured.length > 0 && { Strd: structured }) };
}

function adjustments(deductions: DeductionDescription[], currency: CurrencyCode): object {
  if (deductions.length === 0) return {};
  return {
    RfrdDocAmt: {
      AdjstmntAmtAndRsn: deductions.map((deduction) => ({
        Amt: amountElement(deduction.amount, currency),
        ...(deduction.code !== undefined && { Rsn: deduction.code }),
        AddtlInf: deduction.reason,
      })),
    },
  };
}

function amountElement(amount: number | bigint, currency: CurrencyCode): object {
  return { '#text': minorUnitsToDecimal(amount, currency), '@_Ccy': currency };
}
