import { Readable } from 'node:stream';
import { IbmArInvoice, IbmArRecord, parseIbmArRecord, planIbmArImport, readIbmAr } from './ibm-ar';

const HEADER =
  'countrycode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate';

const good: IbmArRecord = {
  countrycode: '391',
  customerID: '6708-DPYTF',
  PaperlessDate: '02/08/2012',
  invoiceNumber: '5133177585',
  InvoiceDate: '03/01/2012',
  DueDate: '02/02/2012',
  InvoiceAmount: '55.37',
  Disputed: 'No',
  SettledDate: '16/02/2012',
  PaperlessBill: 'Paper',
  DaysToSettle: '44',
  DaysLate: '14',
};

const problemsOf = (changes: IbmArRecord, minorDigits = 2): string[] => {
  const result = parseIbmArRecord({ ...good, ...changes }, 7, minorDigits);
  if (result.ok) throw new Error(`expected ${JSON.stringify(changes)} to be refused`);
  expect(result.bad.line).toBe(7);
  return result.bad.problems;
};

const amountOf = (InvoiceAmount: string, minorDigits = 2): number => {
  const result = parseIbmArRecord({ ...good, InvoiceAmount }, 2, minorDigits);
  if (!result.ok) throw new Error(result.bad.problems.join('; '));
  return result.invoice.amount;
};

const csv = (...lines: string[]) => Readable.from([lines.join('\r\n')]);

