import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StatementEntry, StatementFormatError } from './bank-statement';
import { parseCamt053 } from './camt053';
import { Camt053Version, buildCamt053 } from '../testing/camt053-builder';
import { EntryDescription, StatementFileDescription, TransactionDescription } from '../testing/statement-description';
import { expectedStatement } from '../testing/expected-statement';

const fixture = (version: Camt053Version) => readFileSync(join(__dirname, '../testing/fixtures', `camt.053.${version}.xml`), 'utf8');
const VERSIONS: Camt053Version[] = ['001.02', '001.08'];
const OUR_IBAN = 'DE89370400440532013000';
const NTRY = 'Document/BkToCstmrStmt/Stmt[1]/Ntry';

const fileOf = (...entries: EntryDescription[]): StatementFileDescription => ({ statements: [{ id: 'STMT-1', iban: OUR_IBAN, entries }] });
const credit = (reference: string, changes: Partial<EntryDescription> = {}): EntryDescription => ({
  reference,
  amount: 10_000,
  currency: 'EUR',
  bookedOn: '2024-01-02',
  ...changes,
});

/** The refusal a parse ends in, for its location and problem. */
function refusalOf(xml: string): StatementFormatError {
  try {
    parseCamt053(xml);
  } catch (error) {
    if (error instanceof StatementFormatError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

const common = { statementAccount: OUR_IBAN, currency: 'EUR', reversal: false };
const noRemittance = { unstructured: [], references: [], deductions: [] };
const FIXTURE_ENTRIES: Omit<StatementEntry, 'source'>[] = [
  {
    ...common,
    reference: '2024010200001',
    amount: 125_000,
    direction: 'credit',
    bookedOn: '2024-01-02',
    valueOn: '2024-01-03',
    payer: { name: 'Müller & Söhne GmbH', account: 'DE75512108001245126199' },
    remittance: {
      unstructured: ['Invoices INV-1001 and INV-1002'],
      references: ['INV-1001', 'INV-1002', 'RF18539007547034'],
      deductions: [{ reference: 'INV-1001', amount: 2_500, reason: 'DMGD: 2 cartons damaged' }],
    },
  },
  {
    ...common,
    reference: '2024010200002/TX-A',
    amount: 10_000,
    direction: 'credit',
    bookedOn: '2024-01-02',
    valueOn: '2024-01-02',
    payer: { name: 'Acme Ltd', account: 'GB82WEST12345698765432' },
    remittance: { ...noRemittance, unstructured: ['INV-2001'] },
  },
  {
    ...common,
    reference: '2024010200002/E2E-2',
    amount: 20_000,
    direction: 'credit',
    bookedOn: '2024-01-02',
    valueOn: '2024-01-02',
    payer: { name: 'Beta BV', account: 'NL91ABNA0417164300' },
    remittance: { ...noRemittance, references: ['INV-3001'] },
  },
  {
    ...common,
    reference: '2024010200003',
    amount: 8_000,
    direction: 'debit',
    reversal: true,
    bookedOn: '2024-01-02',
    valueOn: '2023-12-29',
    payer: { name: 'Gamma SA', account: 'ACC-77' },
    remittance: { ...noRemittance, unstructured: ['Returned: account closed'] },
  },
  {
    ...common,
    reference: 'FEE-0102',
    amount: 250,
    direction: 'debit',
    bookedOn: '2024-01-02',
    valueOn: '2024-01-02',
    payer: {},
    remittance: noRemittance,
  },
];

describe('parseCamt053', () => {
  describe.each(VERSIONS)('given a statement written by hand in camt.053.%s', (version) => {
    it('when parsed, then its booked entries are read as the other version reads them', () => {
      const statement = parseCamt053(fixture(version));

      expect(statement.format).toBe(`camt.053.${version}`);
      expect(statement.statementId).toBe('STMT-2024-001');
      expect(statement.entries.map(({ source: _source, ...entry }) => entry)).toEqual(FIXTURE_ENTRIES);
      expect(statement.entries.map((entry) => entry.source)).toEqual([
        `${NTRY}[1]`,
        `${NTRY}[2]/NtryDtls[1]/TxDtls[1]`,
        `${NTRY}[2]/NtryDtls[1]/TxDtls[2]`,
        `${NTRY}[3]`,
        `${NTRY}[5]`,
      ]);
    });

    it('when its elements carry a namespace prefix, then it reads the same', () => {
      const prefixed = fixture(version)
        .replace(/<(\/?)([A-Za-z])/g, '<$1ns2:$2')
        .replace('xmlns=', 'xmlns:ns2=');

      expect(parseCamt053(prefixed).entries.map(({ source: _source, ...entry }) => entry)).toEqual(FIXTURE_ENTRIES);
    });
  });

  it('given transaction amounts where the other version keeps them, when parsed, then either place is read', () => {
    const inAmt = fixture('001.02').replace(/<AmtDtls><TxAmt>(<Amt Ccy="EUR">[\d.]+<\/Amt>)<\/TxAmt><\/AmtDtls>/g, '$1');
    const inAmtDtls = fixture('001.08').replace(
      /(<Amt Ccy="EUR">[\d.]+<\/Amt>)\s*<CdtDbtInd>(CRDT|DBIT)<\/CdtDbtInd>(\s*<RltdPties>)/g,
      '<AmtDtls><TxAmt>$1</TxAmt></AmtDtls>$3',
    );

    expect(inAmt).not.toContain('<TxAmt>');
    expect(inAmtDtls.match(/<TxAmt>/g)).toHaveLength(4);
    for (const xml of [inAmt, inAmtDtls])
      expect(parseCamt053(xml).entries.map(({ source: _source, ...entry }) => entry)).toEqual(FIXTURE_ENTRIES);
  });

  it('given a Strd that refers to two documents and adjusts the amount, when parsed, then the deduction names neither', () => {
    const xml = fixture('001.02').replace(
      '<Nb>INV-1001</Nb>\n                </RfrdDocInf>',
      '<Nb>INV-1001</Nb>\n                </RfrdDocInf>\n                <RfrdDocInf><Nb>INV-1009</Nb></RfrdDocInf>',
    );

    const { remittance } = parseCamt053(xml).entries[0];

    expect(remittance.references).toEqual(['INV-1001', 'INV-1009', 'INV-1002', 'RF18539007547034']);
    expect(remittance.deductions).toEqual([{ amount: 2_500, reason: 'DMGD: 2 cartons damaged' }]);
  });

  it.each([
    ['1', true],
    ['0', false],
    ['false', false],
  ])('given RvslInd %s, when parsed, then reversal is %s', (indicator, reversal) => {
    const xml = fixture('001.08').replace('<RvslInd>true</RvslInd>', `<RvslInd>${indicator}</RvslInd>`);

    expect(parseCamt053(xml).entries[3]).toMatchObject({ reference: '2024010200003', reversal });
  });

  it('given names written with character references, when parsed, then they are decoded as XML defines', () => {
    const xml = fixture('001.08').replace('Müller &amp; Söhne GmbH', 'M&#252;ller &amp; S&#xF6;hne &#x20AC; &lt;GmbH&gt; &#0; &nbsp;');

    expect(parseCamt053(xml).entries[0].payer.name).toBe('Müller & Söhne € <GmbH> &#0; &nbsp;');
  });

  describe.each(VERSIONS)('given files the builder writes in camt.053.%s', (version) => {
    const parsed = (file: StatementFileDescription) => parseCamt053(buildCamt053(file, version));

    it('when there are several statements with several entries, then every booked entry is read in file order', () => {
      const file: StatementFileDescription = {
        statements: [
          { id: 'A', iban: 'DE89 3704 0044 0532 0130 00', entries: [credit('E1'), credit('E2', { valueOn: '2024-01-05' })] },
          { id: 'B', otherAccount: 'CASH-POOL-7', entries: [credit('E3', { bookedWithTime: true }), credit('E1')] },
        ],
      };

      const statement = parsed(file);

      expect(statement).toEqual(expectedStatement(file, `camt.053.${version}`));
      expect(statement.statementId).toBe('A, B');
      expect(statement.entries.map((entry) => [entry.reference, entry.statementAccount])).toEqual([
        ['E1', OUR_IBAN],
        ['E2', OUR_IBAN],
        ['E3', 'CASH-POOL-7'],
        ['E1', 'CASH-POOL-7'],
      ]);
    });

    it('when an entry batches several transactions, then each is an entry of its own amount and a distinct reference', () => {
      const transactions: TransactionDescription[] = [
        { amount: 100, reference: 'TX-1', endToEndId: 'E2E-1', payerName: 'Ann' },
        { amount: 200, endToEndId: 'E2E-2', payerName: 'Bob' },
        { amount: 300, endToEndId: 'NOTPROVIDED', payerName: 'Cid' },
      ];
      const statement = parsed(fileOf(credit('B1', { amount: undefined, transactions })));

      expect(statement.entries.map(({ reference, amount, payer }) => [reference, amount, payer.name])).toEqual([
        ['B1/TX-1', 100, 'Ann'],
        ['B1/E2E-2', 200, 'Bob'],
        ['B1/3', 300, 'Cid'],
      ]);
      expect(statement.entries[2].source).toBe(`${NTRY}[1]/NtryDtls[1]/TxDtls[3]`);
    });

    it('when a batch repeats its transactions’ references, then their indices tell them apart', () => {
      const transactions = [
        { amount: 1, endToEndId: 'SAME' },
        { amount: 2, endToEndId: 'SAME' },
      ];
      expect(parsed(fileOf(credit('B1', { amount: undefined, transactions }))).entries.map((entry) => entry.reference)).toEqual([
        'B1/1',
        'B1/2',
      ]);
    });

    it('when a batch’s transactions do not add up to the entry, then the file is refused at the entry’s amount', () => {
      const xml = buildCamt053(fileOf(credit('B1', { amount: 301, transactions: [{ amount: 100 }, { amount: 200 }] })), version);

      expect(refusalOf(xml)).toMatchObject({ location: `${NTRY}[1]/Amt`, problem: expect.stringContaining('3.01 EUR') });
    });

    it.each([
      [
        'has no amount',
        (xml: string) =>
          xml.replace(/<AmtDtls>\s*<TxAmt>\s*<Amt Ccy="EUR">2\.00<\/Amt>\s*<\/TxAmt>\s*<\/AmtDtls>|<Amt Ccy="EUR">2\.00<\/Amt>/, ''),
        '',
        'has no amount',
      ],
      [
        'is in another currency',
        (xml: string) => xml.replace('<Amt Ccy="EUR">2.00</Amt>', '<Amt Ccy="USD">2.00</Amt>'),
        'Amt/@Ccy',
        'is in USD',
      ],
    ])('when a batched transaction %s, then the file is refused at it', (_case, spoil, element, problem) => {
      const xml = spoil(
        buildCamt053(fileOf(credit('B1', { amount: undefined, transactions: [{ amount: 100 }, { amount: 200 }] })), version),
      );
      const transaction = `${NTRY}[1]/NtryDtls[1]/TxDtls[2]`;
      const amountAt = version === '001.02' ? 'AmtDtls/TxAmt/' : '';

      expect(refusalOf(xml)).toEqual(
        expect.objectContaining({
          location: element === '' ? transaction : `${transaction}/${amountAt}${element}`,
          problem: expect.stringContaining(problem),
        }),
      );
    });

    it('when entries are debits and reversals, then direction and reversal say so', () => {
      const statement = parsed(fileOf(credit('D1', { direction: 'debit' }), credit('R1', { direction: 'debit', reversal: true })));

      expect(statement.entries.map(({ direction, reversal }) => [direction, reversal])).toEqual([
        ['debit', false],
        ['debit', true],
      ]);
    });

    it('when amounts are in currencies of 0 and 3 decimals, then each is read in its own minor units', () => {
      const statement = parsed(
        fileOf(credit('J', { currency: 'JPY', amount: 150_000 }), credit('K', { currency: 'KWD', amount: 1_234_567 })),
      );

      expect(statement.entries.map(({ amount, currency }) => [amount, currency])).toEqual([
        [150_000, 'JPY'],
        [1_234_567, 'KWD'],
      ]);
      expect(buildCamt053(fileOf(credit('K', { currency: 'KWD', amount: 1_234_567 })), version)).toContain('<Amt Ccy="KWD">1234.567</Amt>');
    });

    it('when a payment carries structured and unstructured remittance with deductions, then all of it is read', () => {
      const transaction: TransactionDescription = {
        payerName: 'Acme',
        payerIban: 'GB82 WEST 1234 5698 7654 32',
        unstructured: ['Payment for INV-1 & INV-2', 'thank you'],
        documents: ['INV-1', 'INV-2'],
        creditorReferences: ['RF18539007547034'],
        deductions: [
          { document: 'INV-2', amount: 150, reason: 'early payment discount', code: 'DISC' },
          { document: 'INV-1', amount: 99, reason: 'short delivery' },
          { amount: 1, reason: 'bank charges' },
        ],
      };

      const [entry] = parsed(fileOf(credit('E1', { transactions: [transaction] }))).entries;

      expect(entry.payer).toEqual({ name: 'Acme', account: 'GB82WEST12345698765432' });
      expect(entry.remittance).toEqual({
        unstructured: ['Payment for INV-1 & INV-2', 'thank you'],
        references: ['INV-1', 'INV-2', 'RF18539007547034'],
        deductions: [
          { reference: 'INV-1', amount: 99, reason: 'short delivery' },
          { reference: 'INV-2', amount: 150, reason: 'DISC: early payment discount' },
          { amount: 1, reason: 'bank charges' },
        ],
      });
    });

    it('when entries are pending or for information only, then they are skipped', () => {
      const statement = parsed(fileOf(credit('P', { status: 'PDNG' }), credit('B'), credit('I', { status: 'INFO' })));

      expect(statement.entries.map((entry) => [entry.reference, entry.source])).toEqual([['B', `${NTRY}[2]`]]);
    });
  });

  describe('given a file that cannot be read', () => {
    const good = () => buildCamt053(fileOf(credit('E1'), credit('E2'), credit('E3', { amount: 12_345 })), '001.08');
    // Past the statement's balance, which has a CdtDbtInd and a Dt of its own.
    const inEntries = (xml: string, from: string, to: string) =>
      xml.slice(0, xml.indexOf('<Ntry>')) + xml.slice(xml.indexOf('<Ntry>')).replace(from, to);
    const withThirdAmount = (amount: string) => inEntries(good(), '<Amt Ccy="EUR">123.45</Amt>', amount);

    it('when the XML is not well formed, then the refusal names its line', () => {
      const broken = good().replace('<AcctSvcrRef>E2</AcctSvcrRef>', '<AcctSvcrRef>E2</AcctSvcrReff>');
      const line =
        good()
          .split('\n')
          .findIndex((text) => text.includes('<AcctSvcrRef>E2')) + 1;

      expect(refusalOf(broken)).toMatchObject({ location: `line ${line}`, problem: expect.stringContaining('not well-formed XML') });
      expect(refusalOf('')).toMatchObject({ location: 'line 1' });
    });

    it.each([
      ['a negative amount', '<Amt Ccy="EUR">-123.45</Amt>', 'Amt', 'is not an amount'],
      ['a decimal comma', '<Amt Ccy="EUR">123,45</Amt>', 'Amt', 'is not an amount'],
      ['more decimals than the currency has', '<Amt Ccy="EUR">123.456</Amt>', 'Amt', 'has 3 decimal places; EUR has 2'],
      ['decimals in yen', '<Amt Ccy="JPY">123.4</Amt>', 'Amt', 'has 1 decimal place; JPY has 0'],
      ['a zero amount', '<Amt Ccy="EUR">0.00</Amt>', 'Amt', 'is zero'],
      ['an unknown currency', '<Amt Ccy="EUX">123.45</Amt>', 'Amt/@Ccy', 'is not an ISO 4217 currency code'],
      ['no currency', '<Amt>123.45</Amt>', 'Amt/@Ccy', 'names no currency'],
      ['an empty amount', '<Amt Ccy="EUR"></Amt>', 'Amt', 'is empty'],
      ['no amount', '', 'Amt', 'is missing'],
    ])('when the third entry has %s, then the refusal names its path', (_case, amount, element, problem) => {
      expect(refusalOf(withThirdAmount(amount))).toMatchObject({
        location: `${NTRY}[3]/${element}`,
        problem: expect.stringContaining(problem),
      });
    });

    it.each([
      ['the direction', '<CdtDbtInd>CRDT</CdtDbtInd>', '', 'CdtDbtInd', 'is missing'],
      [
        'a direction other than CRDT or DBIT',
        '<CdtDbtInd>CRDT</CdtDbtInd>',
        '<CdtDbtInd>CR</CdtDbtInd>',
        'CdtDbtInd',
        'neither CRDT nor DBIT',
      ],
      ['the booking date', '<BookgDt>\n          <Dt>2024-01-02</Dt>\n        </BookgDt>', '', 'BookgDt', 'is missing'],
      ['an impossible booking date', '<Dt>2024-01-02</Dt>', '<Dt>2024-02-30</Dt>', 'BookgDt/Dt', 'is not a real day'],
      ['the reference', '<AcctSvcrRef>E1</AcctSvcrRef>', '', '', 'neither AcctSvcrRef nor NtryRef'],
      ['the status', '<Sts>\n          <Cd>BOOK</Cd>\n        </Sts>', '', 'Sts', 'is missing'],
      ['an unknown status', '<Cd>BOOK</Cd>', '<Cd>DONE</Cd>', 'Sts/Cd', 'is not BOOK'],
      [
        'a reversal indicator that is no boolean',
        '<CdtDbtInd>CRDT</CdtDbtInd>',
        '<CdtDbtInd>CRDT</CdtDbtInd><RvslInd>yes</RvslInd>',
        'RvslInd',
        'neither true nor false',
      ],
    ])('when the first entry lacks or garbles %s, then the refusal names its path', (_case, from, to, element, problem) => {
      const location = element === '' ? `${NTRY}[1]` : `${NTRY}[1]/${element}`;
      expect(refusalOf(inEntries(good(), from, to))).toMatchObject({ location, problem: expect.stringContaining(problem) });
    });

    it('when a payer’s IBAN fails its check digits, then the file is refused rather than the account learnt', () => {
      const xml = buildCamt053(fileOf(credit('E1', { transactions: [{ payerIban: 'DE89370400440532013001' }] })), '001.02');

      expect(refusalOf(xml)).toMatchObject({ location: `${NTRY}[1]/NtryDtls[1]/TxDtls[1]/RltdPties/DbtrAcct/Id/IBAN` });
    });

    it('when two entries of one account share a reference, then the file is refused', () => {
      expect(refusalOf(buildCamt053(fileOf(credit('E1'), credit('E1')), '001.02'))).toMatchObject({
        location: `${NTRY}[2]`,
        problem: expect.stringContaining(`also that of ${NTRY}[1]`),
      });
    });

    it.each([
      ['another camt.053 version', 'camt.053.001.05', 'camt.053.001.05 is not a version this reader knows'],
      ['another message', 'camt.054.001.08', 'is not camt.053'],
    ])('when the namespace is %s, then the file is refused by name', (_case, message, problem) => {
      const xml = good().replace('camt.053.001.08', message);
      expect(refusalOf(xml)).toMatchObject({ location: 'Document', problem: expect.stringContaining(problem) });
    });

    it('when the root is not a Document, then the file is refused', () => {
      expect(refusalOf('<?xml version="1.0"?><Statement/>')).toMatchObject({ location: 'Statement' });
    });
  });
});
