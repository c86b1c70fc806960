import fc from 'fast-check';
import { MAX_HISTORY_EVENTS } from '../../apps/api/src/audit/history-requests';
import {
  MAX_PAGE,
  MAX_PAGE_SIZE,
  MAX_REPORT_DAYS,
  MAX_REPORT_MONTHS,
  MAX_REPORT_QUARTERS,
} from '../../apps/api/src/read-models/read-model-requests';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * Defect 4 of issue 11: the dispute-causes report answered 500 for a dispute raised before year
 * 1000, and `from=0100-01-01&to=9999-12-31` made 298,780 periods (77 MB). Every read whose work
 * grows with its parameters (periods, date ranges, pages, page sizes, history counts, groupings,
 * type lists) now has a bound, and a request past it is refused with a 400 naming the field.
 */
describe('bounded reads', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
    const integration = api.as('integration');
    await integration
      .post('/customers/B-1/invoices', {
        invoiceId: 'INV-1',
        amount: 100_000,
        currency: 'EUR',
        issuedOn: '2024-01-10',
        dueOn: '2024-02-09',
      })
      .expect(201);
    await api
      .as('collector')
      .post('/customers/B-1/disputes', {
        disputeId: 'D-1',
        invoiceId: 'INV-1',
        amount: 10_000,
        currency: 'EUR',
        category: 'pricing',
        raisedOn: '2024-03-01',
      })
      .expect(201);
    // The earliest day there is: a dispute raised in the first month of the range.
    await integration
      .post('/customers/B-OLD/invoices', {
        invoiceId: 'OLD-1',
        amount: 5_000,
        currency: 'EUR',
        issuedOn: '1900-01-01',
        dueOn: '1900-01-31',
      })
      .expect(201);
    await api
      .as('manager')
      .post('/customers/B-OLD/disputes', {
        disputeId: 'D-OLD',
        invoiceId: 'OLD-1',
        amount: 700,
        currency: 'EUR',
        category: 'wrong_item',
        raisedOn: '1900-01-15',
      })
      .expect(201);
    for (const customer of ['B-2', 'B-3']) {
      await integration
        .post(`/customers/${customer}/invoices`, {
          invoiceId: 'INV-1',
          amount: 1_000,
          currency: 'EUR',
          issuedOn: '2024-01-10',
          dueOn: '2024-02-09',
        })
        .expect(201);
    }
    await api
      .as('manager')
      .post('/customers/B-3/write-offs', { writeOffId: 'WO-1', invoiceIds: ['INV-1'], reason: 'Insolvent', writtenOffOn: '2024-06-01' })
      .expect(201);
    await api.projected();
  });
  afterAll(() => api.close());

  describe('the dispute-causes report', () => {
    it('given the probe’s range 0100-01-01 to 9999-12-31, then it is refused with a small 400 naming both ends, not 298,780 periods', async () => {
      const response = await api.as('analyst').get('/reports/dispute-causes?from=0100-01-01&to=9999-12-31&currency=EUR').expect(400);

      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/from', '/to']);
      expect(response.text.length).toBeLessThan(2_000);
    });

    it('given the whole range of business dates, then it is refused, naming the bound on /to', async () => {
      const response = await api.as('analyst').get('/reports/dispute-causes?from=1900-01-01&to=2199-12-31&currency=EUR').expect(400);

      expect(response.body.errors).toEqual([{ pointer: '/to', detail: expect.stringContaining(`${MAX_REPORT_DAYS} days`) }]);
    });

    it(`given ${MAX_REPORT_DAYS} days from the earliest day, then it answers with the old dispute in its month; one day more is refused`, async () => {
      // 1900-01-01 to 1910-01-01: ten years with two leap days, and a day.
      const { body } = await api.as('analyst').get('/reports/dispute-causes?from=1900-01-01&to=1910-01-01&currency=EUR').expect(200);
      expect(body.periods).toHaveLength(121);
      expect(body.periods[0]).toEqual({
        period: '1900-01',
        categories: expect.objectContaining({ wrong_item: { amount: 700, count: 1 } }),
      });

      await api.as('analyst').get('/reports/dispute-causes?from=1900-01-01&to=1910-01-02&currency=EUR').expect(400);
    });

    it(`given the longest range that touches the most months, then it lists ${MAX_REPORT_MONTHS} months or ${MAX_REPORT_QUARTERS} quarters, no more`, async () => {
      // From the last day of a month, 3,653 days reach into the 121st month after it.
      const months = await api.as('analyst').get('/reports/dispute-causes?from=2014-12-31&to=2024-12-30&currency=EUR').expect(200);
      expect(months.body.periods).toHaveLength(MAX_REPORT_MONTHS);
      const quarters = await api
        .as('analyst')
        .get('/reports/dispute-causes?from=2014-12-31&to=2024-12-30&currency=EUR&period=quarter')
        .expect(200);
      expect(quarters.body.periods).toHaveLength(MAX_REPORT_QUARTERS);
      expect(quarters.body.totals.pricing).toEqual({ amount: 10_000, count: 1 });
    });
  });

  it.each([
    ['/kpis?from=2000-01-01&to=2024-06-30&currency=EUR', '/to'],
    [`/post-mortems?page=${MAX_PAGE + 1}`, '/page'],
    [`/post-mortems?pageSize=${MAX_PAGE_SIZE + 1}`, '/pageSize'],
    [`/escalation-proposals?page=${MAX_PAGE + 1}`, '/page'],
    [`/escalation-proposals?pageSize=${MAX_PAGE_SIZE + 1}`, '/pageSize'],
    ['/escalation-proposals?status=open', '/status'],
    [`/replies?limit=${MAX_PAGE_SIZE + 1}`, '/limit'],
    [`/disputes?limit=${MAX_PAGE_SIZE + 1}`, '/limit'],
    ['/disputes?pastTarget=yes', '/pastTarget'],
    ['/forecasts/cash?currency=EUR&weeks=27', '/weeks'],
    ['/forecasts/cash?currency=EUR&weeks=0', '/weeks'],
    [`/worklists/unassigned?pageSize=${MAX_PAGE_SIZE + 1}`, '/pageSize'],
    [`/worklists/unassigned?page=${MAX_PAGE + 1}`, '/page'],
    [`/aging?currency=EUR&groupBy=customer&pageSize=${MAX_PAGE_SIZE + 1}`, '/pageSize'],
    ['/aging?currency=EUR&knownAt=2024-04-01', '/knownAt'],
    ['/kpis?from=2024-01-01&to=2024-03-31&currency=EUR&knownAt=2024-02-30T00:00:00Z', '/knownAt'],
    [`/customers/B-1/history?maxCount=${MAX_HISTORY_EVENTS + 1}`, '/maxCount'],
    ['/customers/B-1/history?fromRevision=1e21', '/fromRevision'],
    ['/customers/B-1/history?fromRevision=99999999999999999', '/fromRevision'],
    ['/worklists/unassigned?page=1e3', '/page'],
    ['/worklists/unassigned?page=0x10', '/page'],
    ['/worklists/unassigned?page=%205', '/page'],
    ['/worklists/unassigned?page=-1', '/page'],
    ['/worklists/unassigned?page=1.5', '/page'],
    ['/worklists/unassigned?page=1&page=2', '/page'],
    [`/feed?live=false&types=${Array(60).fill('PromiseKept').join(',')}`, '/types'],
  ])('refuses %s with a 400 naming %s', async (path, pointer) => {
    const response = await api.as('admin').get(path).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body.errors).toEqual([expect.objectContaining({ pointer })]);
  });

  it('given customers with open balances, when aging is grouped by customer, then they come a page at a time with their count', async () => {
    const first = await api.as('analyst').get('/aging?asOf=2024-06-30&currency=EUR&groupBy=customer&pageSize=2').expect(200);
    expect(first.body.customerCount).toBe(3);
    expect(first.body.customers.map((customer: { customerId: string }) => customer.customerId)).toEqual(['B-1', 'B-OLD']);
    const second = await api.as('analyst').get('/aging?asOf=2024-06-30&currency=EUR&groupBy=customer&pageSize=2&page=2').expect(200);
    expect(second.body.customers.map((customer: { customerId: string }) => customer.customerId)).toEqual(['B-2']);
  });

  it('given random parameters on every read with parameters, then none answers 5xx, every refusal is a problem, and no answer passes its bound (property)', async () => {
    const realDay = fc
      .record({ year: fc.integer({ min: 1900, max: 2199 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
      .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    const date = fc.oneof(
      { arbitrary: realDay, weight: 6 },
      {
        arbitrary: fc.constantFrom(
          '0000-01-01',
          '0100-01-01',
          '0999-12-31',
          '1899-12-31',
          '2200-01-01',
          '9999-12-31',
          '+010000-01',
          '2024-02-30',
          '2023-02-29',
        ),
        weight: 2,
      },
      { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
    );
    const number = fc.oneof(
      fc.integer({ min: 0, max: 600 }).map(String),
      fc.integer({ min: -5, max: 2_000_000 }).map(String),
      fc.constantFrom('1e9', '0x10', '', ' 1', '1.5', 'NaN', '9007199254740993', '99999999999999999999', '-0'),
    );
    const currency = fc.oneof(
      { arbitrary: fc.constantFrom('EUR', 'USD'), weight: 4 },
      fc.constantFrom('XXX', 'eur', ''),
      fc.string({ maxLength: 4 }),
    );
    // Instants as knownAt: well formed, with an offset, or not quite instants.
    const instant = fc.oneof(
      date.map((day) => `${day}T00:00:00Z`),
      fc.constantFrom('2024-04-01T02:00:00+02:00', '2024-04-01T24:00:00Z', '2024-04-01T00:00:00', '2024-04-01', '+010000-01-01T00:00:00Z'),
      fc.string({ maxLength: 12 }),
    );
    const text = fc.oneof(
      fc.constantFrom('collector-1', 'unassigned', 'B-1', 'B-OLD', 'month', 'quarter', 'customer', 'jsonl', 'csv', 'default'),
      fc.string({ maxLength: 10 }),
    );
    const pathPart = fc
      .oneof(fc.constantFrom('B-1', 'B-3', 'unassigned', 'nobody', 'default'), fc.string({ minLength: 1, maxLength: 12 }))
      .map(encodeURIComponent);
    const route = fc.oneof(
      fc
        .record({ from: date, to: date, currency, period: fc.oneof(fc.constantFrom('month', 'quarter'), text) })
        .map((q) => ['reports/dispute-causes', q] as const),
      fc.record({ from: date, to: date, currency, collectorId: text, knownAt: instant }).map((q) => ['kpis', q] as const),
      fc
        .record({ asOf: date, currency, groupBy: text, page: number, pageSize: number, knownAt: instant })
        .map((q) => ['aging', q] as const),
      fc.record({ from: date, to: date, page: number, pageSize: number }).map((q) => ['post-mortems', q] as const),
      pathPart.map((id) => [`post-mortems/${id}`, {}] as const),
      fc
        .record({ status: fc.oneof(fc.constantFrom('pending', 'accepted', 'declined'), text), page: number, pageSize: number })
        .map((q) => ['escalation-proposals', q] as const),
      fc
        .record({
          status: fc.oneof(fc.constantFrom('waiting', 'handled', 'recorded', 'all'), text),
          collectorId: text,
          customerId: text,
          kind: text,
          limit: number,
          cursor: text,
        })
        .map((q) => ['replies', q] as const),
      fc
        .record({
          status: fc.oneof(fc.constantFrom('open', 'resolved', 'all'), text),
          ownerTeam: text,
          ownerId: text,
          pastTarget: fc.oneof(fc.constantFrom('true', 'false'), text),
          asOf: date,
          limit: number,
          cursor: text,
        })
        .map((q) => ['disputes', q] as const),
      fc
        .tuple(pathPart, fc.record({ page: number, pageSize: number, state: text, segment: text, currency }))
        .map(([id, q]) => [`worklists/${id}`, q] as const),
      fc.tuple(pathPart, fc.record({ from: date, to: date, invoiceId: text })).map(([id, q]) => [`audit-trails/${id}`, q] as const),
      fc.tuple(pathPart, fc.record({ fromRevision: number, maxCount: number })).map(([id, q]) => [`customers/${id}/history`, q] as const),
      fc.tuple(pathPart, fc.record({ asOf: date })).map(([id, q]) => [`customers/${id}/state`, q] as const),
      fc.tuple(pathPart, fc.record({ format: text })).map(([id, q]) => [`customers/${id}/history/export`, q] as const),
      pathPart.map((id) => [`customers/${id}/letters`, {}] as const),
      fc.tuple(pathPart, fc.record({ asOf: date })).map(([name, q]) => [`policies/${name}`, q] as const),
      fc.tuple(pathPart, number).map(([name, version]) => [`policies/${name}/versions/${encodeURIComponent(version)}`, {}] as const),
      pathPart.map((id) => [`policies/what-if/${id}`, {}] as const),
      fc
        .record({ after: number, types: fc.oneof(fc.constantFrom('PromiseKept', 'PromiseKept,DisputeRaised'), text), customerId: text })
        .map((q) => ['feed', q] as const),
    );
    // Now and then a parameter left out, as clients do; the feed always ends once caught up.
    const query = (path: string, parameters: Record<string, string>) =>
      fc.tuple(...Object.keys(parameters).map(() => fc.nat(5))).map((draws) => {
        const kept = Object.keys(parameters).filter((_, index) => draws[index] > 0);
        const pairs: [string, string][] = kept.map((key) => [key, parameters[key]]);
        return new URLSearchParams(path === 'feed' ? [...pairs, ['live', 'false']] : pairs).toString();
      });

    await fc.assert(
      fc.asyncProperty(
        route.chain(([path, parameters]) => query(path, parameters).map((search) => [path, search] as const)),
        async ([path, search]) => {
          const response = await api.as('admin').get(`/${path}?${search}`);
          const asked = new URLSearchParams(search);
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
            return;
          }
          const { body } = response;
          if (path === 'reports/dispute-causes' || path === 'kpis') expect(daysIn(body.from, body.to)).toBeLessThanOrEqual(MAX_REPORT_DAYS);
          if (path === 'reports/dispute-causes')
            expect(body.periods.length).toBeLessThanOrEqual(body.period === 'quarter' ? MAX_REPORT_QUARTERS : MAX_REPORT_MONTHS);
          for (const list of [body.items, body.accounts, body.customers, body.proposals]) {
            if (Array.isArray(list))
              expect(list.length).toBeLessThanOrEqual(
                Math.min(MAX_PAGE_SIZE, Number(asked.get('pageSize') ?? MAX_PAGE_SIZE), Number(asked.get('limit') ?? MAX_PAGE_SIZE)),
              );
          }
          if (body.page !== undefined) expect(body.page).toBeLessThanOrEqual(MAX_PAGE);
          if (path.endsWith('/history'))
            expect(body.events.length).toBeLessThanOrEqual(Number(asked.get('maxCount') ?? MAX_HISTORY_EVENTS));
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);
});

/** Days in [from, to], both ends included, counted by the calendar rather than by the service. */
function daysIn(from: string, to: string): number {
  const day = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
  return day(to) - day(from) + 1;
}
