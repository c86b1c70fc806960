import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BusinessDate, CurrencyCode, ExactSum, formatMoney } from '@collections/domain';
import { ParsedStatement, RemittedDeduction, Remittance, StatementEntry, StatementFormat, StatementFormatError } from './bank-statement';
import { businessDate, currencyCode, normalizedIban, positiveMinorUnits } from './statement-fields';
import { XmlElement, rootElementOf } from './xml-element';
import { xmlEntities } from './xml-entities';

/**
 * Reads an ISO 20022 camt.053 bank-to-customer statement, version 001.02 or 001.08 (told apart by
 * the Document's namespace). Other versions are refused by name rather than read by guesswork:
 * `format` could not say what was read, and their layouts were never checked here.
 *
 * - Only booked entries (`Sts` BOOK) become entries. Pending (PDNG), information (INFO) and
 *   future (FUTR) ones are skipped unread: the bank may still change or drop them, and they come
 *   back booked in a later statement. Any other status refuses the file.
 * - An entry with several transaction details (a batch) becomes one entry per transaction, with
 *   the transaction's own amount and the reference `<entry reference>/<transaction reference>`;
 *   their amounts must add up to the entry's. An entry with one or no details becomes one entry
 *   with the entry's reference and amount.
 * - The payer is the transaction's debtor (`RltdPties/Dbtr`, `DbtrAcct`); an IBAN that fails its
 *   check digits refuses the file, as a wrong one would teach the matcher a wrong account.
 *
 * Anything missing or unreadable refuses the whole file with a StatementFormatError naming the
 * element's path (`Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt`) or, for XML that is not well
 * formed, its line.
 */
export function parseCamt053(xml: string): ParsedStatement {
  // A byte-order mark or blank lines before the XML declaration are harmless; lines still count from the file's first.
  const leading = LEADING_BLANKS.exec(xml)?.[0] ?? '';
  const text = xml.slice(leading.length);
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    const fileLine = line + leading.split('\n').length - 1;
    throw new StatementFormatError(`line ${fileLine}`, `not well-formed XML${col ? ` (column ${col})` : ''}: ${msg}`);
  }
  const root = rootElementOf(parser.parse(text));
  if (root?.name !== 'Document') {
    throw new StatementFormatError(
      root?.name ?? 'line 1',
      `the root element is ${root?.name ?? 'missing'}; a camt.053 file holds a Document`,
    );
  }
  const format = formatOf(root.element);
  const message = root.element.require('BkToCstmrStmt', 'BkToCstmrStmt (the statement message)');
  const statements = message.children('Stmt');
  if (statements.length === 0) throw new StatementFormatError(message.path, 'has no Stmt');

  const entries: StatementEntry[] = [];
  const sourceOfReference = new Map<string, string>();
  for (const statement of statements) {
    const statementAccount = statementAccountOf(statement);
    for (const ntry of statement.children('Ntry')) {
      for (const entry of readEntry(ntry, format, statementAccount)) {
        const key = `${statementAccount ?? ''}\n${entry.reference}`;
        const earlier = sourceOfReference.get(key);
        if (earlier !== undefined) {
          throw new StatementFormatError(
            entry.source,
            `the reference ${JSON.stringify(entry.reference)} is also that of ${earlier}; one reference is one payment`,
          );
        }
        sourceOfReference.set(key, entry.source);
        entries.push(entry);
      }
    }
  }
  const ids = statements.map((statement) => statement.textAt('Id')).filter(isDefined);
  return { format, ...(ids.length > 0 && { statementId: ids.join(', ') }), entries };
}

const LEADING_BLANKS = /^\uFEFF?\s*/;
const CAMT_053_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d{2})$/;
const FORMAT_OF_VERSION: Partial<Record<string, StatementFormat>> = { '02': 'camt.053.001.02', '08': 'camt.053.001.08' };

// Elements the standard lets repeat where this reader looks: always arrays, so one and many read alike.
const REPEATING = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'RfrdDocInf', 'AdjstmntAmtAndRsn']);

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // Banks write `<Document xmlns=…>` or `<ns2:Document xmlns:ns2=…>`; the prefix means nothing here.
  transformTagName: (name) => name.slice(name.indexOf(':') + 1),
  isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && REPEATING.has(name),
  // No path strings built for every element: a third faster on large statements.
  jPath: false,
  entityDecoder: xmlEntities,
});

function formatOf(document: XmlElement): StatementFormat {
  const namespaces = document
    .attributes()
    .filter(([name]) => name === 'xmlns' || name.startsWith('xmlns:'))
    .map(([, namespace]) => namespace);
  const version = namespaces.map((namespace) => CAMT_053_NAMESPACE.exec(namespace)?.[1]).find(isDefined);
  const supported = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 or camt.053.001.08';
  if (version === undefined) {
    throw new StatementFormatError(document.path, `the namespace ${namespaces.join(', ') || '(none)'} is not camt.053's (${supported})`);
  }
  const format = FORMAT_OF_VERSION[version];
  if (format === undefined)
    throw new StatementFormatError(document.path, `camt.053.001.${version} is not a version this reader knows (${supported})`);
  return format;
}

