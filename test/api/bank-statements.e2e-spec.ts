import { buildCamt053 } from '@collections/cash-application/testing/camt053-builder';
import { buildStatementCsv } from '@collections/cash-application/testing/statement-csv-builder';
import { StatementFileDescription } from '@collections/cash-application/testing/statement-description';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * Bank statements over HTTP: each credit is booked once, on the customer its remittance or
 * payer account names, applied by a recorded rule, or left waiting as unidentified cash.
 */
describe('POST /bank-statements', () => {
  let api: TestApi;
  const XML = { 'Content-Type': 'application/xml' };
  const CSV = { 'Content-Type': 'text/csv' };

  beforeEach(async () => {
    api = await startApi({ today: '2024-03-15' });
    for (const [customerId, invoiceId, amount] of [
      ['BS-C1', 'INV-1', 10_000],
      ['BS-C1', 'INV-2', 6_000],
      ['BS-C2', 'INV-7', 8_000],
    ] as const) {
      await api
        .as('integration')
        .post(`/customers/${customerId}/invoices`, { invoiceId, amount, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' })
        .expect(201);
    }
  });
  afterEach(() => api.close());

  const statement: StatementFileDescription = {
    statements: [
      {
        id: 'STMT-1',
        iban: 'LT601010012345678901',
        entries: [
          // Both of BS-C1's invoices, named in the free text, and 10.00 more than they owe.
          {
            reference: 'E1',
            currency: 'EUR',
            bookedOn: '2024-03-01',
            transactions: [
              {
                amount: 17_000,
                payerName: 'Kauno įrankiai UAB',
                payerIban: 'LT121000011101001000',
                unstructured: ['Invoices INV-1, INV-2'],
              },
            ],
          },
          // A batch: BS-C2's invoice by its structured reference, and money nobody can place.
          {
            reference: 'E2',
            currency: 'EUR',
            bookedOn: '2024-03-02',
            transactions: [
              { amount: 8_000, reference: 'T1', documents: ['INV-7'] },
              { amount: 2_500, reference: 'T2', payerName: 'J. Petraitis', unstructured: ['thank you'] },
            ],
          },
          { reference: 'E3', currency: 'EUR', bookedOn: '2024-03-03', reversal: true, direction: 'debit', transactions: [{ amount: 500 }] },
        ],
      },
    ],
  };

  const balances = async (customerId: string) => {
    const { body } = await api.as('manager').get(`/customers/${customerId}/state`).expect(200);
    return Object.fromEntries(
      (body.invoices as { invoiceId: string; balance: number }[]).map(({ invoiceId, balance }) => [invoiceId, balance]),
    );
  };

  it('given a camt.053 file, then each credit is applied, left unapplied or unidentified, and the answer says which and why', async () => {
    const { body } = await api.as('integration').post('/bank-statements', buildCamt053(statement, '001.08'), XML).expect(200);

    expect(body.counts).toEqual({ applied: 2, unapplied: 0, unidentified: 1, 'already-imported': 0, skipped: 1, refused: 0 });
    expect(body.items[0]).toMatchObject({
      customerId: 'BS-C1',
      outcome: 'applied',
      rule: 'remittance-reference',
      allocations: [
        { invoiceId: 'INV-1', amount: 10_000 },
        { invoiceId: 'INV-2', amount: 6_000 },
      ],
      unapplied: 1_000,
    });
    expect(body.items[1]).toMatchObject({ customerId: 'BS-C2', outcome: 'applied', allocations: [{ invoiceId: 'INV-7', amount: 8_000 }] });
    expect(body.items[2]).toMatchObject({ outcome: 'unidentified', amount: 2_500 });
    expect(body.items[3]).toMatchObject({ outcome: 'skipped' });
    expect(await balances('BS-C1')).toEqual({ 'INV-1': 0, 'INV-2': 0 });
    expect(await balances('BS-C2')).toEqual({ 'INV-7': 0 });
  });

  it('given the same statement imported twice (in either version), then the second import appends nothing', async () => {
    await api.as('integration').post('/bank-statements', buildCamt053(statement, '001.02'), XML).expect(200);
    const before = [await api.streamLength('BS-C1'), await api.streamLength('BS-C2')];

    const { body } = await api.as('integration').post('/bank-statements', buildCamt053(statement, '001.08'), XML).expect(200);

    expect(body.counts).toMatchObject({ applied: 0, unidentified: 0, 'already-imported': 3, skipped: 1 });
    expect([await api.streamLength('BS-C1'), await api.streamLength('BS-C2')]).toEqual(before);
  });

  it('given a payment names its invoice, then a later one from the same account without a reference is the same customer, in the same file', async () => {
    const iban = 'LT121000011101001000';
    const file = buildCamt053(
      {
        statements: [
          {
            id: 'STMT-2',
            entries: [
              {
                reference: 'L1',
                currency: 'EUR',
                bookedOn: '2024-03-01',
                transactions: [{ amount: 10_000, payerIban: iban, documents: ['INV-1'] }],
              },
              // No reference at all: its account, learned from L1, says whose it is; its amount, which invoice.
              { reference: 'L2', currency: 'EUR', bookedOn: '2024-03-02', transactions: [{ amount: 6_000, payerIban: iban }] },
            ],
          },
        ],
      },
      '001.08',
    );

    const { body } = await api.as('integration').post('/bank-statements', file, XML).expect(200);

    expect(body.items[0]).toMatchObject({ customerId: 'BS-C1', identifiedBy: 'remittance-reference', rule: 'remittance-reference' });
    expect(body.items[1]).toMatchObject({ customerId: 'BS-C1', identifiedBy: 'payer-account', rule: 'exact-amount' });
    expect(body.items[1]).not.toHaveProperty('learnedAccount');
    expect(await balances('BS-C1')).toEqual({ 'INV-1': 0, 'INV-2': 0 });
  });

  it('given a malformed file, then it is refused whole with where it went wrong, and nothing is appended', async () => {
    const xml = buildCamt053(statement, '001.08').replace('<Amt Ccy="EUR">80.00</Amt>', '<Amt Ccy="EUR">80.001</Amt>');

    const { body } = await api.as('integration').post('/bank-statements', xml, XML).expect(422).expect('Content-Type', PROBLEM_JSON);

    expect(body.location).toMatch(/Ntry\[2\]/);
    // Each customer's stream holds its invoices only.
    expect(await api.streamLength('BS-C1')).toBe(2);
    expect(await api.streamLength('BS-C2')).toBe(1);
  });

  it('given a CSV statement with a deduction, then the short payment is applied and a deduction claim opened for the rest', async () => {
    const csv = buildStatementCsv({
      statements: [
        {
          id: 'CSV',
          entries: [
            {
              reference: 'C1',
              currency: 'EUR',
              bookedOn: '2024-03-04',
              transactions: [
                { amount: 9_500, documents: ['INV-1'], deductions: [{ document: 'INV-1', amount: 500, reason: 'pallet damaged' }] },
              ],
            },
          ],
        },
      ],
    });

    const { body } = await api.as('integration').post('/bank-statements', csv, CSV).expect(200);

    expect(body.items[0]).toMatchObject({ customerId: 'BS-C1', outcome: 'applied', allocations: [{ invoiceId: 'INV-1', amount: 9_500 }] });
    const { body: state } = await api.as('manager').get('/customers/BS-C1/state').expect(200);
    expect(state.disputes).toEqual([expect.objectContaining({ invoiceId: 'INV-1', amount: 500, kind: 'deduction' })]);
  });

  it('given unidentified cash, when a manager assigns it to a customer, then it arrives on that account once, and nobody else can have it', async () => {
    const { body } = await api.as('integration').post('/bank-statements', buildCamt053(statement, '001.08'), XML).expect(200);
    const { paymentId } = body.items[2];
    const before = await api.streamLength('BS-C2');

    await api.as('manager').post(`/cash/unidentified/${paymentId}/assignment`, { customerId: 'BS-C2' }).expect(201);
    // Sent again, it appends nothing more.
    await api.as('manager').post(`/cash/unidentified/${paymentId}/assignment`, { customerId: 'BS-C2' }).expect(200);
    await api.as('manager').post(`/cash/unidentified/${paymentId}/assignment`, { customerId: 'BS-C1' }).expect(422);

    expect(await api.streamLength('BS-C2')).toBe(before + 1);
  });

  it('given a body that is not a statement, then it is refused as the wrong media type', async () => {
    await api.as('integration').post('/bank-statements', { entries: [] }).expect(415).expect('Content-Type', PROBLEM_JSON);
    await api.as('collector').post('/bank-statements', '<x/>', XML).expect(403);
  });
});
