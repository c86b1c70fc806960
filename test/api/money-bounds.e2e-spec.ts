import { CollectionEvent, MAX_ACCOUNT_TOTAL, MAX_AMOUNT, streamIdOf } from '@collections/domain';
import { invoiceRegistered } from '@collections/domain/testing/decider-specification';
import { asStored } from '../fixtures/stored-events';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * Defect 5 of issue 11: each amount was capped at 2^53 − 1 but sums were not, so invoices of
 * 9007199254740991 and 2 showed a balance of 9007199254740992. Now one amount is at most
 * MAX_AMOUNT, one account's invoices (and its disputes) add up to at most MAX_ACCOUNT_TOTAL, and
 * a total across accounts is exact or refused with a problem, never answered rounded.
 */
describe('money has bounds, and no total is answered wrong', () => {
  // Two tests seed 1,000 and 10,000 events and project them: seconds on a loaded CI machine.
  jest.setTimeout(60_000);
  let api: TestApi;
  const invoice = (invoiceId: string, amount: number) => ({
    invoiceId,
    amount,
    currency: 'EUR',
    issuedOn: '2024-01-10',
    dueOn: '2024-02-09',
  });

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
  });
  afterAll(() => api.close());

  it('given the probe’s invoices of 9007199254740991 and 2, then the first is refused naming the bound, nothing is appended, and the balance is exact', async () => {
    const refused = await api.as('integration').post('/customers/MB-1/invoices', invoice('BIG', 9_007_199_254_740_991)).expect(400);
    expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(refused.body.errors).toEqual([{ pointer: '/amount', detail: `amount must be at most ${MAX_AMOUNT} minor units` }]);
    expect(await api.streamLength('MB-1')).toBe(0);

    await api.as('integration').post('/customers/MB-1/invoices', invoice('SMALL', 2)).expect(201);
    const { body } = await api.as('auditor').get('/customers/MB-1/state?asOf=2024-06-30').expect(200);
    expect(body.balances).toEqual([expect.objectContaining({ currency: 'EUR', open: 2 })]);
  });

  it.each([
    ['invoices', (amount: number) => invoice('INV-X', amount), '/amount'],
    [
      'payments',
      (amount: number) => ({ paymentId: 'P-X', invoiceId: 'SMALL', amount, currency: 'EUR', receivedOn: '2024-02-01' }),
      '/amount',
    ],
    [
      'credit-memos',
      (amount: number) => ({ creditMemoId: 'CM-X', invoiceId: 'SMALL', amount, currency: 'EUR', issuedOn: '2024-02-01', reason: 'r' }),
      '/amount',
    ],
    [
      'recoveries',
      (amount: number) => ({ recoveryId: 'R-X', invoiceId: 'SMALL', amount, currency: 'EUR', receivedOn: '2024-02-01' }),
      '/amount',
    ],
    [
      'deductions',
      (amount: number) => ({ deductionId: 'DD-X', invoiceId: 'SMALL', amount, currency: 'EUR', programme: 'p', claimedOn: '2024-02-01' }),
      '/amount',
    ],
    [
      'disputes',
      (amount: number) => ({ disputeId: 'D-X', invoiceId: 'SMALL', amount, currency: 'EUR', category: 'pricing', raisedOn: '2024-02-01' }),
      '/amount',
    ],
    [
      'disputes/D-1/resolution',
      (amount: number) => ({ resolution: 'credit_issued', credit: { creditMemoId: 'CM-Y', amount }, resolvedOn: '2024-02-02' }),
      '/credit/amount',
    ],
    [
      'promises',
      (amount: number) => ({
        promiseId: 'PR-X',
        invoiceIds: ['SMALL'],
        amount,
        currency: 'EUR',
        promisedFor: '2024-07-01',
        madeOn: '2024-06-01',
      }),
      '/amount',
    ],
    [
      'payment-plans',
      (amount: number) => ({
        planId: 'PL-X',
        invoiceIds: ['SMALL'],
        currency: 'EUR',
        installments: [{ number: 1, dueOn: '2024-07-01', amount }],
        agreedOn: '2024-06-01',
      }),
      '/installments/0/amount',
    ],
    [
      'credit-limit-recommendations',
      (amount: number) => ({ recommendationId: 'CL-X', recommendedLimit: amount, currency: 'EUR', reason: 'r' }),
      '/recommendedLimit',
    ],
  ])(
    'given any amount past MAX_AMOUNT, when it is posted to %s, then it is refused with a 400 naming the field and nothing is appended',
    async (path, body, pointer) => {
      const before = await api.streamLength('MB-1');
      for (const amount of [MAX_AMOUNT + 1, Number.MAX_SAFE_INTEGER, 2 ** 53, 1e300]) {
        const response = await api.as('admin').post(`/customers/MB-1/${path}`, body(amount)).expect(400);
        expect(response.body.errors).toEqual([expect.objectContaining({ pointer })]);
      }
      expect(await api.streamLength('MB-1')).toBe(before);
    },
  );

  it('given an account whose invoices add up to its bound less one, when invoices of 2 and then 1 are registered, then the first is refused (422 amount-limit, nothing appended) and the second taken', async () => {
    // A thousand invoices of MAX_AMOUNT, and one of 999: MAX_ACCOUNT_TOTAL − 1.
    await seed('MB-2', [
      ...Array.from({ length: 1_000 }, (_, index) => invoiceRegisteredOf(`I-${index}`, MAX_AMOUNT)),
      invoiceRegisteredOf('I-LAST', 999),
    ]);

    const refused = await api.as('integration').post('/customers/MB-2/invoices', invoice('ONE-TOO-MANY', 2)).expect(422);
    expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(refused.body).toMatchObject({ code: 'amount-limit', detail: expect.stringContaining(String(MAX_ACCOUNT_TOTAL)) });
    expect(await api.streamLength('MB-2')).toBe(1_001);

    await api.as('integration').post('/customers/MB-2/invoices', invoice('LAST-CENT', 1)).expect(201);
    const { body } = await api.as('auditor').get('/customers/MB-2/state?asOf=2024-06-30').expect(200);
    expect(body.balances).toEqual([expect.objectContaining({ currency: 'EUR', open: MAX_ACCOUNT_TOTAL })]);
  });

  it('given ten accounts at their bound, when totals across them would pass 2^53, then aging, its customers and KPIs answer 422 total-too-large, and worklists still answer', async () => {
    for (let customer = 0; customer < 10; customer++) {
      await seed(
        `MB-BOOK-${customer}`,
        Array.from({ length: 1_000 }, (_, index) => invoiceRegisteredOf(`I-${index}`, MAX_AMOUNT, 'USD')),
      );
    }
    await api.projected();

    for (const path of ['/aging?asOf=2024-06-30&currency=USD', '/kpis?from=2024-01-01&to=2024-06-30&currency=USD']) {
      const response = await api.as('analyst').get(path).expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        code: 'total-too-large',
        detail: expect.stringContaining(`past ${Number.MAX_SAFE_INTEGER} minor units`),
      });
    }
    // One customer's aging is exact (at most MAX_ACCOUNT_TOTAL), but the report's total is not: refused whole.
    await api.as('analyst').get('/aging?asOf=2024-06-30&currency=USD&groupBy=customer').expect(422);
    const { body } = await api.as('manager').get('/worklists/unassigned?currency=USD').expect(200);
    expect(body.total).toBe(10);
    expect(body.items.every((item: { balance: number }) => item.balance === 1_000 * MAX_AMOUNT)).toBe(true);
  });

  const invoiceRegisteredOf = (invoiceId: string, amount: number, currency = 'EUR') => invoiceRegistered({ invoiceId, amount, currency });

  /** A history written straight into the store: what a thousand accepted commands would have recorded. */
  async function seed(customerId: string, events: CollectionEvent[]): Promise<void> {
    await api.store.appendToStream(
      streamIdOf(customerId),
      events.map((event) => asStored(event)),
      { expectedRevision: 'no_stream' },
    );
  }
});