function statementAccountOf(statement: XmlElement): string | undefined {
  const iban = statement.find('Acct/Id/IBAN');
  if (iban !== undefined) return normalizedIban(iban.text() ?? '', iban.path, 'the statement account’s IBAN');
  return statement.textAt('Acct/Id/Othr/Id');
}

type Direction = StatementEntry['direction'];
const SKIPPED_STATUSES = new Set(['PDNG', 'INFO', 'FUTR']);

function readEntry(ntry: XmlElement, format: StatementFormat, statementAccount: string | undefined): StatementEntry[] {
  // 001.02 writes `<Sts>BOOK</Sts>`, 001.08 `<Sts><Cd>BOOK</Cd></Sts>`.
  const statusElement = ntry.require('Sts', 'the status (Sts)');
  const coded = statusElement.find('Cd') ?? statusElement.find('Prtry') ?? statusElement;
  const status = coded.text();
  if (status !== undefined && SKIPPED_STATUSES.has(status)) return [];
  if (status !== 'BOOK')
    throw new StatementFormatError(coded.path, `the status ${JSON.stringify(status ?? '')} is not BOOK, PDNG, INFO or FUTR`);

  const amountElement = ntry.require('Amt', 'the amount (Amt)');
  const { amount, currency } = amountOf(amountElement, 'the amount');
  const direction = directionOf(ntry.require('CdtDbtInd', 'the direction (CdtDbtInd)'));
  const reversalElement = ntry.child('RvslInd');
  const reversal = reversalElement !== undefined && reversalOf(reversalElement);
  const bookedOn = dateOf(ntry.require('BookgDt', 'the booking date (BookgDt)'));
  const valueElement = ntry.child('ValDt');
  const valueOn = valueElement === undefined ? bookedOn : dateOf(valueElement);
  const reference = ntry.textAt('AcctSvcrRef') ?? ntry.textAt('NtryRef');
  if (reference === undefined) throw new StatementFormatError(ntry.path, 'has no reference: neither AcctSvcrRef nor NtryRef');

  const common = { ...(statementAccount !== undefined && { statementAccount }), currency, direction, reversal, bookedOn, valueOn };
  const details = ntry.children('NtryDtls').flatMap((entryDetails) => entryDetails.children('TxDtls'));
  if (details.length <= 1) {
    const [only] = details;
    return [{ reference, ...common, amount, payer: payerOf(only), remittance: remittanceOf(only, currency), source: ntry.path }];
  }

  const amounts = details.map((transaction) => transactionAmountOf(transaction, format, currency, direction));
  const total = new ExactSum();
  for (const part of amounts) total.add(part);
  if (total.exact !== BigInt(amount)) {
    const sum = formatMoney(total.approximate, currency);
    throw new StatementFormatError(
      amountElement.path,
      `the entry's amount ${formatMoney(amount, currency)} is not the sum of its ${details.length} transactions' amounts, ${sum}`,
    );
  }
  const ownReferences = transactionReferencesOf(details);
  return details.map((transaction, index) => ({
    reference: `${reference}/${ownReferences[index]}`,
    ...common,
    amount: amounts[index],
    payer: payerOf(transaction),
    remittance: remittanceOf(transaction, currency),
    source: transaction.path,
  }));
}

function amountOf(element: XmlElement, label: string): { amount: number; currency: CurrencyCode } {
  const code = element.attribute('Ccy');
  const codePath = `${element.path}/@Ccy`;
  if (code === undefined) throw new StatementFormatError(codePath, `${label} names no currency (Ccy)`);
  const currency = currencyCode(code, codePath, `the currency of ${label}`);
  const text = element.text();
  if (text === undefined) throw new StatementFormatError(element.path, `${label} is empty`);
  return { amount: positiveMinorUnits(text, currency, element.path, label), currency };
}

function directionOf(element: XmlElement): Direction {
  const indicator = element.text();
  if (indicator === 'CRDT') return 'credit';
  if (indicator === 'DBIT') return 'debit';
  throw new StatementFormatError(element.path, `the direction ${JSON.stringify(indicator ?? '')} is neither CRDT nor DBIT`);
}

