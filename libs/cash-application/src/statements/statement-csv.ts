import { CsvError, parse } from 'csv-parse/sync';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { ParsedStatement, RemittedDeduction, StatementEntry, StatementFormatError } from './bank-statement';
import { businessDate, currencyCode, normalizedIban, positiveMinorUnits } from './statement-fields';

/**
 * The columns of a statement CSV, for banks and tools that export no camt.053. A header row names
 * them, in any order and any case; a column not listed here refuses the file. One row is one
 * entry, always booked and never a reversal (the format has no column for either).
 *
 * | column                | required | content                                                                  |
 * |-----------------------|----------|--------------------------------------------------------------------------|
 * | `reference`           | yes      | the bank's reference, unique within the file                             |
 * | `booking_date`        | yes      | YYYY-MM-DD                                                               |
 * | `amount`              | yes      | major units, `.` as decimal point, no thousands separator; negative = debit |
 * | `currency`            | yes      | ISO 4217 code (EUR); the amount may have at most its decimals            |
 * | `value_date`          | no       | YYYY-MM-DD; the booking date when empty                                  |
 * | `payer_name`          | no       | as written                                                               |
 * | `payer_iban`          | no       | spaces allowed; must be a valid IBAN                                     |
 * | `remittance`          | no       | free text (camt `Ustrd`)                                                 |
 * | `references`          | no       | document numbers and creditor references, separated by `;`              |
 * | `deduction_amount`    | no       | positive, in `currency`; needs `deduction_reason`                        |
 * | `deduction_reason`    | no       | why the payer deducted; only with `deduction_amount`                    |
 * | `deduction_reference` | no       | the document the deduction was taken from; only with `deduction_amount` |
 * | `account`             | no       | the statement's account; an IBAN is written electronically, another id as is |
 */
export const STATEMENT_CSV_COLUMNS = [
  'reference',
  'booking_date',
  'amount',
  'currency',
  'value_date',
  'payer_name',
  'payer_iban',
  'remittance',
  'references',
  'deduction_amount',
  'deduction_reason',
  'deduction_reference',
  'account',
] as const;

