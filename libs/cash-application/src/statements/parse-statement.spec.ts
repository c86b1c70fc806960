import fc from 'fast-check';
import { MAX_AMOUNT, addDays } from '@collections/domain';
import { parseStatement, sniffStatementFormat } from './parse-statement';
import { StatementFormatError } from './bank-statement';
import { Camt053Version, buildCamt053 } from '../testing/camt053-builder';
import { buildStatementCsv } from '../testing/statement-csv-builder';
import { DeductionDescription, EntryDescription, StatementFileDescription, TransactionDescription } from '../testing/statement-description';
import { expectedStatement } from '../testing/expected-statement';

const file: StatementFileDescription = {
  statements: [
    { id: 'S1', iban: 'DE89370400440532013000', entries: [{ reference: 'E1', currency: 'EUR', amount: 12_345, bookedOn: '2024-01-02' }] },
  ],
};

describe('parseStatement', () => {
  it.each([
    ['camt.053 after a byte-order mark and blank lines', `\uFEFF\n  \n${buildCamt053(file, '001.08')}`, 'camt.053'],
    ['camt.053 as it is written', buildCamt053(file, '001.02'), 'camt.053'],
    ['a CSV', buildStatementCsv(file), 'csv'],
    ['a CSV after a byte-order mark', `\uFEFF${buildStatementCsv(file)}`, 'csv'],
    ['nothing', '', 'csv'],
  ])('given %s, when the format is not named, then it is sniffed', (_case, content, format) => {
    expect(sniffStatementFormat(content)).toBe(format);
  });

  it('given camt.053 after blank lines, when parsed without a format, then it is read, and a fault names the file’s own line', () => {
    const xml = `\uFEFF\n\n${buildCamt053(file, '001.08')}`;

    expect(parseStatement(xml)).toEqual(expectedStatement(file, 'camt.053.001.08'));
    const broken = xml.replace('</AcctSvcrRef>', '</AcctSvcrReff>');
    const line = broken.split('\n').findIndex((text) => text.includes('</AcctSvcrReff>')) + 1;
    expect(() => parseStatement(broken)).toThrow(`line ${line}: not well-formed XML`);
  });

  it('given a CSV, when parsed without a format, then it is read as CSV', () => {
    expect(parseStatement(buildStatementCsv(file))).toEqual(expectedStatement(file, 'csv'));
  });

  it('given a format, when the content is of another, then the named format’s parser refuses it', () => {
    expect(() => parseStatement(buildCamt053(file, '001.02'), 'csv')).toThrow(StatementFormatError);
    expect(() => parseStatement(buildStatementCsv(file), 'camt.053')).toThrow('line 1: not well-formed XML');
  });
});

// Texts as banks write them, trimmed (both parsers trim) and with characters XML and CSV must escape.
const TEXT_CHARACTERS = [...'abcXYZ0189 &<>"\'.,:-/éü€', '\n'];
const textOf = (characters: string[]) =>
  fc
    .string({ unit: fc.constantFrom(...characters), minLength: 1, maxLength: 12 })
    .map((text) => text.trim())
    .filter((text) => text !== '');
const text = textOf(TEXT_CHARACTERS);
// No `/`: a batch's references are `<entry>/<transaction>`, and must not meet another entry's. No `;` in CSV references.
const entryReference = textOf(TEXT_CHARACTERS.filter((character) => character !== '/'));
const documentNumber = textOf([...TEXT_CHARACTERS, ';']);
const VALID_IBANS = ['DE75512108001245126199', 'GB82 WEST 1234 5698 7654 32', 'NL91ABNA0417164300', 'KW81CBKU0000000000001234560101'];
const reasonCode = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 4, maxLength: 4 });
const day = fc.integer({ min: 0, max: 80_000 }).map((days) => addDays('1900-01-01', days));

