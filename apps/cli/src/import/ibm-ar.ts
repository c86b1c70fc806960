import { Readable } from 'node:stream';
import { CsvError, Info, parse } from 'csv-parse';
import { BusinessDate, CollectionCommand, CurrencyCode, decimalToMinorUnits, minorDigitsOf } from '@collections/domain';
import { PlannedCommand } from './dispatch';
import { ENTITY_ID_RULE, dayFirstToBusinessDate, isEntityId } from './fields';

/**
 * The IBM Watson Analytics "Accounts Receivable" sample (shared/data/ibm-accounts-receivable.csv):
 * one settled invoice per row, dates day-first, amounts in currency units.
 *
 * Only these columns are read. countrycode, PaperlessDate and PaperlessBill describe the
 * customer, not the debt; DaysToSettle and DaysLate are derived from the dates.
 */
export const IBM_AR_COLUMNS = [
  'customerID',
  'invoiceNumber',
  'InvoiceDate',
  'DueDate',
  'InvoiceAmount',
  'Disputed',
  'SettledDate',
] as const;

type Column = (typeof IBM_AR_COLUMNS)[number];
export type IbmArRecord = Partial<Record<string, string>>;

export interface IbmArInvoice {
  line: number;
  customerId: string;
  invoiceId: string;
  /** Minor units of the import's currency. */
  amount: number;
  issuedOn: BusinessDate;
  dueOn: BusinessDate;
  settledOn: BusinessDate;
  disputed: boolean;
}

/** A row that is skipped, and every reason why. */
export interface BadRow {
  line: number;
  problems: string[];
}

export type RowResult = { ok: true; invoice: IbmArInvoice } | { ok: false; bad: BadRow };

/** Validates one CSV record (columns by header name); `minorDigits` is the currency's (2 for USD). */
export function parseIbmArRecord(record: IbmArRecord, line: number, minorDigits: number): RowResult {
  const problems: string[] = [];
  const present = (column: Column): string | undefined => {
    const value = record[column]?.trim();
    if (value) return value;
    problems.push(`${column} is missing`);
    return undefined;
  };
  const id = (column: Column): string | undefined => {
    const value = present(column);
    if (value === undefined || isEntityId(value)) return value;
    problems.push(`${column} ${JSON.stringify(value)} is not a valid id (${ENTITY_ID_RULE})`);
    return undefined;
  };
  const date = (column: Column): BusinessDate | undefined => {
    const value = present(column);
    if (value === undefined) return undefined;
    const converted = dayFirstToBusinessDate(value);
    if (converted === undefined) problems.push(`${column} ${JSON.stringify(value)} is not a real date written DD/MM/YYYY`);
    return converted;
  };
  const notBefore = (column: Column, later: BusinessDate | undefined, earlier: BusinessDate | undefined): void => {
    if (later !== undefined && earlier !== undefined && later < earlier) {
      problems.push(`${column} ${record[column]?.trim()} is before InvoiceDate ${record.InvoiceDate?.trim()}`);
    }
  };

  const customerId = id('customerID');
  const invoiceId = id('invoiceNumber');
  const issuedOn = date('InvoiceDate');
  const dueOn = date('DueDate');
  const settledOn = date('SettledDate');
  notBefore('DueDate', dueOn, issuedOn);
  notBefore('SettledDate', settledOn, issuedOn);

  const amountText = present('InvoiceAmount');
  const minorUnits = amountText === undefined ? undefined : decimalToMinorUnits(amountText, minorDigits);
  const amount = minorUnits === 0 ? undefined : minorUnits;
  if (amountText !== undefined && amount === undefined) {
    const expected =
      minorDigits === 0
        ? 'a positive whole amount, such as 1234'
        : `a positive amount with at most ${minorDigits} decimals, such as 1234.${'5678'.slice(0, minorDigits)}`;
    problems.push(`InvoiceAmount ${JSON.stringify(amountText)} must be ${expected}`);
  }

  const disputedText = present('Disputed');
  const disputed = disputedText === undefined ? undefined : { yes: true, no: false }[disputedText.toLowerCase()];
  if (disputedText !== undefined && disputed === undefined) {
    problems.push(`Disputed must be Yes or No, not ${JSON.stringify(disputedText)}`);
  }

  if (
    problems.length > 0 ||
    customerId === undefined ||
    invoiceId === undefined ||
    issuedOn === undefined ||
    dueOn === undefined ||
    settledOn === undefined ||
    amount === undefined ||
    disputed === undefined
  ) {
    return { ok: false, bad: { line, problems } };
  }
  return { ok: true, invoice: { line, customerId, invoiceId, amount, issuedOn, dueOn, settledOn, disputed } };
}

export interface IbmArFile {
  /** Data rows read, good and bad. */
  rows: number;
  invoices: IbmArInvoice[];
  /** In line order. */
  badRows: BadRow[];
}

