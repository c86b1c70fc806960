import { TestApi, startApi } from './harness';

/**
 * GET state?asOf as an auditor relies on it: the account as the recorded history leaves it at
 * the end of the day, whichever way the api gets there (the command side's fold when nothing
 * happened after the day, the history folded up to the day otherwise), and never stale when
 * another process appended.
 */
describe('the account state as of a day', () => {
  let api: TestApi;
  let other: TestApi;
  const invoice = { invoiceId: 'INV-1', amount: 100_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' };
  const payment = (paymentId: string, amount: number, receivedOn: string) => ({
    paymentId,
    invoiceId: 'INV-1',
    amount,
    currency: 'EUR',
    receivedOn,
  });
  const openOn = async (requester: TestApi, customerId: string, asOf: string): Promise<number> => {
    const { body } = await requester.as('auditor').get(`/customers/${customerId}/state?asOf=${asOf}`).expect(200);
    return body.balances[0].open;
  };

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
    // A second process on the same event store file.
    other = await startApi({ today: '2024-06-30', sharesEventsWith: api });
  });
  afterAll(async () => {
    await other.close();
    await api.close();
  });

  it('given a payment recorded after a later one but dated before it, when read as of the days around them, then each day shows only what had happened by its end', async () => {
    await api.as('integration').post('/customers/S-1/invoices', invoice).expect(201);
    await api
      .as('integration')
      .post('/customers/S-1/payments', payment('P-LATE', 10_000, '2024-05-01'))
      .expect(201);
    await api
      .as('integration')
      .post('/customers/S-1/payments', payment('P-EARLY', 1_000, '2024-03-01'))
      .expect(201);

    expect(await openOn(api, 'S-1', '2024-02-28')).toBe(100_000);
    expect(await openOn(api, 'S-1', '2024-03-01')).toBe(99_000);
    expect(await openOn(api, 'S-1', '2024-04-30')).toBe(99_000);
    expect(await openOn(api, 'S-1', '2024-05-01')).toBe(89_000);
    expect(await openOn(api, 'S-1', '2024-06-30')).toBe(89_000);
    const { body } = await api.as('auditor').get('/customers/S-1/state').expect(200);
    expect(body).toMatchObject({ asOf: '2024-06-30', balances: [{ currency: 'EUR', open: 89_000, overdue: 89_000 }] });
  });

  it('given the state read once, when another process records a payment, then the next answer includes it', async () => {
    await api.as('integration').post('/customers/S-2/invoices', invoice).expect(201);
    expect(await openOn(api, 'S-2', '2024-06-30')).toBe(100_000);

    await other
      .as('integration')
      .post('/customers/S-2/payments', payment('P-1', 25_000, '2024-06-01'))
      .expect(201);

    expect(await openOn(api, 'S-2', '2024-06-30')).toBe(75_000);
    expect(await openOn(api, 'S-2', '2024-05-31')).toBe(100_000);
  });

  it('given no account, when its state is read, then the answer is 404, before and after asking', async () => {
    await api.as('auditor').get('/customers/NOBODY/state?asOf=2024-06-30').expect(404);
    await api.as('auditor').get('/customers/NOBODY/state').expect(404);
  });
});
