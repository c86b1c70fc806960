import { TestApi, startApi } from './harness';

/** The read models over HTTP after a short history: aging, audit trail, KPIs, disputes, post-mortems. */
describe('read models over HTTP', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
    const post = (role: 'integration' | 'collector' | 'manager', path: string, body: object) =>
      api.as(role).post(`/customers/RM-1/${path}`, body).expect(201);
    await post('integration', 'invoices', {
      invoiceId: 'A',
      amount: 100_000,
      currency: 'EUR',
      issuedOn: '2024-01-01',
      dueOn: '2024-01-31',
    });
    await post('integration', 'invoices', { invoiceId: 'B', amount: 50_000, currency: 'EUR', issuedOn: '2024-03-01', dueOn: '2024-03-31' });
    await post('integration', 'payments', { paymentId: 'P1', invoiceId: 'A', amount: 40_000, currency: 'EUR', receivedOn: '2024-02-15' });
    await post('collector', 'disputes', {
      disputeId: 'D1',
      invoiceId: 'B',
      amount: 10_000,
      currency: 'EUR',
      category: 'damaged_goods',
      raisedOn: '2024-04-05',
    });
    await post('collector', 'promises', {
      promiseId: 'PR1',
      invoiceIds: ['A'],
      amount: 60_000,
      currency: 'EUR',
      promisedFor: '2024-04-30',
      madeOn: '2024-04-10',
    });
    await post('collector', 'promises/PR1/broken', { brokenOn: '2024-05-02' });
    await post('manager', 'write-offs', { writeOffId: 'W1', invoiceIds: ['A'], reason: 'Insolvent', writtenOffOn: '2024-06-01' });
    await post('manager', 'post-mortems', {
      postMortemId: 'PM1',
      rootCause: 'customer_insolvency',
      summary: 'Went bankrupt',
      actionItems: [],
      recordedOn: '2024-06-10',
    });
    await api.projected();
  });
  afterAll(() => api.close());

  // How soon is a benchmark's question (bench:read); here, that it comes without being asked for.
  it("shows a command's effect in the read models by itself, as the projector follows the store", async () => {
    await api
      .as('integration')
      .post('/customers/RM-2/invoices', { invoiceId: 'X', amount: 7_000, currency: 'GBP', issuedOn: '2024-06-01', dueOn: '2024-06-15' })
      .expect(201);
    let visible = false;
    while (!visible) {
      const { body } = await api.as('manager').get('/worklists/unassigned');
      visible = body.items.some((item: { customerId: string }) => item.customerId === 'RM-2');
    }
    expect(visible).toBe(true);
  });

  it('ages open balances as of past dates', async () => {
    const march = await api.as('analyst').get('/aging?asOf=2024-03-15&currency=EUR').expect(200);
    expect(march.body).toEqual({
      asOf: '2024-03-15',
      currency: 'EUR',
      buckets: { current: 50_000, '1-30': 0, '31-60': 60_000, '61-90': 0, '90+': 0 },
      total: 110_000,
      disputed: 0,
      unappliedCash: 0,
    });
    const june = await api.as('analyst').get('/aging?asOf=2024-06-15&currency=EUR&groupBy=customer').expect(200);
    expect(june.body).toMatchObject({
      buckets: { current: 0, '1-30': 0, '31-60': 0, '61-90': 50_000, '90+': 0 },
      total: 50_000,
      disputed: 10_000,
      customers: [{ customerId: 'RM-1', total: 50_000, disputed: 10_000 }],
    });
  });

  it('lists the audit trail with the balance after each event, by invoice and by date', async () => {
    const { body } = await api.as('auditor').get('/audit-trails/RM-1?invoiceId=A').expect(200);
    expect(body.entries.map((entry: { type: string }) => entry.type)).toEqual([
      'InvoiceRegistered',
      'PaymentReceived',
      'PromiseMade',
      'PromiseBroken',
      'WrittenOff',
    ]);
    expect(body.entries[4]).toMatchObject({
      why: 'Insolvent',
      actor: { id: 'manager-1', role: 'manager' },
      balanceAfter: [{ currency: 'EUR', balance: 50_000 }],
    });
    const april = await api.as('auditor').get('/audit-trails/RM-1?from=2024-04-01&to=2024-04-30').expect(200);
    expect(april.body.entries.map((entry: { type: string }) => entry.type)).toEqual(['DisputeRaised', 'PromiseMade']);
    await api.as('auditor').get('/audit-trails/NOBODY').expect(404);
  });

  it('computes KPIs for a period', async () => {
    const { body } = await api.as('manager').get('/kpis?from=2024-01-01&to=2024-03-31&currency=EUR').expect(200);
    // AR at 31 March: 60,000 on A + 50,000 on B; sales 150,000 over 91 days.
    expect(body).toMatchObject({ from: '2024-01-01', to: '2024-03-31', currency: 'EUR', collected: 40_000 });
    expect(body.dso).toBeCloseTo((110_000 / 150_000) * 91, 1);
    const promises = await api.as('manager').get('/kpis?from=2024-04-01&to=2024-05-31&currency=EUR').expect(200);
    expect(promises.body.promiseKeptRate).toBe(0);
    await api.as('manager').get('/kpis?from=2024-05-01&to=2024-04-01&currency=EUR').expect(400);
  });

  it('reports dispute causes and post-mortems', async () => {
    const causes = await api.as('manager').get('/reports/dispute-causes?from=2024-04-01&to=2024-04-30&currency=EUR').expect(200);
    expect(causes.body.periods).toEqual([expect.objectContaining({ period: '2024-04' })]);
    expect(causes.body.periods[0].categories.damaged_goods).toEqual({ amount: 10_000, count: 1 });
    const list = await api.as('manager').get('/post-mortems').expect(200);
    expect(list.body.accounts).toEqual([expect.objectContaining({ customerId: 'RM-1' })]);
    const postMortem = await api.as('manager').get('/post-mortems/RM-1').expect(200);
    expect(postMortem.body).toMatchObject({ customerId: 'RM-1' });
    await api.as('manager').get('/post-mortems/NOBODY').expect(404);
    await api.as('collector').get('/post-mortems').expect(403);
  });
});