/**
 * Streams and validates a whole file. Rows the CSV parser cannot read (wrong field count, bad
 * quoting) and rows that fail validation are returned as bad rows with their line numbers; an
 * unreadable source or a header without the needed columns is thrown.
 */
export async function readIbmAr(input: Readable, currency: CurrencyCode): Promise<IbmArFile> {
  const minorDigits = minorDigitsOf(currency);
  const badRows: BadRow[] = [];
  const invoices: IbmArInvoice[] = [];
  let unreadable = 0;
  const parser = parse({
    columns: requireColumns,
    info: true,
    bom: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (!error) return;
      unreadable++;
      badRows.push({ line: error.lines as number, problems: [describeCsvError(error)] });
    },
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  // The first line that names an invoice number owns it, valid or not: a later row with the
  // same number is a duplicate, not a replacement.
  const firstLines = new Map<string, number>();
  let records = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: IbmArRecord; info: Info }>) {
    records++;
    const line = info.lines;
    const result = parseIbmArRecord(record, line, minorDigits);
    const invoiceNumber = record.invoiceNumber?.trim();
    const firstLine = invoiceNumber ? firstLines.get(invoiceNumber) : undefined;
    if (invoiceNumber && firstLine === undefined) firstLines.set(invoiceNumber, line);
    if (firstLine !== undefined) {
      const duplicate = `invoiceNumber ${invoiceNumber} is already on line ${firstLine}`;
      badRows.push({ line, problems: result.ok ? [duplicate] : [duplicate, ...result.bad.problems] });
    } else if (result.ok) {
      invoices.push(result.invoice);
    } else {
      badRows.push(result.bad);
    }
  }
  badRows.sort((a, b) => a.line - b.line);
  return { rows: records + unreadable, invoices, badRows };
}

function requireColumns(header: string[]): string[] {
  const columns = header.map((name) => name.trim());
  const missing = IBM_AR_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    throw new Error(
      `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (an ibm-ar file has ${IBM_AR_COLUMNS.join(', ')})`,
    );
  }
  return columns;
}

function describeCsvError(error: CsvError): string {
  if (error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
    const fields = (error.record as unknown[] | undefined)?.length;
    return `has ${fields} fields where the header has ${(error.columns as unknown[]).length}`;
  }
  return `cannot be read as CSV: ${error.message}`;
}

const STEPS = ['register', 'dispute', 'resolve', 'payment'] as const;
type Step = (typeof STEPS)[number];

/**
 * Each invoice's commands, all invoices together in business-date order: by date, then register
 * before dispute before resolution before payment (one invoice's steps can share a day), then by
 * line, so the order is the same on every run.
 *
 * A disputed invoice was contested and then paid in full: the dispute is raised on the earlier of
 * its due and settled dates (the data has no dispute date) and resolved as customer_liable on the
 * day of payment. The data has no category either; `pricing` is assumed.
 */
export function planIbmArImport(invoices: readonly IbmArInvoice[], currency: CurrencyCode): PlannedCommand[] {
  const steps = invoices.flatMap((invoice) => stepsOf(invoice, currency));
  steps.sort(
    (a, b) =>
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || STEPS.indexOf(a.step) - STEPS.indexOf(b.step) || a.planned.line - b.planned.line,
  );
  return steps.map(({ planned }) => planned);
}

function stepsOf(invoice: IbmArInvoice, currency: CurrencyCode): { date: BusinessDate; step: Step; planned: PlannedCommand }[] {
  const { line, customerId, invoiceId, amount, issuedOn, dueOn, settledOn, disputed } = invoice;
  const step = (name: Step, date: BusinessDate, command: CollectionCommand) => ({
    date,
    step: name,
    planned: { line, customerId, command, idempotencyKey: `ibm-ar:${invoiceId}:${name}` },
  });
  const disputeId = `DSP-${invoiceId}`;
  const raisedOn = dueOn < settledOn ? dueOn : settledOn;
  return [
    step('register', issuedOn, { type: 'RegisterInvoice', data: { invoiceId, amount, currency, issuedOn, dueOn } }),
    ...(disputed
      ? [
          step('dispute', raisedOn, {
            type: 'RaiseDispute',
            data: {
              disputeId,
              invoiceId,
              amount,
              currency,
              category: 'pricing',
              description: 'Imported: the source marks the invoice disputed, without a category or date',
              raisedOn,
            },
          }),
          step('resolve', settledOn, {
            type: 'ResolveDispute',
            data: { disputeId, resolution: 'customer_liable', resolvedOn: settledOn, note: 'Imported: the customer paid in full' },
          }),
        ]
      : []),
    step('payment', settledOn, {
      type: 'ReceivePayment',
      data: { paymentId: `PAY-${invoiceId}`, invoiceId, amount, currency, receivedOn: settledOn },
    }),
  ];
}