export type StatementCsvColumn = (typeof STATEMENT_CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly StatementCsvColumn[] = ['reference', 'booking_date', 'amount', 'currency'];

/**
 * Reads a statement CSV (see STATEMENT_CSV_COLUMNS). Any fault refuses the whole file with a
 * StatementFormatError at `line N`, the physical line where the row starts (the header is line
 * 1), naming the column. A file with a header and no rows is a statement without entries.
 */
export function parseStatementCsv(text: string): ParsedStatement {
  const lines = new RecordLines(text);
  // Where each record ends (a byte offset): csv-parse's own line count is off after a quoted `\r\n`.
  const ends: number[] = [];
  // Set by the parser's callback, which control flow analysis does not see.
  let header = undefined as Map<StatementCsvColumn, number> | undefined;
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      on_record: (record, context) => {
        // The header is judged before any row: a row's fault may be the header's.
        header ??= columnsOf(record);
        ends.push(context.bytes);
        return record;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const fields = (error as CsvError & { record?: unknown[] }).record?.length;
    const problem =
      error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
        ? `the row has ${fields} fields; the header has ${header?.size}`
        : error.message;
    throw new StatementFormatError(`line ${lines.startingAfter(ends.at(-1) ?? 0)}`, problem);
  }
  const columns = header;
  if (columns === undefined) {
    throw new StatementFormatError('line 1', `the file is empty; its first line must name the columns (${REQUIRED_COLUMNS.join(', ')}, …)`);
  }
  const rows = records.slice(1);
  const entries: StatementEntry[] = [];
  const lineOfReference = new Map<string, number>();
  for (const [index, record] of rows.entries()) {
    const line = lines.startingAfter(ends[index]);
    const field = (column: StatementCsvColumn): string | undefined => {
      const index = columns.get(column);
      const value = index === undefined ? undefined : record[index];
      return value === '' ? undefined : value;
    };
    const entry = entryOf(field, line);
    const earlier = lineOfReference.get(entry.reference);
    if (earlier !== undefined) {
      throw new StatementFormatError(
        `line ${line}`,
        `reference ${JSON.stringify(entry.reference)} is also that of line ${earlier}; one reference is one payment`,
      );
    }
    lineOfReference.set(entry.reference, line);
    entries.push(entry);
  }
  return { format: 'csv', entries };
}

function columnsOf(header: string[]): Map<StatementCsvColumn, number> {
  const columns = new Map<StatementCsvColumn, number>();
  header.forEach((name, index) => {
    const column = STATEMENT_CSV_COLUMNS.find((known) => known === name.toLowerCase());
    if (column === undefined) {
      throw new StatementFormatError(
        'line 1',
        `column ${index + 1} ${JSON.stringify(name)} is not a statement column (${STATEMENT_CSV_COLUMNS.join(', ')})`,
      );
    }
    if (columns.has(column)) throw new StatementFormatError('line 1', `column ${index + 1}: ${column} is named twice`);
    columns.set(column, index);
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0) throw new StatementFormatError('line 1', `the header has no ${missing.join(', ')} column (required)`);
  return columns;
}

function entryOf(field: (column: StatementCsvColumn) => string | undefined, line: number): StatementEntry {
  const location = `line ${line}`;
  const required = (column: StatementCsvColumn): string => {
    const value = field(column);
    if (value === undefined) throw new StatementFormatError(location, `${column} is empty`);
    return value;
  };
  const reference = required('reference');
  const bookedOn = businessDate(required('booking_date'), location, 'booking_date');
  const amountText = required('amount');
  const currency = currencyCode(required('currency'), location, 'currency');
  const debit = amountText.startsWith('-');
  const amount = positiveMinorUnits(debit ? amountText.slice(1) : amountText, currency, location, 'amount', amountText);
  const valueText = field('value_date');
  const valueOn = valueText === undefined ? bookedOn : businessDate(valueText, location, 'value_date');
  const payerName = field('payer_name');
  const payerIban = field('payer_iban');
  const payerAccount = payerIban === undefined ? undefined : normalizedIban(payerIban, location, 'payer_iban');
  const remittanceText = field('remittance');
  const references = (field('references') ?? '')
    .split(';')
    .map((reference) => reference.trim())
    .filter((reference) => reference !== '');
  const account = field('account');
  return {
    reference,
    ...(account !== undefined && { statementAccount: statementAccountOf(account) }),
    amount,
    currency,
    direction: debit ? 'debit' : 'credit',
    reversal: false,
    bookedOn,
    valueOn,
    payer: { ...(payerName !== undefined && { name: payerName }), ...(payerAccount !== undefined && { account: payerAccount }) },
    remittance: {
      unstructured: remittanceText === undefined ? [] : [remittanceText],
      references,
      deductions: deductionsOf(field, location, currency),
    },
    source: location,
  };
}

function deductionsOf(field: (column: StatementCsvColumn) => string | undefined, location: string, currency: string): RemittedDeduction[] {
  const amountText = field('deduction_amount');
  const reason = field('deduction_reason');
  const reference = field('deduction_reference');
  if (amountText === undefined) {
    const stray = reason !== undefined ? 'deduction_reason' : reference !== undefined ? 'deduction_reference' : undefined;
    if (stray !== undefined) throw new StatementFormatError(location, `${stray} is given without deduction_amount`);
    return [];
  }
  if (reason === undefined) throw new StatementFormatError(location, 'deduction_reason is empty; a deduction needs one');
  const amount = positiveMinorUnits(amountText, currency, location, 'deduction_amount');
  return [{ ...(reference !== undefined && { reference }), amount, reason }];
}

/** An IBAN in electronic form when the text is one; any other account id as written. */
function statementAccountOf(text: string): string {
  const electronic = electronicFormatIBAN(text);
  return electronic !== null && isValidIBAN(electronic) ? electronic : text;
}

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The physical line a record starts on. csv-parse counts a line break inside a quoted field twice
 * when it is `\r\n`, so lines are counted here, from the byte offsets where its records end.
 */
class RecordLines {
  private readonly bytes: Buffer;
  private offset = 0;
  private line = 1;

  constructor(text: string) {
    this.bytes = Buffer.from(text, 'utf8');
  }

  /** The line of the first character after byte `end` that is not a line break (blank lines are skipped). */
  startingAfter(end: number): number {
    for (; this.offset < end; this.offset++) if (this.bytes[this.offset] === LINE_FEED) this.line++;
    let line = this.line;
    for (let ahead = this.offset; ahead < this.bytes.length; ahead++) {
      const byte = this.bytes[ahead];
      if (byte === LINE_FEED) line++;
      else if (byte !== CARRIAGE_RETURN) break;
    }
    return line;
  }
}
