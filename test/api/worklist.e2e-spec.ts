import { TestApi, startApi } from './harness';

/**
 * One customer walked through the procedure over HTTP, and after every step the collector's
 * worklist as the collector sees it: paid disappears, a promise hides the item until it is due,
 * a broken promise raises its priority, a dispute, a plan and an agency referral each show in
 * their own state and never as "call now".
 */
describe('the worklist through the procedure', () => {
  let api: TestApi;
  const customer = '/customers/WL-1';

  beforeAll(async () => {
    api = await startApi({ today: '2024-02-01' });
  });
  afterAll(() => api.close());

  const on = (date: string) => api.clock.set(`${date}T09:00:00.000Z`);
  const step = async (role: 'integration' | 'collector' | 'manager', path: string, body: object) => {
    await api.as(role).post(`${customer}/${path}`, body).expect(201);
    await api.projected();
  };
  const worklist = async (query = '') => {
    const { body } = await api.as('collector').get(`/worklists/collector-1${query}`).expect(200);
    return body;
  };
  const item = async () => (await worklist()).items.find((candidate: { customerId: string }) => candidate.customerId === 'WL-1');

  it('follows the customer from invoice to agency', async () => {
    await step('integration', 'invoices', {
      invoiceId: 'INV-1',
      amount: 500_000,
      currency: 'EUR',
      issuedOn: '2024-01-10',
      dueOn: '2024-02-09',
    });
    await step('integration', 'invoices', {
      invoiceId: 'INV-2',
      amount: 20_000,
      currency: 'EUR',
      issuedOn: '2024-01-10',
      dueOn: '2024-02-09',
    });
    await step('manager', 'assignment', { collectorId: 'collector-1', assignedOn: '2024-01-15' });
    expect(await item()).toBeUndefined(); // not due yet

    on('2024-02-15');
    expect(await item()).toMatchObject({
      state: 'call_now',
      invoiceIds: ['INV-1', 'INV-2'],
      balance: 520_000,
      daysOverdue: 6,
      nextAction: 'call',
    });

    await step('integration', 'payments', {
      paymentId: 'PAY-1',
      invoiceId: 'INV-2',
      amount: 20_000,
      currency: 'EUR',
      receivedOn: '2024-02-15',
    });
    expect(await item()).toMatchObject({ invoiceIds: ['INV-1'], balance: 500_000 }); // the paid invoice is gone at once

    await step('collector', 'promises', {
      promiseId: 'PR-1',
      invoiceIds: ['INV-1'],
      amount: 500_000,
      currency: 'EUR',
      promisedFor: '2024-02-28',
      madeOn: '2024-02-15',
    });
    expect(await item()).toMatchObject({ state: 'promised', nextAction: 'check_promise', nextActionOn: '2024-02-29' });
    expect((await worklist('?state=call_now')).items).toEqual([]);

    on('2024-02-29');
    const unkept = await item();
    expect(unkept).toMatchObject({ state: 'call_now', brokenPromises: 0 });
    await step('collector', 'promises/PR-1/broken', { brokenOn: '2024-02-29' });
    const broken = await item();
    expect(broken).toMatchObject({ state: 'call_now', brokenPromises: 1 });
    expect(broken.priority).toBeGreaterThan(unkept.priority);

    await step('collector', 'disputes', {
      disputeId: 'D-1',
      invoiceId: 'INV-1',
      amount: 100_000,
      currency: 'EUR',
      category: 'damaged_goods',
      raisedOn: '2024-02-29',
    });
    expect(await item()).toMatchObject({ state: 'disputed', nextAction: 'resolve_dispute' });
    on('2024-03-04');
    await step('collector', 'disputes/D-1/resolution', {
      resolution: 'credit_issued',
      resolvedOn: '2024-03-04',
      credit: { creditMemoId: 'CM-1', amount: 100_000 },
    });
    expect(await item()).toMatchObject({ state: 'call_now', balance: 400_000 });

    await step('collector', 'payment-plans', {
      planId: 'PL-1',
      invoiceIds: ['INV-1'],
      currency: 'EUR',
      installments: [
        { number: 1, dueOn: '2024-03-15', amount: 200_000 },
        { number: 2, dueOn: '2024-04-15', amount: 200_000 },
      ],
      agreedOn: '2024-03-05',
    });
    expect(await item()).toMatchObject({ state: 'payment_plan', nextAction: 'check_installment', nextActionOn: '2024-03-15' });

    on('2024-03-20');
    await step('collector', 'payment-plans/PL-1/installments/1/missed', { detectedOn: '2024-03-20' });
    expect(await item()).toMatchObject({ state: 'call_now' });

    await step('manager', 'agency-referrals', {
      referralId: 'AG-1',
      agency: 'Baltic Recovery',
      invoiceIds: ['INV-1'],
      reason: 'Plan defaulted',
      referredOn: '2024-03-20',
    });
    expect(await item()).toMatchObject({ state: 'with_agency', nextAction: 'await_agency', nextActionOn: null });
    expect((await worklist('?state=call_now')).items).toEqual([]);

    on('2024-03-25');
    await step('integration', 'payments', {
      paymentId: 'PAY-2',
      invoiceId: 'INV-1',
      amount: 400_000,
      currency: 'EUR',
      receivedOn: '2024-03-25',
    });
    expect(await item()).toBeUndefined();
  });

  it('lets a collector read only their own list, and managers every list and the unassigned one', async () => {
    await api.as('collector').get('/worklists/collector-2').expect(403);
    await api.as('manager').get('/worklists/collector-2').expect(200);
    await api.as('integration').get('/worklists/collector-1').expect(403);
    await api
      .as('integration')
      .post('/customers/WL-2/invoices', { invoiceId: 'INV-9', amount: 1_000, currency: 'EUR', issuedOn: '2024-01-01', dueOn: '2024-01-31' })
      .expect(201);
    await api.projected();
    const { body } = await api.as('manager').get('/worklists/unassigned').expect(200);
    expect(body.items).toEqual([expect.objectContaining({ customerId: 'WL-2', state: 'call_now' })]);
  });
});
