import { CommandBus } from '@nestjs/cqrs';
import { ExecuteAccountCommand } from '@collections/accounts';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * Unapplied cash through the read side over HTTP. A payment above its invoice's balance is the
 * one way to put cash on account over HTTP so far: the invoice is paid and the rest kept. With a
 * second invoice overdue, the account shows the cash in its state, the unapplied-cash queue
 * offers that invoice for it, aging reports it beside the buckets, and the worklist says to
 * apply it before anyone calls.
 */
describe('unapplied cash on the read side', () => {
  let api: TestApi;
  const customer = 'CASH-1';
  const path = (resource: string) => `/customers/${customer}/${resource}`;

  beforeAll(async () => {
    api = await startApi({ today: '2024-03-15' });
    const integration = api.as('integration');
    await integration
      .post(path('invoices'), { invoiceId: 'INV-1', amount: 10_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' })
      .expect(201);
    await integration
      .post(path('invoices'), { invoiceId: 'INV-2', amount: 6_000, currency: 'EUR', issuedOn: '2024-01-20', dueOn: '2024-02-19' })
      .expect(201);
    await api.as('manager').post(path('assignment'), { collectorId: 'collector-1', assignedOn: '2024-01-20' }).expect(201);
    // 150.00 against the 100.00 of INV-1: INV-1 is paid, 50.00 stays on account.
    await integration
      .post(path('payments'), { paymentId: 'PAY-1', invoiceId: 'INV-1', amount: 15_000, currency: 'EUR', receivedOn: '2024-03-10' })
      .expect(201);
    await api.projected();
  });
  afterAll(() => api.close());

  it('given an overpayment, then the state shows the unapplied cash and the payment with its application', async () => {
    const { body } = await api.as('collector').get(path('state')).expect(200);
    expect(body.unappliedCash).toEqual({ EUR: 5_000 });
    expect(body.cash).toEqual([
      {
        paymentId: 'PAY-1',
        amount: 15_000,
        currency: 'EUR',
        receivedOn: '2024-03-10',
        applied: 10_000,
        refunded: 0,
        unapplied: 5_000,
        applications: [
          {
            applicationId: 'PAY-1',
            allocations: [{ invoiceId: 'INV-1', amount: 10_000 }],
            appliedOn: '2024-03-10',
            rule: 'named-invoice',
            status: 'applied',
          },
        ],
      },
    ]);
    expect(body.invoices).toEqual([
      expect.objectContaining({ invoiceId: 'INV-1', paid: 10_000, balance: 0, status: 'paid' }),
      expect.objectContaining({ invoiceId: 'INV-2', balance: 6_000, status: 'overdue' }),
    ]);
    // Before the payment: nothing on account.
    const before = await api
      .as('collector')
      .get(`${path('state')}?asOf=2024-03-09`)
      .expect(200);
    expect(before.body).toMatchObject({ unappliedCash: {}, cash: [] });
  });

  it('given an overpayment, then the unapplied-cash queue lists the rest with the open invoice it may pay', async () => {
    const { body } = await api.as('collector').get('/cash/unapplied').expect(200);
    expect(body).toEqual({
      items: [
        expect.objectContaining({
          customerId: customer,
          paymentId: 'PAY-1',
          amount: 15_000,
          currency: 'EUR',
          receivedOn: '2024-03-10',
          applied: 10_000,
          unapplied: 5_000,
          applications: [expect.objectContaining({ applicationId: 'PAY-1', rule: 'named-invoice', status: 'applied' })],
          candidates: [{ invoiceId: 'INV-2', dueOn: '2024-02-19', balance: 6_000, why: ['oldest due'] }],
        }),
      ],
    });
    expect((await api.as('manager').get(`/cash/unapplied?customerId=OTHER&currency=EUR&limit=10`).expect(200)).body).toEqual({ items: [] });
    expect((await api.as('manager').get('/cash/unidentified?status=waiting').expect(200)).body).toEqual({ items: [] });
  });

  it('given an overpayment, then aging reports the unapplied cash beside the buckets, as of the day', async () => {
    const now = await api.as('analyst').get('/aging?currency=EUR&groupBy=customer').expect(200);
    expect(now.body).toMatchObject({
      asOf: '2024-03-15',
      total: 6_000,
      unappliedCash: 5_000,
      customers: [{ customerId: customer, total: 6_000, unappliedCash: 5_000 }],
    });
    const before = await api.as('analyst').get('/aging?currency=EUR&asOf=2024-03-09').expect(200);
    expect(before.body).toMatchObject({ total: 16_000, unappliedCash: 0 });
  });

  it('given unapplied cash and an overdue invoice, then the worklist says to apply the cash today, and once it pays the invoice the item is gone', async () => {
    const worklist = async () => (await api.as('collector').get('/worklists/collector-1').expect(200)).body;
    expect((await worklist()).items).toEqual([
      expect.objectContaining({
        customerId: customer,
        invoiceIds: ['INV-2'],
        balance: 6_000,
        state: 'cash_to_apply',
        nextAction: 'apply_cash',
        nextActionOn: '2024-03-15',
        unappliedCash: 5_000,
      }),
    ]);
    expect((await api.as('collector').get('/worklists/collector-1?state=cash_to_apply').expect(200)).body.total).toBe(1);

    // No endpoint applies cash yet: the command goes through the command side as one would.
    const applyCash = {
      paymentId: 'PAY-1',
      applicationId: 'APP-2',
      allocations: [{ invoiceId: 'INV-2', amount: 5_000 }],
      appliedOn: '2024-03-15',
    };
    await api.app
      .get(CommandBus)
      .execute(
        new ExecuteAccountCommand(customer, { type: 'ApplyCash', data: applyCash }, { actor: { id: 'manager-1', role: 'manager' } }),
      );
    await api.projected();
    expect((await worklist()).items).toEqual([
      expect.objectContaining({ invoiceIds: ['INV-2'], balance: 1_000, state: 'call_now', unappliedCash: 0 }),
    ]);
    await api
      .as('integration')
      .post(path('payments'), { paymentId: 'PAY-2', invoiceId: 'INV-2', amount: 1_000, currency: 'EUR', receivedOn: '2024-03-15' })
      .expect(201);
    await api.projected();
    expect((await worklist()).items).toEqual([]);
    expect((await api.as('manager').get('/cash/unapplied').expect(200)).body).toEqual({ items: [] });
    const { body } = await api.as('analyst').get('/aging?currency=EUR').expect(200);
    expect(body).toMatchObject({ total: 0, unappliedCash: 0 });
  });

  it.each([
    ['/cash/unapplied?after=not-ours', '/after'],
    ['/cash/unapplied?limit=0', '/limit'],
    ['/cash/unapplied?currency=euro', '/currency'],
    ['/cash/unidentified?status=lost', '/status'],
  ])('refuses %s with a problem naming %s', async (url, pointer) => {
    const response = await api.as('manager').get(url).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body.errors).toEqual([expect.objectContaining({ pointer })]);
  });

  it.each([
    ['analyst', 403],
    ['auditor', 200],
    ['integration', 200],
  ] as const)('answers a %s %s: the queues name payers and their accounts', async (role, status) => {
    await api.as(role).get('/cash/unapplied').expect(status);
    await api.as(role).get('/cash/unidentified').expect(status);
  });
});
