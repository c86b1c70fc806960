import { TestApi, startApi } from './harness';

describe('concurrent commands', () => {
  let api: TestApi;

  beforeEach(async () => {
    api = await startApi();
  });
  afterEach(() => api.close());

  const registerInvoices = async (customer: string, count: number) => {
    for (let i = 0; i < count; i++) {
      await api
        .as('integration')
        .post(`/customers/${customer}/invoices`, {
          invoiceId: `INV-${i}`,
          amount: 10_000,
          currency: 'EUR',
          issuedOn: '2024-01-01',
          dueOn: '2024-01-31',
        })
        .expect(201);
    }
  };

  it('given 50 invoices, when 50 payments on them arrive at once, then every one lands', async () => {
    await registerInvoices('C-50', 50);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.as('integration').post('/customers/C-50/payments', {
          paymentId: `PAY-${i}`,
          invoiceId: `INV-${i}`,
          amount: 10_000,
          currency: 'EUR',
          receivedOn: '2024-01-15',
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const revisions = responses.map((response) => response.body.revision).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 50 }, (_, i) => 50 + i));

    const { body } = await api.as('auditor').get('/customers/C-50/history').expect(200);
    expect(body.events).toHaveLength(100);
    // The final revision is that of the 100th event (revisions count from 0, as in EventStoreDB).
    expect(body.events[99].revision).toBe(99);
    const state = await api.as('auditor').get('/customers/C-50/state?asOf=2024-02-01').expect(200);
    expect(state.body.invoices.every((invoice: { balance: number }) => invoice.balance === 0)).toBe(true);
  });

  it('given one Idempotency-Key sent 20 times at once, then the payment is appended once', async () => {
    await registerInvoices('C-IDEM', 1);
    const payment = { paymentId: 'PAY-1', invoiceId: 'INV-0', amount: 2_500, currency: 'EUR', receivedOn: '2024-01-15' };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.as('integration').post('/customers/C-IDEM/payments', payment, { 'Idempotency-Key': 'bank-file-7-line-12' }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(19).fill(200), 201]);
    expect(responses.every((response) => response.body.revision === 1)).toBe(true);
    expect(await api.streamLength('C-IDEM')).toBe(2);
  });

  it('given a replayed Idempotency-Key, then the first result comes back and nothing is appended', async () => {
    await registerInvoices('C-REPLAY', 1);
    const payment = { paymentId: 'PAY-1', invoiceId: 'INV-0', amount: 2_500, currency: 'EUR', receivedOn: '2024-01-15' };
    const key = { 'Idempotency-Key': 'k-1' };
    const first = await api.as('integration').post('/customers/C-REPLAY/payments', payment, key).expect(201);
    const again = await api
      .as('integration')
      .post('/customers/C-REPLAY/payments', { ...payment }, key)
      .expect(200);
    expect(again.body).toEqual(first.body);
    expect(await api.streamLength('C-REPLAY')).toBe(2);

    const other = await api
      .as('integration')
      .post('/customers/C-REPLAY/payments', { ...payment, amount: 1 }, key)
      .expect(422);
    expect(other.body).toMatchObject({ status: 422, type: 'urn:collections:problem:idempotency-key-reused' });
    expect(await api.streamLength('C-REPLAY')).toBe(2);
  });

  it('given two service instances on one store file, when both take payments at once, then conflicts are retried and all land', async () => {
    await registerInvoices('C-TWO', 20);
    const second = await startApi({ sharesEventsWith: api });
    try {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? api : second).as('integration').post('/customers/C-TWO/payments', {
            paymentId: `PAY-${i}`,
            invoiceId: `INV-${i}`,
            amount: 10_000,
            currency: 'EUR',
            receivedOn: '2024-01-15',
          }),
        ),
      );
      // Each instance serialises its own commands; between the two, expected revisions decide
      // and the loser reloads, decides again and retries.
      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
      expect(await api.streamLength('C-TWO')).toBe(40);
    } finally {
      await second.close();
    }
  });
});
