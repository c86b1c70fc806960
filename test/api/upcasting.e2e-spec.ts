import { streamIdOf } from '@collections/domain';
import { invoiceRegistered, paymentPlanAgreed } from '@collections/domain/testing/decider-specification';
import { publishedEventValidator } from '@collections/contracts/testing/published-event-validator';
import { asStored } from '../fixtures/stored-events';
import { TestApi, startApi } from './harness';

/**
 * History written by an earlier release: PaymentPlanAgreed was stored as schema version 1,
 * with at most one `guarantor`, before version 2 made it a list of `guarantors`.
 */
describe('a stored v1 event that a v2 shape replaced', () => {
  let api: TestApi;
  const customer = 'OLD-1';

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
    // given a stream written by release 1, straight into the SQLite event store
    const { guarantors: _, ...v2 } = paymentPlanAgreed({ invoiceIds: ['INV-1'] }).data;
    await api.store.appendToStream(
      streamIdOf(customer),
      [
        asStored(invoiceRegistered(), { schemaVersion: 1 }),
        asStored({ type: 'PaymentPlanAgreed', data: { ...v2, guarantor: 'J. Doe' } }, { schemaVersion: 1 }),
      ],
      { expectedRevision: 'no_stream' },
    );
  });
  afterAll(() => api.close());

  it('replays into the account, the plan with its guarantor in the current shape', async () => {
    const { body } = await api.as('auditor').get(`/customers/${customer}/state?asOf=2024-02-25`).expect(200);
    expect(body.paymentPlans).toEqual([expect.objectContaining({ planId: 'PL-1', guarantors: ['J. Doe'], status: 'current' })]);
    expect(body.paymentPlans[0]).not.toHaveProperty('guarantor');
  });

  it('keeps what was recorded as it was recorded in the audit history', async () => {
    const { body } = await api.as('auditor').get(`/customers/${customer}/history`).expect(200);
    expect(body.events[1].data).toMatchObject({ guarantor: 'J. Doe' });
    expect(body.events[1].metadata.schemaVersion).toBe(1);
  });

  it('takes new commands on top of it, and stores them in the current shape', async () => {
    // when the write side folds the old plan and decides on it: both installments paid...
    const post = (role: 'integration' | 'collector', path: string, body: object) =>
      api.as(role).post(`/customers/${customer}/${path}`, body).expect(201);
    await post('integration', 'payments', {
      paymentId: 'PAY-1',
      invoiceId: 'INV-1',
      amount: 5_000,
      currency: 'EUR',
      receivedOn: '2024-03-01',
    });
    await post('collector', 'payment-plans/PL-1/installments/1/paid', { paidOn: '2024-03-01' });
    await post('integration', 'payments', {
      paymentId: 'PAY-2',
      invoiceId: 'INV-1',
      amount: 5_000,
      currency: 'EUR',
      receivedOn: '2024-04-01',
    });
    await post('collector', 'payment-plans/PL-1/installments/2/paid', { paidOn: '2024-04-01' });
    // ...and a new plan with two guarantors on a new invoice
    await post('integration', 'invoices', {
      invoiceId: 'INV-2',
      amount: 20_000,
      currency: 'EUR',
      issuedOn: '2024-05-01',
      dueOn: '2024-06-01',
    });
    await post('collector', 'payment-plans', {
      planId: 'PL-2',
      invoiceIds: ['INV-2'],
      currency: 'EUR',
      installments: [{ number: 1, dueOn: '2024-07-01', amount: 20_000 }],
      guarantors: ['A. Doe', 'B. Doe'],
      agreedOn: '2024-06-15',
    });
    // then the old plan is completed, and the new one is stored as version 2
    const { body } = await api.as('auditor').get(`/customers/${customer}/state?asOf=2024-06-30`).expect(200);
    expect(
      body.paymentPlans.map((plan: { planId: string; status: string; guarantors: string[] }) => [
        plan.planId,
        plan.status,
        plan.guarantors,
      ]),
    ).toEqual([
      ['PL-1', 'completed', ['J. Doe']],
      ['PL-2', 'current', ['A. Doe', 'B. Doe']],
    ]);
    const stored = await api.store.readStream(streamIdOf(customer));
    const plans = stored.filter((event) => event.type === 'PaymentPlanAgreed');
    expect(plans.map((event) => event.metadata.schemaVersion)).toEqual([1, 2]);
    expect(plans[1].data).toMatchObject({ guarantors: ['A. Doe', 'B. Doe'] });
  });

  it('projects it into the read models', async () => {
    await api.projected();
    const { body } = await api.as('auditor').get(`/audit-trails/${customer}`).expect(200);
    expect(body.entries.map((entry: { type: string }) => entry.type)).toContain('PaymentPlanAgreed');
  });

  it('publishes it in the current published form', async () => {
    const response = await api
      .as('integration')
      .get(`/feed?customerId=${customer}&live=false`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    const envelopes = (response.body as string)
      .split('\n')
      .filter((line) => line.startsWith('data: {"specversion"'))
      .map((line) => JSON.parse(line.slice('data: '.length)));
    const plans = envelopes.filter((envelope) => envelope.type === 'io.collections.PaymentPlanAgreed.v1');
    expect(plans.map((plan) => [plan.data.planId, plan.data.guarantorCount])).toEqual([
      ['PL-1', 1],
      ['PL-2', 2],
    ]);
    expect(JSON.stringify(envelopes)).not.toMatch(/[JAB]\. Doe/);
    for (const envelope of envelopes) expect(publishedEventValidator().problemsOf(envelope)).toEqual([]);
  });
});