function transactionArbitrary(forCsv: boolean): fc.Arbitrary<TransactionDescription> {
  const documents = forCsv
    ? fc.uniqueArray(
        text.filter((doc) => !doc.includes(';')),
        { maxLength: 2 },
      )
    : fc.uniqueArray(documentNumber, { maxLength: 3 });
  return fc
    .record(
      {
        amount: fc.integer({ min: 1, max: 1_000_000_000 }),
        reference: text,
        endToEndId: fc.oneof(text, fc.constant('NOTPROVIDED')),
        payerName: text,
        payerIban: fc.constantFrom(...VALID_IBANS),
        payerAccount: text,
        unstructured: fc.array(text, { maxLength: forCsv ? 1 : 3 }),
        documents,
        creditorReferences: fc.array(forCsv ? text.filter((reference) => !reference.includes(';')) : text, { maxLength: 2 }),
      },
      { requiredKeys: ['amount'] },
    )
    .map((transaction) => (forCsv && transaction.payerIban === undefined ? { ...transaction, payerAccount: undefined } : transaction))
    .chain((transaction) =>
      fc
        .array(deductionArbitrary(transaction.documents ?? []), { maxLength: forCsv ? 1 : 3 })
        .map((deductions) => ({ ...transaction, deductions })),
    );
}

function deductionArbitrary(documents: string[]): fc.Arbitrary<DeductionDescription> {
  return fc.record(
    {
      document: documents.length > 0 ? fc.constantFrom(...documents) : fc.constant(undefined),
      amount: fc.integer({ min: 1, max: 1_000_000 }),
      reason: text,
      code: reasonCode,
    },
    { requiredKeys: ['amount', 'reason'] },
  );
}

function entryArbitrary(forCsv: boolean): fc.Arbitrary<Omit<EntryDescription, 'reference'> & { prefix: string }> {
  return fc
    .record(
      {
        prefix: entryReference,
        entryReference: text,
        amount: fc.integer({ min: 1, max: MAX_AMOUNT }),
        currency: fc.constantFrom('EUR', 'JPY', 'KWD', 'USD', 'BHD'),
        direction: fc.constantFrom('credit' as const, 'debit' as const),
        reversal: forCsv ? fc.constant(false) : fc.boolean(),
        status: fc.constantFrom('BOOK' as const, 'BOOK' as const, 'PDNG' as const, 'INFO' as const),
        bookedOn: day,
        bookedWithTime: fc.boolean(),
        valueOn: day,
        transactions: fc.array(transactionArbitrary(forCsv), { maxLength: 3 }),
      },
      { requiredKeys: ['prefix', 'amount', 'currency', 'bookedOn'] },
    )
    .map((entry) => ({ ...entry, amount: (entry.transactions?.length ?? 0) > 1 ? undefined : entry.amount }));
}

function fileArbitrary(forCsv: boolean): fc.Arbitrary<StatementFileDescription> {
  const statement = fc.record(
    {
      id: text,
      iban: fc.constantFrom(...VALID_IBANS),
      otherAccount: text,
      entries: fc.array(entryArbitrary(forCsv), { maxLength: 4 }),
    },
    { requiredKeys: ['id', 'entries'] },
  );
  return fc.array(statement, { minLength: 1, maxLength: 3 }).map((statements) => {
    let index = 0;
    // References unique in the file: the parsers refuse a repeated one.
    return {
      statements: statements.map(({ entries, ...rest }) => ({
        ...rest,
        entries: entries.map(({ prefix, ...entry }) => ({ ...entry, reference: `${prefix}-${++index}` })),
      })),
    };
  });
}

describe('the builders and the parsers together (property)', () => {
  it.each<Camt053Version>(['001.02', '001.08'])(
    'given any statement file, when the builder writes it in camt.053.%s, then the parser reads back what was described',
    (version) => {
      fc.assert(
        fc.property(fileArbitrary(false), fc.boolean(), (description, pretty) => {
          expect(parseStatement(buildCamt053(description, version, { pretty }))).toEqual(
            expectedStatement(description, `camt.053.${version}`),
          );
        }),
      );
    },
  );

  it('given any statement file the CSV can say, when the builder writes it as CSV, then the parser reads back what was described', () => {
    fc.assert(
      fc.property(fileArbitrary(true), (description) => {
        expect(parseStatement(buildStatementCsv(description))).toEqual(expectedStatement(description, 'csv'));
      }),
    );
  });
});
