import { TestApi, startApi } from './harness';
describe('probe', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
    await api.as('integration').post('/customers/B-1/invoices', { invoiceId: 'INV-1', amount: 100_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' }).expect(201);
    await api.projected();
  });
  afterAll(() => api.close());
  it.each([
    '/customers/B-1/history?fromRevision=1e21',
    '/customers/B-1/history?fromRevision=9007199254740993',
    '/customers/B-1/history?fromRevision=1e300',
    '/customers/B-1/history?maxCount=1e5',
    '/customers/B-1/history?fromRevision=-0',
    '/customers/B-1/history?fromRevision=0x10',
    '/customers/B-1/history?fromRevision=%20',
    '/customers/B-1/history?fromRevision=1&fromRevision=2',
    '/customers/B-1/state?asOf=0999-01-01',
    '/kpis?from=1899-12-01&to=1900-01-31&currency=EUR',
    '/kpis?from=2024-01-01&to=2024-01-31&currency=EUR&currency=USD',
    '/aging?currency=EUR&asOf=2024-01-01&asOf=2024-01-02',
    '/policies/default/versions/1e21',
    '/policies/default?asOf=2024-01-01',
    '/feed?live=false&types=' + Array(2000).fill('PromiseKept').join(','),
    '/feed?live=false&after=1e21',
    '/worklists/unassigned?page=1e3',
    '/worklists/unassigned?page=1000&pageSize=500',
    '/post-mortems?page=1000&pageSize=500',
    '/reports/dispute-causes?from=2024-01-01&to=2024-12-31&currency=EUR&period=month&period=quarter',
    '/audit-trails/B-1?from=2024-01-01&from=2024-02-01',
  ])('%s', async (path) => {
    const r = await api.as('admin').get(path);
    console.log(path.slice(0, 80), r.status, JSON.stringify(r.body).slice(0, 300));
  });
});
