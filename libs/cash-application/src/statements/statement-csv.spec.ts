import { StatementFormatError } from './bank-statement';
import { parseStatementCsv } from './statement-csv';
import { buildStatementCsv } from '../testing/statement-csv-builder';
import { StatementFileDescription } from '../testing/statement-description';
import { expectedStatement } from '../testing/expected-statement';

const csv = (...lines: string[]) => lines.join('\n');
const HEADER = 'reference,booking_date,amount,currency';

function refusalOf(text: string): StatementFormatError {
  try {
    parseStatementCsv(text);
  } catch (error) {
    if (error instanceof StatementFormatError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('parseStatementCsv', () => {
  it('given every column, in another order and case, when parsed, then each row is an entry with all of it', () => {
    const text = csv(
      'Currency,AMOUNT,reference,booking_date,value_date,payer_name,payer_iban,remittance,references,deduction_amount,deduction_reason,deduction_reference,account',
      'EUR,1250.00,2024010200001,2024-01-02,2024-01-03,Müller & Söhne GmbH,DE75 5121 0800 1245 1261 99,"Invoices INV-1001, INV-1002",INV-1001; INV-1002 ;RF18539007547034,25,2 cartons damaged,INV-1001,de89 3704 0044 0532 0130 00',
      'EUR,-2.5,FEE-0102,2024-01-02,,,,,,,,,CASH-POOL-7',
    );

    expect(parseStatementCsv(text)).toEqual({
      format: 'csv',
      entries: [
        {
          reference: '2024010200001',
          statementAccount: 'DE89370400440532013000',
          amount: 125_000,
          currency: 'EUR',
          direction: 'credit',
          reversal: false,
          bookedOn: '2024-01-02',
          valueOn: '2024-01-03',
          payer: { name: 'Müller & Söhne GmbH', account: 'DE75512108001245126199' },
          remittance: {
            unstructured: ['Invoices INV-1001, INV-1002'],
            references: ['INV-1001', 'INV-1002', 'RF18539007547034'],
            deductions: [{ reference: 'INV-1001', amount: 2_500, reason: '2 cartons damaged' }],
          },
          source: 'line 2',
        },
        {
          reference: 'FEE-0102',
          statementAccount: 'CASH-POOL-7',
          amount: 250,
          currency: 'EUR',
          direction: 'debit',
          reversal: false,
          bookedOn: '2024-01-02',
          valueOn: '2024-01-02',
          payer: {},
          remittance: { unstructured: [], references: [], deductions: [] },
          source: 'line 3',
        },
      ],
    });
  });

  it('given amounts in currencies of 0 and 3 decimals, when parsed, then each is read in its own minor units', () => {
    const statement = parseStatementCsv(csv(HEADER, 'J,2024-01-02,150000,JPY', 'K,2024-01-02,-1234.567,KWD', 'B,2024-01-02,1.5,BHD'));

    expect(statement.entries.map(({ amount, currency, direction }) => [amount, currency, direction])).toEqual([
      [150_000, 'JPY', 'credit'],
      [1_234_567, 'KWD', 'debit'],
      [1_500, 'BHD', 'credit'],
    ]);
  });

  it('given only a header, when parsed, then the statement has no entries', () => {
    expect(parseStatementCsv(`\uFEFF${HEADER}\r\n`)).toEqual({ format: 'csv', entries: [] });
  });

  it('given blank lines and a remittance across lines, when parsed, then each entry names the line it starts on', () => {
    const text = `${HEADER},remittance\r\n\r\nA,2024-01-02,1.00,EUR,"first\r\nsecond\r\nthird"\r\nB,2024-01-02,2.00,EUR,\r\n\r\nC,2024-01-02,3.00,EUR,x\r\n`;

    const statement = parseStatementCsv(text);

    expect(statement.entries.map((entry) => [entry.reference, entry.source])).toEqual([
      ['A', 'line 3'],
      ['B', 'line 6'],
      ['C', 'line 8'],
    ]);
    expect(statement.entries[0].remittance.unstructured).toEqual(['first\r\nsecond\r\nthird']);
  });

  it('given a description the builder writes, when parsed, then the parser reads what it describes', () => {
    const file: StatementFileDescription = {
      statements: [
        {
          id: 'S1',
          iban: 'DE89370400440532013000',
          entries: [
            { reference: 'E1', currency: 'EUR', amount: 99, bookedOn: '2024-01-02', status: 'PDNG' },
            {
              reference: 'E2',
              currency: 'EUR',
              bookedOn: '2024-01-03',
              direction: 'debit',
              transactions: [
                {
                  amount: 100,
                  endToEndId: 'A',
                  payerName: 'Line\nbreak',
                  documents: ['INV-1'],
                  deductions: [{ document: 'INV-1', amount: 5, reason: 'r' }],
                },
                { amount: 200, endToEndId: 'B', payerIban: 'GB82 WEST 1234 5698 7654 32', unstructured: ['"quoted", text'] },
              ],
            },
          ],
        },
      ],
    };

    expect(parseStatementCsv(buildStatementCsv(file))).toEqual(expectedStatement(file, 'csv'));
  });

  describe('given a file that cannot be read', () => {
    const row = (changes: Record<string, string>) => {
      const fields = { reference: 'R1', booking_date: '2024-01-02', amount: '10.00', currency: 'EUR', ...changes };
      return csv(
        Object.keys(fields).join(','),
        'R0,2024-01-02,1.00,EUR' + ',""'.repeat(Object.keys(fields).length - 4),
        Object.values(fields).join(','),
      );
    };

    it.each([
      ['amount', { amount: '"12,50"' }, 'amount "12,50" is not an amount'],
      ['amount', { amount: '+5.00' }, 'amount "+5.00" is not an amount'],
      ['amount', { amount: '1e3' }, 'amount "1e3" is not an amount'],
      ['amount', { amount: '-12.345' }, 'amount "-12.345" has 3 decimal places; EUR has 2'],
      ['amount', { amount: '-0.00' }, 'amount is zero'],
      ['amount', { amount: '' }, 'amount is empty'],
      ['currency', { currency: 'eur' }, 'currency "eur" is not an ISO 4217 currency code'],
      ['booking_date', { booking_date: '02/01/2024' }, 'booking_date "02/01/2024" is not a real day'],
      ['value_date', { value_date: '2024-02-30' }, 'value_date "2024-02-30" is not a real day'],
      ['reference', { reference: '' }, 'reference is empty'],
      ['payer_iban', { payer_iban: 'DE89370400440532013001' }, 'payer_iban "DE89370400440532013001" is not a valid IBAN'],
      ['deduction_reason', { deduction_amount: '1.00' }, 'deduction_reason is empty; a deduction needs one'],
      ['deduction_amount', { deduction_reason: 'damaged' }, 'deduction_reason is given without deduction_amount'],
      ['deduction_amount', { deduction_amount: '1.001', deduction_reason: 'x' }, 'deduction_amount "1.001" has 3 decimal places'],
    ])('when the third line has a bad %s, then the refusal names line 3 and the column', (_column, changes, problem) => {
      expect(refusalOf(row(changes))).toMatchObject({ location: 'line 3', problem: expect.stringContaining(problem) });
    });

    it('when a reference repeats, then the refusal names both lines', () => {
      expect(refusalOf(csv(HEADER, 'R1,2024-01-02,1.00,EUR', '', 'R1,2024-01-03,2.00,EUR'))).toMatchObject({
        location: 'line 4',
        problem: 'reference "R1" is also that of line 2; one reference is one payment',
      });
    });

    it.each([
      ['a column it does not know', `${HEADER},iban`, 'column 5 "iban" is not a statement column'],
      ['a column twice', `${HEADER},Amount`, 'column 5: amount is named twice'],
      ['no amount column', 'reference,booking_date,currency', 'the header has no amount column'],
    ])('when the header has %s, then it is refused at line 1', (_case, header, problem) => {
      expect(refusalOf(csv(header, 'R1,2024-01-02,1.00,EUR,x'))).toMatchObject({
        location: 'line 1',
        problem: expect.stringContaining(problem),
      });
    });

    it('when the file is empty, then it is refused for want of a header', () => {
      expect(refusalOf('')).toMatchObject({ location: 'line 1', problem: expect.stringContaining('the file is empty') });
      expect(refusalOf('\n\n')).toMatchObject({ location: 'line 1' });
    });

    it('when a row has more fields than the header, then the refusal names the line it starts on', () => {
      expect(refusalOf(csv(HEADER, 'R1,2024-01-02,1.00,EUR', '', '"R\n2",2024-01-02,1.00,EUR,extra'))).toMatchObject({
        location: 'line 4',
        problem: 'the row has 5 fields; the header has 4',
      });
    });

    it('when a quote is never closed, then the refusal names the line it opens on', () => {
      expect(refusalOf(csv(HEADER, 'R1,2024-01-02,1.00,EUR', '"R2,2024-01-02,1.00,EUR'))).toMatchObject({ location: 'line 3' });
    });
  });
});
