import { changeAmount, tamper } from '../evidence/tamper';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/** GET /customers/:id/verification: the customer's stream checked against its hash chain. */
describe('the verification of a customer', () => {
  let api: TestApi;
  const invoice = { invoiceId: 'INV-1', amount: 100_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' };
  const payment = (paymentId: string, amount: number) => ({
    paymentId,
    invoiceId: 'INV-1',
    amount,
    currency: 'EUR',
    receivedOn: '2024-03-01',
  });

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
  });
  afterAll(() => api.close());

  it('given an account recorded through the api, when an auditor asks, then every event verifies from revision 0', async () => {
    await api.as('integration').post('/customers/V-1/invoices', invoice).expect(201);
    await api.as('integration').post('/customers/V-1/payments', payment('P-1', 1_000)).expect(201);
    await api.as('integration').post('/customers/V-1/payments', payment('P-2', 2_000)).expect(201);

    const { body } = await api.as('auditor').get('/customers/V-1/verification').expect(200);
    const history = await api.as('auditor').get('/customers/V-1/history').expect(200);
    expect(body).toEqual({
      customerId: 'V-1',
      streamId: 'collection-V-1',
      verified: true,
      events: 3,
      lastRevision: 2,
      headHash: history.body.events[2].metadata.hash,
      chainedFrom: 0,
      broken: null,
    });
    // The history shows each event's hash: every link names the one before it.
    expect(history.body.events.map((event: { metadata: { hash: string } }) => event.metadata.hash)).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
  });

  it("given one event's amount changed in the SQLite file, when asked, then the answer names its revision", async () => {
    await api.as('integration').post('/customers/V-2/invoices', invoice).expect(201);
    await api.as('integration').post('/customers/V-2/payments', payment('P-1', 1_000)).expect(201);
    await api.as('integration').post('/customers/V-2/payments', payment('P-2', 2_000)).expect(201);
    tamper(api.dataDir, (db) => changeAmount(db, 'collection-V-2', 1, 100_000));

    const { body } = await api.as('collector').get('/customers/V-2/verification').expect(200);
    expect(body).toMatchObject({ verified: false, events: 1, lastRevision: 0, broken: { revision: 1, reason: 'hash-mismatch' } });
  });

  it('given a stream recorded before the chain, when a command is recorded after, then the chain starts at it and the answer says so', async () => {
    // As a release without the chain wrote it: no hash in the metadata.
    await api.store.appendToStream(
      'collection-V-3',
      [
        {
          id: crypto.randomUUID(),
          type: 'InvoiceRegistered',
          data: invoice,
          metadata: {
            actor: { id: 'integration-1', role: 'integration' },
            occurredAt: '2024-01-10',
            recordedAt: '2024-01-10T09:00:00.000Z',
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await api.as('integration').post('/customers/V-3/payments', payment('P-1', 1_000)).expect(201);

    const { body } = await api.as('auditor').get('/customers/V-3/verification').expect(200);
    expect(body).toMatchObject({ verified: true, events: 2, lastRevision: 1, chainedFrom: 1, broken: null });
  });

  it('given a customer without a stream, when asked, then 404 problem details', async () => {
    const { body } = await api.as('auditor').get('/customers/NOBODY/verification').expect(404).expect('Content-Type', PROBLEM_JSON);
    expect(body.detail).toBe('There is no collection account for customer NOBODY');
  });

  it('given no API key, when asked, then 401', async () => {
    await api.withAuthorization().get('/customers/V-1/verification').expect(401);
  });
});
