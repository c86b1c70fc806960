import { addDays } from '@collections/domain';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * Predicted payment days over HTTP: a customer who has always paid five to six weeks late, and a
 * new one who has promised. Their open invoices carry a predicted day and range on the account's
 * state, the late payer's overdue item is likely late on the worklist, and the cash forecast
 * spreads exactly what is open over the weeks, the promise in its own week.
 */
describe('predicted payment days and the cash forecast', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
  });
  afterAll(() => api.close());

  const post = (role: 'integration' | 'collector' | 'manager', customerId: string, path: string, body: object) =>
    api.as(role).post(`/customers/${customerId}/${path}`, body).expect(201);
  const invoice = (customerId: string, invoiceId: string, amount: number, issuedOn: string) =>
    post('integration', customerId, 'invoices', { invoiceId, amount, currency: 'EUR', issuedOn, dueOn: addDays(issuedOn, 30) });

  beforeAll(async () => {
    // LATE-1 paid each of four invoices 40 days after its due date.
    for (const n of [0, 1, 2, 3]) {
      const issuedOn = addDays('2023-09-01', 45 * n);
      await invoice('LATE-1', `OLD-${n}`, 10_000, issuedOn);
      await post('integration', 'LATE-1', 'payments', {
        paymentId: `PAY-${n}`,
        invoiceId: `OLD-${n}`,
        amount: 10_000,
        currency: 'EUR',
        receivedOn: addDays(issuedOn, 70),
      });
    }
    await invoice('LATE-1', 'INV-OPEN', 50_000, '2024-05-01'); // due 05-31: overdue
    await post('manager', 'LATE-1', 'assignment', { collectorId: 'collector-1', assignedOn: '2024-05-01' });
    // NEW-1 has no history, and promises 7,000 of its 20,000 for 07-10.
    await invoice('NEW-1', 'INV-N', 20_000, '2024-06-20');
    await post('collector', 'NEW-1', 'promises', {
      promiseId: 'PR-1',
      invoiceIds: ['INV-N'],
      amount: 7_000,
      currency: 'EUR',
      promisedFor: '2024-07-10',
      madeOn: '2024-06-28',
    });
    await api.projected();
  });

  it("given the late payer's open invoice, then its state shows when it is predicted to be paid, the range and why; its paid ones do not", async () => {
    const { body } = await api.as('auditor').get('/customers/LATE-1/state').expect(200);
    const open = body.invoices.find((candidate: { invoiceId: string }) => candidate.invoiceId === 'INV-OPEN');
    const paid = body.invoices.find((candidate: { invoiceId: string }) => candidate.invoiceId === 'OLD-0');

    expect(open.predictedPaymentOn > open.dueOn).toBe(true);
    expect(open.predictedRange.from <= open.predictedPaymentOn && open.predictedPaymentOn <= open.predictedRange.to).toBe(true);
    expect(open.predictionBasis).toBe('customer');
    expect(open.predictionDrivers).toEqual(expect.arrayContaining([{ fact: expect.any(String), days: expect.any(Number) }]));
    expect(paid).toMatchObject({ status: 'paid' });
    expect(paid.predictedPaymentOn).toBeUndefined();
  });

  it('given a past day, then the state as of that day shows what was recorded and no prediction: predictions are estimates of today', async () => {
    const { body } = await api.as('auditor').get('/customers/LATE-1/state?asOf=2024-06-15').expect(200);
    const open = body.invoices.find((candidate: { invoiceId: string }) => candidate.invoiceId === 'INV-OPEN');

    expect(open).toMatchObject({ status: 'overdue', balance: 50_000 });
    expect(open.predictedPaymentOn).toBeUndefined();
    expect(open.predictedRange).toBeUndefined();
  });

  it("given the late payer's overdue invoice, then the collector's worklist says it is likely late, and why", async () => {
    const { body } = await api.as('collector').get('/worklists/collector-1').expect(200);

    expect(body.items).toEqual([
      expect.objectContaining({
        customerId: 'LATE-1',
        invoiceIds: ['INV-OPEN'],
        likelyLate: true,
        likelyLateInvoices: [expect.objectContaining({ invoiceId: 'INV-OPEN', dueOn: '2024-05-31' })],
      }),
    ]);
    expect(body.items[0].likelyLateInvoices[0].daysLate).toBeGreaterThan(14);
  });

  it('given what is open, then the forecast has 13 weeks from Monday that, with what lies beyond, add up to it, the promise in its week', async () => {
    const { body } = await api.as('analyst').get('/forecasts/cash?currency=EUR').expect(200);

    expect(body.currency).toBe('EUR');
    expect(body.weeks.map((week: { weekStart: string }) => week.weekStart)).toEqual(
      Array.from({ length: 13 }, (_, week) => addDays('2024-06-24', 7 * week)),
    );
    const total = body.weeks.reduce((sum: number, week: { expected: number }) => sum + week.expected, 0) + body.beyond;
    expect(total).toBe(50_000 + 20_000);
    const promised = body.weeks.find((week: { weekStart: string }) => week.weekStart === '2024-07-08');
    expect(promised.expected).toBeGreaterThanOrEqual(7_000);
    for (const week of body.weeks) expect(week.low <= week.expected && week.expected <= week.high).toBe(true);
  });

  it('given a start and a length, then the weeks start on the Monday of that day, as many as asked', async () => {
    const { body } = await api.as('manager').get('/forecasts/cash?from=2024-07-03&weeks=4&currency=EUR').expect(200);

    expect(body.weeks.map((week: { weekStart: string }) => week.weekStart)).toEqual([
      '2024-07-01',
      '2024-07-08',
      '2024-07-15',
      '2024-07-22',
    ]);
    expect(body.weeks[1].expected).toBeGreaterThanOrEqual(7_000);
  });

  it('given a currency nobody owes in, then every week expects nothing', async () => {
    const { body } = await api.as('manager').get('/forecasts/cash?currency=USD&weeks=2').expect(200);

    expect(body).toEqual({
      currency: 'USD',
      beyond: 0,
      weeks: [
        { weekStart: '2024-06-24', expected: 0, low: 0, high: 0 },
        { weekStart: '2024-07-01', expected: 0, low: 0, high: 0 },
      ],
    });
  });

  it('given bad weeks, then a 400 problem names the field, and collectors and auditors may not read the forecast', async () => {
    const response = await api.as('analyst').get('/forecasts/cash?currency=EUR&weeks=53').expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body.errors).toEqual([expect.objectContaining({ pointer: '/weeks' })]);

    await api.as('collector').get('/forecasts/cash?currency=EUR').expect(403);
    await api.as('auditor').get('/forecasts/cash?currency=EUR').expect(403);
  });
});
