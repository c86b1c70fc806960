import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * Aging and KPIs "as known at" an instant, over HTTP: the clock the harness sets is the instant
 * every command is recorded at, so each step below is recorded when the clock says.
 *
 * | recorded at          | what                                                  | business date |
 * |----------------------|-------------------------------------------------------|---------------|
 * | 2024-02-01 10:00 UTC | invoice KA-1, 10,000 EUR, due 2024-03-02              | 2024-02-01    |
 * | 2024-03-20 10:00 UTC | payment P-1, 2,000                                    | 2024-03-20    |
 * | 2024-04-01 00:00 UTC | — March is reported —                                 |               |
 * | 2024-04-03 09:00 UTC | payment P-2, 3,000, posted late for 28 March          | 2024-03-28    |
 * | 2024-04-10 09:00 UTC | payment P-3, 1,000                                    | 2024-04-10    |
 */
describe('aging and KPIs as known at an instant', () => {
  let api: TestApi;
  const REPORTED = '2024-04-01T00:00:00.000Z';

  beforeAll(async () => {
    api = await startApi({ today: '2024-02-01' });
    const at = (instant: string) => api.clock.set(instant);
    const integration = api.as('integration');
    at('2024-02-01T10:00:00.000Z');
    await integration
      .post('/customers/KA/invoices', { invoiceId: 'KA-1', amount: 10_000, currency: 'EUR', issuedOn: '2024-02-01', dueOn: '2024-03-02' })
      .expect(201);
    at('2024-03-20T10:00:00.000Z');
    await integration
      .post('/customers/KA/payments', { paymentId: 'P-1', invoiceId: 'KA-1', amount: 2_000, currency: 'EUR', receivedOn: '2024-03-20' })
      .expect(201);
    at('2024-04-03T09:00:00.000Z');
    await integration
      .post('/customers/KA/payments', { paymentId: 'P-2', invoiceId: 'KA-1', amount: 3_000, currency: 'EUR', receivedOn: '2024-03-28' })
      .expect(201);
    at('2024-04-10T09:00:00.000Z');
    await integration
      .post('/customers/KA/payments', { paymentId: 'P-3', invoiceId: 'KA-1', amount: 1_000, currency: 'EUR', receivedOn: '2024-04-10' })
      .expect(201);
    at('2024-06-30T12:00:00.000Z');
    await api.projected();
  });
  afterAll(() => api.close());

  const aging = async (query: string) => (await api.as('analyst').get(`/aging?currency=EUR&${query}`).expect(200)).body;
  const kpis = async (query: string) =>
    (await api.as('analyst').get(`/kpis?from=2024-03-01&to=2024-03-31&currency=EUR&${query}`).expect(200)).body;

  it('given a payment back-dated to March but posted on 3 April, when the March month-end aging is asked as known at 1 April, then it is the figure as reported: the late payment does not count', async () => {
    expect(await aging(`asOf=2024-03-31&knownAt=${REPORTED}`)).toEqual({
      asOf: '2024-03-31',
      currency: 'EUR',
      knownAt: REPORTED,
      buckets: { current: 0, '1-30': 8_000, '31-60': 0, '61-90': 0, '90+': 0 },
      total: 8_000,
      disputed: 0,
      unappliedCash: 0,
    });
  });

  it('given the same payment, when the March month-end aging is asked without knownAt, then it is restated: the late payment counts and no knownAt is said', async () => {
    const restated = await aging('asOf=2024-03-31');
    expect(restated).toMatchObject({ buckets: { '1-30': 5_000 }, total: 5_000 });
    expect(restated).not.toHaveProperty('knownAt');
  });

  it('given P-3 recorded on 10 April for 10 April, when the March month-end is asked as known at 12 April, then P-3 does not count for the earlier day', async () => {
    expect(await aging('asOf=2024-03-31&knownAt=2024-04-12T00:00:00Z')).toMatchObject({
      total: 5_000,
      knownAt: '2024-04-12T00:00:00.000Z',
    });
  });

  it('given P-3 recorded at 09:00 UTC, when April is asked as known a millisecond before, then it does not count; at 09:00, it does', async () => {
    expect(await aging('asOf=2024-04-30&knownAt=2024-04-10T08:59:59.999Z')).toMatchObject({ total: 5_000 });
    expect(await aging('asOf=2024-04-30&knownAt=2024-04-10T09:00:00Z')).toMatchObject({ total: 4_000 });
  });

  it('given an instant with an offset, then it is that moment in UTC, as the answer says', async () => {
    // 10:30 in Paris on 3 April is 08:30 UTC: before P-2 was recorded.
    const paris = await aging(`asOf=2024-03-31&knownAt=${encodeURIComponent('2024-04-03T10:30:00+02:00')}&groupBy=customer`);
    expect(paris).toMatchObject({ knownAt: '2024-04-03T08:30:00.000Z', total: 8_000, customers: [{ customerId: 'KA', total: 8_000 }] });
  });

  it('given an instant in the future, then it is now: the restated figures', async () => {
    const { knownAt, ...future } = await aging('asOf=2024-03-31&knownAt=2030-01-01T00:00:00Z');
    expect(knownAt).toBe('2030-01-01T00:00:00.000Z');
    expect(future).toEqual(await aging('asOf=2024-03-31'));
  });

  it("given March's KPIs as known at 1 April and restated, then the late payment is collected only in the restated ones", async () => {
    const reported = await kpis(`knownAt=${REPORTED}`);
    const restated = await kpis('');
    expect(reported).toMatchObject({ knownAt: REPORTED, collected: 2_000, endingAr: 8_000, beginningAr: 10_000 });
    expect(restated).toMatchObject({ collected: 5_000, endingAr: 5_000, beginningAr: 10_000 });
    expect(restated).not.toHaveProperty('knownAt');
  });

  it.each([
    ['a date alone', '2024-04-01'],
    ['a local time without offset', '2024-04-01T00:00:00'],
    ['no such day', '2024-02-30T00:00:00Z'],
    ['no such hour', '2024-04-01T24:00:00Z'],
    ['words', 'yesterday'],
  ])('refuses %s as knownAt with a 400 naming knownAt, on aging and KPIs', async (_, knownAt) => {
    for (const path of [`/aging?currency=EUR&knownAt=${knownAt}`, `/kpis?from=2024-03-01&to=2024-03-31&currency=EUR&knownAt=${knownAt}`]) {
      const response = await api.as('analyst').get(path).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body.errors).toEqual([
        { pointer: '/knownAt', detail: expect.stringContaining('knownAt must be an ISO 8601 instant with its offset') },
      ]);
    }
  });

  it('asks for the role that reads reports, with knownAt as without', async () => {
    await api.as('collector').get(`/aging?currency=EUR&knownAt=${REPORTED}`).expect(403);
    await api.as('collector').get(`/kpis?from=2024-03-01&to=2024-03-31&currency=EUR&knownAt=${REPORTED}`).expect(403);
  });
});