describe('an ibm-ar row', () => {
  it('becomes an invoice: ids as they are, day-first dates as business dates, the amount in cents', () => {
    expect(parseIbmArRecord(good, 3, 2)).toEqual({
      ok: true,
      invoice: {
        line: 3,
        customerId: '6708-DPYTF',
        invoiceId: '5133177585',
        amount: 5537,
        issuedOn: '2012-01-03',
        dueOn: '2012-02-02',
        settledOn: '2012-02-16',
        disputed: false,
      },
    });
  });

  it('reads Disputed Yes/No in any case, and dates without leading zeros', () => {
    const result = parseIbmArRecord({ ...good, Disputed: 'yes', InvoiceDate: '3/1/2012' }, 2, 2);
    expect(result).toMatchObject({ ok: true, invoice: { disputed: true, issuedOn: '2012-01-03' } });
  });

  it('converts amounts exactly from their digits, whatever a float would make of them', () => {
    expect(amountOf('4.35')).toBe(435);
    expect(amountOf('0.29')).toBe(29);
    expect(amountOf('1.1')).toBe(110);
    expect(amountOf('97')).toBe(9700);
    expect(amountOf('0.01')).toBe(1);
    expect(amountOf('90071992547409.91')).toBe(9007199254740991);
  });

  it('uses the currency’s own minor unit', () => {
    expect(amountOf('1234', 0)).toBe(1234);
    expect(problemsOf({ InvoiceAmount: '12.5' }, 0)).toEqual(['InvoiceAmount "12.5" must be a positive whole amount, such as 1234']);
    expect(amountOf('1.234', 3)).toBe(1234);
  });

  it.each([
    ['customerID is missing', { customerID: '' }],
    ['customerID is missing', { customerID: '   ' }],
    ['customerID "ACME 1" is not a valid id', { customerID: 'ACME 1' }],
    ['invoiceNumber is missing', { invoiceNumber: undefined }],
    ['invoiceNumber "-12" is not a valid id', { invoiceNumber: '-12' }],
    [
      'is not a valid id (letters, digits and . _ : - only, starting with a letter or digit, at most 128 characters)',
      { invoiceNumber: 'x'.repeat(129) },
    ],
    ['InvoiceDate "31/02/2013" is not a real date written DD/MM/YYYY', { InvoiceDate: '31/02/2013' }],
    ['DueDate "2012-02-02" is not a real date written DD/MM/YYYY', { DueDate: '2012-02-02' }],
    ['SettledDate "29/02/2013" is not a real date', { SettledDate: '29/02/2013' }],
    ['SettledDate is missing', { SettledDate: '' }],
    ['InvoiceAmount "12.345" must be a positive amount with at most 2 decimals, such as 1234.56', { InvoiceAmount: '12.345' }],
    ['InvoiceAmount "0.00" must be a positive amount', { InvoiceAmount: '0.00' }],
    ['InvoiceAmount "-5.00" must be a positive amount', { InvoiceAmount: '-5.00' }],
    ['InvoiceAmount "1,234.00" must be a positive amount', { InvoiceAmount: '1,234.00' }],
    ['InvoiceAmount "1e3" must be a positive amount', { InvoiceAmount: '1e3' }],
    ['InvoiceAmount "12." must be a positive amount', { InvoiceAmount: '12.' }],
    ['InvoiceAmount "9007199254740992" must be a positive amount', { InvoiceAmount: '9007199254740992' }],
    ['Disputed must be Yes or No, not "maybe"', { Disputed: 'maybe' }],
    ['DueDate 02/01/2012 is before InvoiceDate 03/01/2012', { DueDate: '02/01/2012' }],
    ['SettledDate 01/01/2012 is before InvoiceDate 03/01/2012', { SettledDate: '01/01/2012' }],
  ])('reports "%s"', (problem, changes) => {
    const problems = problemsOf(changes);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it('lists every problem of a row at once', () => {
    expect(problemsOf({ customerID: '', InvoiceAmount: 'abc', Disputed: '' })).toEqual([
      'customerID is missing',
      'InvoiceAmount "abc" must be a positive amount with at most 2 decimals, such as 1234.56',
      'Disputed is missing',
    ]);
  });

  it('accepts due and settled dates on the invoice date', () => {
    expect(parseIbmArRecord({ ...good, DueDate: '03/01/2012', SettledDate: '03/01/2012' }, 2, 2).ok).toBe(true);
  });
});

describe('reading an ibm-ar file', () => {
  const row = (invoiceNumber: string, changes: Partial<Record<'customer' | 'amount' | 'issued' | 'settled', string>> = {}) =>
    `391,${changes.customer ?? 'C-1'},02/08/2012,${invoiceNumber},${changes.issued ?? '03/01/2012'},02/02/2012,${changes.amount ?? '10.00'},No,${changes.settled ?? '16/02/2012'},Paper,44,14`;

  it('numbers rows by their line in the file, counting the header and blank lines', async () => {
    const file = await readIbmAr(
      csv(HEADER, row('1'), '', row('2', { amount: '1.001' }), row('3'), '391,C-1,too,few', row('4', { settled: '01/01/2012' }), row('5')),
      'USD',
    );
    expect(file.rows).toBe(6);
    expect(file.invoices.map((invoice) => [invoice.line, invoice.invoiceId])).toEqual([
      [2, '1'],
      [5, '3'],
      [8, '5'],
    ]);
    expect(file.badRows).toEqual([
      { line: 4, problems: ['InvoiceAmount "1.001" must be a positive amount with at most 2 decimals, such as 1234.56'] },
      { line: 6, problems: ['has 4 fields where the header has 12'] },
      { line: 7, problems: ['SettledDate 01/01/2012 is before InvoiceDate 03/01/2012'] },
    ]);
  });

  it('refuses a second row with an invoice number already used, even by a bad row or another customer', async () => {
    const file = await readIbmAr(
      csv(HEADER, row('1'), row('2', { amount: 'x' }), row('1', { customer: 'C-2' }), row('2'), row('1', { amount: 'y' })),
      'USD',
    );
    expect(file.invoices.map((invoice) => invoice.line)).toEqual([2]);
    expect(file.badRows.map(({ line, problems }) => [line, problems[0]])).toEqual([
      [3, 'InvoiceAmount "x" must be a positive amount with at most 2 decimals, such as 1234.56'],
      [4, 'invoiceNumber 1 is already on line 2'],
      [5, 'invoiceNumber 2 is already on line 3'],
      [6, 'invoiceNumber 1 is already on line 2'],
    ]);
    expect(file.badRows[3].problems).toHaveLength(2);
  });

  it('skips a byte-order mark and reads LF files too', async () => {
    const file = await readIbmAr(Readable.from([`\uFEFF${HEADER}\n${row('1')}\n${row('2')}\n`]), 'USD');
    expect(file.invoices.map((invoice) => invoice.line)).toEqual([2, 3]);
  });

  it('throws for a header without the columns it needs', async () => {
    await expect(readIbmAr(csv('customerID,invoiceNumber,Amount', 'C-1,1,10.00'), 'USD')).rejects.toThrow(
      'the header lacks the columns InvoiceDate, DueDate, InvoiceAmount, Disputed, SettledDate',
    );
  });

  it('throws when the source cannot be read', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    await expect(readIbmAr(failing, 'USD')).rejects.toThrow('disk on fire');
  });
});

describe('planning an ibm-ar import', () => {
  const invoice = (changes: Partial<IbmArInvoice>): IbmArInvoice => ({
    line: 2,
    customerId: 'C-1',
    invoiceId: 'INV-1',
    amount: 1599,
    issuedOn: '2012-01-03',
    dueOn: '2012-02-02',
    settledOn: '2012-02-15',
    disputed: false,
    ...changes,
  });

  it('registers and pays an undisputed invoice, with deterministic ids and idempotency keys', () => {
    expect(planIbmArImport([invoice({})], 'USD')).toEqual([
      {
        line: 2,
        customerId: 'C-1',
        idempotencyKey: 'ibm-ar:INV-1:register',
        command: {
          type: 'RegisterInvoice',
          data: { invoiceId: 'INV-1', amount: 1599, currency: 'USD', issuedOn: '2012-01-03', dueOn: '2012-02-02' },
        },
      },
      {
        line: 2,
        customerId: 'C-1',
        idempotencyKey: 'ibm-ar:INV-1:payment',
        command: {
          type: 'ReceivePayment',
          data: { paymentId: 'PAY-INV-1', invoiceId: 'INV-1', amount: 1599, currency: 'USD', receivedOn: '2012-02-15' },
        },
      },
    ]);
  });

  it('disputes a disputed invoice in full on the earlier of due and settled dates, and resolves it on payment', () => {
    const late = planIbmArImport([invoice({ disputed: true })], 'EUR');
    expect(late.map(({ command }) => command)).toEqual([
      expect.objectContaining({ type: 'RegisterInvoice' }),
      {
        type: 'RaiseDispute',
        data: expect.objectContaining({
          disputeId: 'DSP-INV-1',
          invoiceId: 'INV-1',
          amount: 1599,
          currency: 'EUR',
          category: 'pricing',
          raisedOn: '2012-02-02',
        }),
      },
      {
        type: 'ResolveDispute',
        data: expect.objectContaining({ disputeId: 'DSP-INV-1', resolution: 'customer_liable', resolvedOn: '2012-02-15' }),
      },
      expect.objectContaining({ type: 'ReceivePayment' }),
    ]);
    expect(late.map((planned) => planned.idempotencyKey)).toEqual([
      'ibm-ar:INV-1:register',
      'ibm-ar:INV-1:dispute',
      'ibm-ar:INV-1:resolve',
      'ibm-ar:INV-1:payment',
    ]);
    const early = planIbmArImport([invoice({ disputed: true, settledOn: '2012-01-20' })], 'EUR');
    expect(early[1].command).toMatchObject({ type: 'RaiseDispute', data: { raisedOn: '2012-01-20' } });
  });

  it('orders every command by business date, then register < dispute < resolve < payment, then line', () => {
    const plan = planIbmArImport(
      [
        invoice({ line: 2, invoiceId: 'A', issuedOn: '2012-01-05', dueOn: '2012-02-04', settledOn: '2012-01-05', disputed: true }),
        invoice({ line: 3, invoiceId: 'B', customerId: 'C-2', issuedOn: '2012-01-03', dueOn: '2012-01-03', settledOn: '2012-03-01' }),
        invoice({ line: 4, invoiceId: 'C', issuedOn: '2012-01-05', dueOn: '2012-02-04', settledOn: '2012-01-06' }),
      ],
      'USD',
    );
    expect(plan.map((planned) => planned.idempotencyKey.replace('ibm-ar:', ''))).toEqual([
      'B:register', // 01-03
      'A:register', // 01-05
      'C:register',
      'A:dispute',
      'A:resolve',
      'A:payment',
      'C:payment', // 01-06
      'B:payment', // 03-01
    ]);
  });
});
