import fc from 'fast-check';
import { MAX_AMOUNT, addDays } from '@collections/domain';
import { MAX_PAGE, MAX_PAGE_SIZE, MAX_REPORT_DAYS } from '../../apps/api/src/read-models/queries';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * Every read whose work grows with its parameters (periods, date ranges, pages, page sizes) has
 * a bound, and a request past it is refused with a 400 naming the field instead of being served.
 */
describe('bounded reads', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
    await api.as('integration').post('/customers/B-1/invoices', { invoiceId: 'INV-1', amount: 100_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' }).expect(201);
    await api.as('collector')
      .post('/customers/B-1/disputes', { disputeId: 'D-1', invoiceId: 'INV-1', amount: 10_000, currency: 'EUR', category: 'pricing', raisedOn: '2024-03-01' })
      .expect(201);
    await api.projected();
  });
  afterAll(() => api.close());

  it('given the whole range of dates, when the dispute-causes report is asked for, then it is refused, naming the bound', async () => {
    const response = await api.as('analyst').get('/reports/dispute-causes?from=1900-01-01&to=2199-12-31&currency=EUR').expect(400);

    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body.errors).toEqual([{ pointer: '/to', detail: expect.stringContaining(`${MAX_REPORT_DAYS} days`) }]);
  });

  it('given ten years, when the dispute-causes report is asked for by month, then it lists each month once with the dispute in its own', async () => {
    const { body } = await api.as('analyst').get('/reports/dispute-causes?from=2015-01-01&to=2024-12-31&currency=EUR').expect(200);

    expect(body.periods).toHaveLength(120);
    expect(body.periods.find((entry: { period: string }) => entry.period === '2024-03').categories.pricing).toEqual({ amount: 10_000, count: 1 });
  });

  it.each([
    ['/kpis?from=2000-01-01&to=2024-06-30&currency=EUR', '/to'],
    [`/post-mortems?page=${MAX_PAGE + 1}`, '/page'],
    [`/worklists/unassigned?pageSize=${MAX_PAGE_SIZE + 1}`, '/pageSize'],
    [`/worklists/unassigned?page=${MAX_PAGE + 1}`, '/page'],
  ])('refuses %s with a 400 naming %s', async (path, pointer) => {
    const response = await api.as('manager').get(path).expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ pointer })]);
  });

  it('given an invoice of 2^53 − 1 minor units, then it is refused with a 400 naming the bound, and nothing is appended', async () => {
    const response = await api.as('integration')
      .post('/customers/B-2/invoices', { invoiceId: 'BIG', amount: 9_007_199_254_740_991, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' })
      .expect(400);
    expect(response.body.errors).toEqual([{ pointer: '/amount', detail: expect.stringContaining(String(MAX_AMOUNT)) }]);
    expect(await api.streamLength('B-2')).toBe(0);
  });

  it('given random parameters on every read with parameters, then none answers 5xx and none returns more than its bound (property)', async () => {
    const date = fc.oneof(
      fc.integer({ min: 0, max: 2_932_896 }).map((day) => addDays('0000-01-01', day)),
      fc.integer({ min: -4_000, max: 4_000 }).map((day) => addDays('2024-06-30', day)),
      fc.string({ maxLength: 12 }),
    );
    const number = fc.oneof(fc.integer({ min: -5, max: 2_000_000 }).map(String), fc.constantFrom('1e9', '0x10', '', '1.5', 'NaN'));
    const text = fc.oneof(fc.constantFrom('EUR', 'USD', 'eur', 'collector-1', 'unassigned', 'month', 'quarter', 'customer'), fc.string({ maxLength: 10 }));
    const path = fc.oneof(
      fc.record({ from: date, to: date, currency: text, period: text }).map((q) => ['reports/dispute-causes', q] as const),
      fc.record({ from: date, to: date, currency: text, collectorId: text }).map((q) => ['kpis', q] as const),
      fc.record({ asOf: date, currency: text, groupBy: text }).map((q) => ['aging', q] as const),
      fc.record({ from: date, to: date, page: number, pageSize: number }).map((q) => ['post-mortems', q] as const),
      fc.record({ page: number, pageSize: number, state: text, currency: text }).map((q) => ['worklists/unassigned', q] as const),
      fc.record({ from: date, to: date, invoiceId: text }).map((q) => ['audit-trails/B-1', q] as const),
      fc.record({ fromRevision: number, maxCount: number }).map((q) => ['customers/B-1/history', q] as const),
    );

    await fc.assert(
      fc.asyncProperty(path, async ([route, query]) => {
        const search = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== '')).toString();
        const response = await api.as('manager').get(`/${route}?${search}`);
        expect(response.status).toBeLessThan(500);
        if (response.status !== 200) return;
        if (route === 'reports/dispute-causes') expect(response.body.periods.length).toBeLessThanOrEqual(121);
        if (Array.isArray(response.body.items)) expect(response.body.items.length).toBeLessThanOrEqual(MAX_PAGE_SIZE);
      }),
      { numRuns: 300 },
    );
  });
});
