import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { Recipient } from '@collections/letters';

/** Who to write to, by customer: the customer master's contact details, which events do not carry. */
export interface RecipientDirectory {
  recipientOf(customerId: string): Recipient | undefined;
}

export const NO_RECIPIENTS: RecipientDirectory = { recipientOf: () => undefined };

/** A bad line of the customers file, by its line number. */
export class RecipientFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file} cannot be used:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'RecipientFileError';
  }
}

const COLUMNS = ['customerId', 'name', 'email', 'address'] as const;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The customers file (CUSTOMERS_FILE): CSV with the header `customerId,name,email,address`,
 * the address's lines separated by `|`. Read once at start-up and checked whole: every bad line
 * is reported with its number, and a file with any is refused, so no letter goes to a guess.
 */
export function readRecipientFile(file: string): RecipientDirectory {
  let rows: string[][];
  try {
    rows = parse(readFileSync(file, 'utf8'), { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new RecipientFileError(file, [(error as Error).message]);
  }
  const [header, ...lines] = rows;
  if (header === undefined || header.join(',') !== COLUMNS.join(',')) {
    throw new RecipientFileError(file, [`line 1: the header must be ${COLUMNS.join(',')}`]);
  }
  const recipients = new Map<string, Recipient>();
  const problems: string[] = [];
  const seen = new Set<string>();
  lines.forEach((cells, index) => {
    const line = index + 2;
    const [customerId = '', name = '', email = '', address = ''] = cells;
    const wrong: string[] = [];
    if (cells.length !== COLUMNS.length) wrong.push(`${cells.length} columns instead of ${COLUMNS.length}`);
    if (!ID.test(customerId)) wrong.push(`customerId ${JSON.stringify(customerId)} is not an id`);
    else if (seen.has(customerId)) wrong.push(`customer ${customerId} is listed twice`);
    seen.add(customerId);
    if (email !== '' && !EMAIL.test(email)) wrong.push(`email ${JSON.stringify(email)} is not an address`);
    if (wrong.length > 0) return problems.push(`line ${line}: ${wrong.join('; ')}`);
    const postalAddress =
      address === ''
        ? []
        : address
            .split('|')
            .map((part) => part.trim())
            .filter(Boolean);
    recipients.set(customerId, {
      ...(name === '' ? {} : { name }),
      ...(email === '' ? {} : { email }),
      ...(postalAddress.length === 0 ? {} : { postalAddress }),
    });
  });
  if (problems.length > 0) throw new RecipientFileError(file, problems);
  return { recipientOf: (customerId) => recipients.get(customerId) };
}