/** An xs:boolean: true, false, 1 or 0. */
function reversalOf(element: XmlElement): boolean {
  const text = element.text();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new StatementFormatError(element.path, `the reversal indicator ${JSON.stringify(text ?? '')} is neither true nor false`);
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T/;

/** `Dt`, or the day of `DtTm` as the bank wrote it (its own time zone: the day it booked on). */
function dateOf(element: XmlElement): BusinessDate {
  const day = element.child('Dt');
  if (day !== undefined) return businessDate(day.text() ?? '', day.path, 'the date');
  const moment = element.child('DtTm');
  if (moment === undefined) throw new StatementFormatError(element.path, 'has neither Dt nor DtTm');
  const text = moment.text() ?? '';
  const match = DATE_TIME.exec(text);
  if (match === null)
    throw new StatementFormatError(moment.path, `the date and time ${JSON.stringify(text)} is not written YYYY-MM-DDThh:mm:ss`);
  return businessDate(match[1], moment.path, 'the date');
}

/** One transaction's amount within a batch: 001.08 puts it in `Amt`, 001.02 in `AmtDtls/TxAmt/Amt`; either is read. */
function transactionAmountOf(transaction: XmlElement, format: StatementFormat, currency: CurrencyCode, direction: Direction): number {
  const booked = transaction.find('Amt');
  const detailed = transaction.find('AmtDtls/TxAmt/Amt');
  const element = format === 'camt.053.001.08' ? (booked ?? detailed) : (detailed ?? booked);
  if (element === undefined) {
    throw new StatementFormatError(
      transaction.path,
      'has no amount (Amt or AmtDtls/TxAmt/Amt); each transaction of a batched entry needs one',
    );
  }
  const { amount, currency: own } = amountOf(element, 'the transaction’s amount');
  if (own !== currency) throw new StatementFormatError(`${element.path}/@Ccy`, `the transaction is in ${own}, its entry in ${currency}`);
  const indicator = transaction.child('CdtDbtInd');
  if (indicator !== undefined && directionOf(indicator) !== direction) {
    throw new StatementFormatError(indicator.path, 'the transaction goes the other way from its batched entry');
  }
  return amount;
}

// Payment schemes write this where the payer gave no end-to-end id: it tells transactions nothing apart.
const NOT_PROVIDED = 'NOTPROVIDED';

/** Each transaction's part of its reference: its AcctSvcrRef, else its EndToEndId, else its 1-based index; indices for all if those repeat. */
function transactionReferencesOf(details: XmlElement[]): string[] {
  const own = details.map((transaction) => {
    const endToEnd = transaction.textAt('Refs/EndToEndId');
    return transaction.textAt('Refs/AcctSvcrRef') ?? (endToEnd === NOT_PROVIDED ? undefined : endToEnd);
  });
  const chosen = own.map((reference, index) => reference ?? String(index + 1));
  return new Set(chosen).size === chosen.length ? chosen : details.map((_, index) => String(index + 1));
}

function payerOf(transaction: XmlElement | undefined): StatementEntry['payer'] {
  const parties = transaction?.child('RltdPties');
  if (parties === undefined) return {};
  // 001.02: Dbtr/Nm; 001.08: Dbtr/Pty/Nm.
  const name = parties.textAt('Dbtr/Nm') ?? parties.textAt('Dbtr/Pty/Nm');
  const iban = parties.find('DbtrAcct/Id/IBAN');
  const account =
    iban !== undefined ? normalizedIban(iban.text() ?? '', iban.path, 'the payer’s IBAN') : parties.textAt('DbtrAcct/Id/Othr/Id');
  return { ...(name !== undefined && { name }), ...(account !== undefined && { account }) };
}

function remittanceOf(transaction: XmlElement | undefined, currency: CurrencyCode): Remittance {
  const remittance: Remittance = { unstructured: [], references: [], deductions: [] };
  const information = transaction?.child('RmtInf');
  if (information === undefined) return remittance;
  remittance.unstructured = information
    .children('Ustrd')
    .map((text) => text.text())
    .filter(isDefined);
  for (const structured of information.children('Strd')) {
    const documents = structured
      .children('RfrdDocInf')
      .map((document) => document.textAt('Nb'))
      .filter(isDefined);
    const creditorReference = structured.textAt('CdtrRefInf/Ref');
    remittance.references.push(...documents, ...(creditorReference !== undefined ? [creditorReference] : []));
    // Which document a deduction was taken from is said only when the Strd refers to exactly one.
    const document = documents.length === 1 ? documents[0] : undefined;
    for (const adjustment of structured.find('RfrdDocAmt')?.children('AdjstmntAmtAndRsn') ?? []) {
      remittance.deductions.push(deductionOf(adjustment, currency, document));
    }
  }
  return remittance;
}

function deductionOf(adjustment: XmlElement, currency: CurrencyCode, document: string | undefined): RemittedDeduction {
  const amountElement = adjustment.require('Amt', 'the deduction’s amount (Amt)');
  const { amount, currency: own } = amountOf(amountElement, 'the deduction');
  if (own !== currency)
    throw new StatementFormatError(`${amountElement.path}/@Ccy`, `the deduction is in ${own}, its payment in ${currency}`);
  const reason = [adjustment.textAt('Rsn'), adjustment.textAt('AddtlInf')].filter(isDefined).join(': ');
  return { ...(document !== undefined && { reference: document }), amount, reason };
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
