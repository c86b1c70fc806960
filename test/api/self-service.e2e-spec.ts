import { CustomerAccounts } from '@collections/accounts';
import { AccountState, CollectionCommand } from '@collections/domain';
import { DEFAULT_COLLECTION_POLICY, planCollectionActions } from '@collections/policy';
import { A, B, TODAY, givenTwoCustomers, historyOf, letterOf } from './customer-link-fixture';
import { PROBLEM_JSON, Requester, TestApi, startApi } from './harness';

/**
 * The customer's own routes behind the link in its letters: its page, a promise within the
 * policy's limits (the default policy: at most 30 days ahead, at least 25% of what it covers, none
 * after two broken promises), a dispute, a payment reported, and every way a link stops working.
 */
describe('customer self-service through the link in a letter', () => {
  let api: TestApi;
  let linkOf: Awaited<ReturnType<typeof givenTwoCustomers>>['linkOf'];
  let customer: Requester;

  beforeEach(async () => {
    api = await startApi({ today: TODAY });
    ({ linkOf } = await givenTwoCustomers(api));
    // The customer's browser sends no key.
    customer = api.withAuthorization();
  });
  afterEach(() => api.close());

  const lastEvent = async (customerId: string) => (await historyOf(api, customerId)).at(-1);
  const plannedFor = (state: AccountState, invoiceId: string) =>
    planCollectionActions(state, DEFAULT_COLLECTION_POLICY, '2024-03-02').filter(
      (command: CollectionCommand) =>
        (command.type === 'SendReminder' || command.type === 'SendFinalNotice') && command.data.invoiceIds.includes(invoiceId),
    );

  it("given a letter's link, when the customer opens its page, then it sees its open invoices, its letters, how to pay and what it may promise, and nothing of B", async () => {
    const { body } = await customer.get(`/pay/${linkOf()}/account`).expect(200);

    expect(body).toEqual({
      customerId: A,
      linkExpiresOn: '2024-03-31',
      creditor: { name: 'Collections' },
      paymentReference: A,
      invoices: [
        {
          invoiceId: 'INV-A1',
          issuedOn: '2024-01-02',
          dueOn: '2024-02-01',
          currency: 'EUR',
          amount: 80_000,
          openBalance: 80_000,
          disputed: false,
          promised: false,
        },
        {
          invoiceId: 'INV-A2',
          issuedOn: '2024-01-02',
          dueOn: '2024-02-15',
          currency: 'EUR',
          amount: 20_000,
          openBalance: 20_000,
          disputed: false,
          promised: false,
        },
      ],
      letters: [
        {
          letterId: letterOf(A),
          sentOn: '2024-02-08',
          kind: 'reminder',
          subject: 'Payment reminder',
          text: 'Dear customer SS-A, invoice INV-A1 is overdue.',
        },
      ],
      promise: { allowed: true, latestOn: '2024-03-31', minimum: [{ currency: 'EUR', amount: 25_000 }] },
      disputeCategories: ['failed_product', 'poor_service', 'damaged_goods', 'wrong_item', 'pricing'],
    });
    expect(JSON.stringify(body)).not.toMatch(/SS-B|INV-B/);
  });

  it('given a promise within the limits, then it is the PromiseMade a collector records, covering what is open oldest due first, by the customer', async () => {
    const promise = { amount: 25_000, currency: 'EUR', promisedFor: '2024-03-31' };

    const { body } = await customer.post(`/pay/${linkOf()}/promises`, promise).expect(201);

    expect(body).toEqual({ promiseId: expect.stringMatching(/^CP-/), invoiceIds: ['INV-A1', 'INV-A2'], ...promise });
    expect(await lastEvent(A)).toMatchObject({
      type: 'PromiseMade',
      data: { promiseId: body.promiseId, invoiceIds: ['INV-A1', 'INV-A2'], ...promise, madeOn: TODAY },
      metadata: { actor: { id: `customer:${A}`, role: 'customer' } },
    });
    const { body: page } = await customer.get(`/pay/${linkOf()}/account`).expect(200);
    expect(page.invoices.map((invoice: { promised: boolean }) => invoice.promised)).toEqual([true, true]);
    // The next policy run sends no reminder for the promised invoices.
    const { state } = await api.app.get(CustomerAccounts).load(A);
    expect(plannedFor(state, 'INV-A1')).toEqual([]);
  });

  it('given a promise beyond the latest date, below the smallest share, or in the past, then each is refused with the limit in words and nothing is appended', async () => {
    const before = await api.streamLength(A);
    const refusals = [
      [{ amount: 25_000, currency: 'EUR', promisedFor: '2024-04-01' }, 'The latest date you can promise is 2024-03-31'],
      [{ amount: 24_999, currency: 'EUR', promisedFor: '2024-03-15' }, 'The smallest amount you can promise is EUR 250.00'],
      [
        { amount: 25_000, currency: 'EUR', promisedFor: '2024-02-29' },
        'The date of a promise cannot be in the past: the earliest is 2024-03-01',
      ],
      [{ amount: 100_001, currency: 'EUR', promisedFor: '2024-03-15' }, 'The largest amount you can promise is EUR 1000.00, what is open'],
    ] as const;

    for (const [promise, detail] of refusals) {
      const { body } = await customer.post(`/pay/${linkOf()}/promises`, promise).expect(422).expect('Content-Type', PROBLEM_JSON);
      expect({ promise, detail: body.detail }).toEqual({ promise, detail });
    }
    expect(await api.streamLength(A)).toBe(before);
  });

  it('given two promises broken before, then the page offers none and a promise is refused: please call us', async () => {
    for (const [promiseId, promisedFor, brokenOn] of [
      ['PR-1', '2024-02-10', '2024-02-12'],
      ['PR-2', '2024-02-20', '2024-02-22'],
    ]) {
      const promise = { promiseId, invoiceIds: ['INV-A1'], amount: 10_000, currency: 'EUR', promisedFor, madeOn: '2024-02-05' };
      await api.as('collector').post(`/customers/${A}/promises`, promise).expect(201);
      await api.as('collector').post(`/customers/${A}/promises/${promiseId}/broken`, { brokenOn }).expect(201);
    }
    const before = await api.streamLength(A);

    const refused = await customer
      .post(`/pay/${linkOf()}/promises`, { amount: 50_000, currency: 'EUR', promisedFor: '2024-03-10' })
      .expect(422);

    expect(refused.body).toMatchObject({
      code: 'promises-broken',
      detail: '2 earlier promises were not kept: please call us to agree a date',
    });
    expect((await customer.get(`/pay/${linkOf()}/account`).expect(200)).body.promise).toMatchObject({
      allowed: false,
      reason: refused.body.detail,
    });
    expect(await api.streamLength(A)).toBe(before);
  });

  it('given a dispute of part of an invoice, or of all of it, then each is a DisputeRaised by the customer, for the open balance when no amount is given', async () => {
    const link = linkOf();

    const part = await customer
      .post(`/pay/${link}/disputes`, {
        invoiceId: 'INV-A1',
        category: 'damaged_goods',
        description: 'Two pallets arrived broken',
        amount: 12_000,
      })
      .expect(201);
    const whole = await customer
      .post(`/pay/${link}/disputes`, { invoiceId: 'INV-A2', category: 'pricing', description: 'Not the agreed price' })
      .expect(201);

    const raised = (await historyOf(api, A)).filter((event) => event.type === 'DisputeRaised');
    expect(raised).toMatchObject([
      {
        data: {
          disputeId: part.body.disputeId,
          invoiceId: 'INV-A1',
          amount: 12_000,
          currency: 'EUR',
          category: 'damaged_goods',
          raisedOn: TODAY,
        },
        metadata: { actor: { id: `customer:${A}`, role: 'customer' } },
      },
      { data: { disputeId: whole.body.disputeId, invoiceId: 'INV-A2', amount: 20_000, description: 'Not the agreed price' } },
    ]);
    expect(part.body.disputeId).toMatch(/^CD-/);
  });

  it('given a payment reported for an invoice, then PaymentReported is recorded by the customer and the next day’s plan holds that invoice back', async () => {
    const accounts = api.app.get(CustomerAccounts);
    expect(plannedFor((await accounts.load(A)).state, 'INV-A1')).not.toEqual([]);

    const { body } = await customer
      .post(`/pay/${linkOf()}/payment-reports`, {
        amount: 80_000,
        currency: 'EUR',
        paidOn: '2024-02-29',
        reference: 'SS-A INV-A1',
        invoiceIds: ['INV-A1'],
      })
      .expect(201);

    expect(await lastEvent(A)).toMatchObject({
      type: 'PaymentReported',
      data: {
        reportId: body.reportId,
        invoiceIds: ['INV-A1'],
        amount: 80_000,
        paidOn: '2024-02-29',
        reference: 'SS-A INV-A1',
        reportedOn: TODAY,
      },
      metadata: { actor: { id: `customer:${A}`, role: 'customer' } },
    });
    expect(plannedFor((await accounts.load(A)).state, 'INV-A1')).toEqual([]);
  });

  it('given the same Idempotency-Key twice, then the second answer is the first (200) and one promise is recorded', async () => {
    const promise = { amount: 30_000, currency: 'EUR', promisedFor: '2024-03-20' };
    const key = { 'Idempotency-Key': 'page-click-1' };

    const first = await customer.post(`/pay/${linkOf()}/promises`, promise, key).expect(201);
    const length = await api.streamLength(A);
    const again = await customer.post(`/pay/${linkOf()}/promises`, promise, key).expect(200);

    expect(again.body).toEqual(first.body);
    expect(await api.streamLength(A)).toBe(length);
  });

  describe('a link that no longer works', () => {
    const changedAt = (token: string, at: number) => token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);

    it('given an expired, a changed, a malformed link, or one naming no account, then the page and every action are refused and nothing is appended', async () => {
      const link = linkOf();
      const cases = [
        [linkOf({ expiresOn: '2024-02-29' }), 410, 'expired'],
        [changedAt(link, 5), 404, 'invalid'],
        [changedAt(link, link.length - 3), 404, 'invalid'],
        ['not-a-link', 404, 'invalid'],
        [linkOf({ customerId: 'NOBODY' }), 404, 'invalid'],
      ] as const;
      const before = await api.streamLength(A);

      for (const [token, status, reason] of cases) {
        const page = await customer.get(`/pay/${token}/account`).expect(status).expect('Content-Type', PROBLEM_JSON);
        expect({ token, body: page.body }).toEqual({
          token,
          body: expect.objectContaining({ type: 'urn:collections:problem:link-not-valid', status, reason }),
        });
        await customer.post(`/pay/${token}/promises`, { amount: 25_000, currency: 'EUR', promisedFor: '2024-03-10' }).expect(status);
        await customer.post(`/pay/${token}/disputes`, { invoiceId: 'INV-A1', category: 'pricing', description: 'x' }).expect(status);
        await customer.post(`/pay/${token}/payment-reports`, { amount: 1_000, currency: 'EUR', paidOn: TODAY }).expect(status);
      }
      expect(await api.streamLength(A)).toBe(before);
    });

    it("given a manager revokes a letter's link, then it opens nothing (410 revoked) while another letter's link still works; revoking it again is a 409", async () => {
      const revoked = await api
        .as('manager')
        .post(`/customers/${A}/letters/${letterOf(A)}/link-revocation`, { reason: 'Sent to a former employee' })
        .expect(201);

      expect(revoked.body).toEqual({ customerId: A, revision: expect.any(Number) });
      expect(await lastEvent(A)).toMatchObject({
        type: 'CustomerLinkRevoked',
        data: { letterId: letterOf(A), revokedOn: TODAY, reason: 'Sent to a former employee' },
      });
      const before = await api.streamLength(A);
      expect((await customer.get(`/pay/${linkOf()}/account`).expect(410)).body).toMatchObject({ reason: 'revoked' });
      await customer.post(`/pay/${linkOf()}/payment-reports`, { amount: 1_000, currency: 'EUR', paidOn: TODAY }).expect(410);
      expect(await api.streamLength(A)).toBe(before);
      await customer.get(`/pay/${linkOf({ letterId: letterOf(A, 'REM-2') })}/account`).expect(200);
      const again = await api
        .as('manager')
        .post(`/customers/${A}/letters/${letterOf(A)}/link-revocation`)
        .expect(409);
      expect(again.body).toMatchObject({ code: 'link-already-revoked' });
    });

    it('given a letter the outbox does not have for that customer, then revoking is a 404; a collector may not revoke', async () => {
      await api
        .as('manager')
        .post(`/customers/${A}/letters/${letterOf(B)}/link-revocation`, {})
        .expect(404);
      await api
        .as('manager')
        .post(`/customers/${A}/letters/${letterOf(A, 'NEVER-SENT')}/link-revocation`, {})
        .expect(404);
      await api
        .as('collector')
        .post(`/customers/${A}/letters/${letterOf(A)}/link-revocation`, {})
        .expect(403);
      expect((await historyOf(api, A)).map((event) => event.type)).not.toContain('CustomerLinkRevoked');
    });

    it('given an expired link, when the customer asks for a fresh one, then the collector is told once that day; a forged or working link gets the same answer and tells nobody', async () => {
      const expired = linkOf({ expiresOn: '2024-02-29' });

      const asked = await customer.post(`/pay/${expired}/link-requests`).expect(202);
      await customer.post(`/pay/${expired}/link-requests`).expect(202);

      expect(asked.body).toEqual({ requested: true });
      const requests = (await historyOf(api, A)).filter((event) => event.type === 'FreshLinkRequested');
      expect(requests).toMatchObject([
        { data: { letterId: letterOf(A), requestedOn: TODAY }, metadata: { actor: { id: `customer:${A}`, role: 'customer' } } },
      ]);

      const before = await api.streamLength(A);
      for (const token of [changedAt(expired, 4), 'garbage', linkOf()]) {
        expect((await customer.post(`/pay/${token}/link-requests`).expect(202)).body).toEqual(asked.body);
      }
      expect(await api.streamLength(A)).toBe(before);
    });

    it('given a revoked link, when the customer asks for a fresh one, then the collector is told', async () => {
      await api
        .as('manager')
        .post(`/customers/${A}/letters/${letterOf(A)}/link-revocation`)
        .expect(201);

      await customer.post(`/pay/${linkOf()}/link-requests`).expect(202);

      expect(await lastEvent(A)).toMatchObject({ type: 'FreshLinkRequested', data: { letterId: letterOf(A) } });
    });
  });
});
