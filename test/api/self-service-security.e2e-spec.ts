import fc from 'fast-check';
import request from 'supertest';
import { A, B, TODAY, givenTwoCustomers, historyOf, letterOf } from './customer-link-fixture';
import { PROBLEM_JSON, Requester, TestApi, keyOf, startApi } from './harness';

type Action = 'account' | 'promise' | 'dispute' | 'report' | 'link-request';

/**
 * What a link may reach: its own customer's page and nothing else. Tokens for A with their payload
 * changed to name B, one character changed, random strings, and bodies naming B's invoices never
 * get an answer that shows or changes B; a staff key opens no customer route, and a customer's
 * token opens no staff route. Each link has its own rate limit.
 */
describe("the customer's link as a credential", () => {
  let api: TestApi;
  let linkOf: Awaited<ReturnType<typeof givenTwoCustomers>>['linkOf'];
  let customer: Requester;

  beforeAll(async () => {
    api = await startApi({ today: TODAY });
    ({ linkOf } = await givenTwoCustomers(api));
    customer = api.withAuthorization();
  });
  afterAll(() => api.close());

  /** What a customer route answers with one token and one body naming B's invoices. */
  const send = (via: Requester, token: string, action: Action, invoiceId: string) => {
    const at = `/pay/${encodeURIComponent(token)}`;
    switch (action) {
      case 'account':
        return via.get(`${at}/account`);
      case 'promise':
        return via.post(`${at}/promises`, { amount: 25_000, currency: 'EUR', promisedFor: '2024-03-20' });
      case 'dispute':
        return via.post(`${at}/disputes`, { invoiceId, category: 'pricing', description: 'Not ours', amount: 100 });
      case 'report':
        return via.post(`${at}/payment-reports`, { amount: 100, currency: 'EUR', paidOn: TODAY, invoiceIds: [invoiceId] });
      case 'link-request':
        return via.post(`${at}/link-requests`);
    }
  };
  const encodable = (text: string) => {
    try {
      encodeURIComponent(text);
      return true;
    } catch {
      return false;
    }
  };
  /** The answer without `instance` (the request's own URL, the token as sent): what it tells of anyone. */
  const told = ({ instance: _instance, ...rest }: Record<string, unknown>) => JSON.stringify(rest);

  it('given 200 tokens made from A’s (payload changed to B, one character changed, random, A’s own) and bodies naming B’s invoices, then none shows or changes B', async () => {
    const genuine = linkOf();
    const [, mac] = genuine.split('.');
    const payloadFor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const token = fc.oneof(
      // A's signature under a payload naming B (with A's letter, B's, or an id never sent; any expiry).
      fc
        .tuple(fc.constantFrom(letterOf(A), letterOf(B), 'L-1'), fc.constantFrom('2024-03-31', '2199-12-31', '2024-02-01'))
        .map(([letterId, expiresOn]) => `${payloadFor([B, letterId, expiresOn])}.${mac}`),
      // B in the payload, A's customer id somewhere else in it.
      fc.constant(`${payloadFor([B, letterOf(A), '2024-03-31', A])}.${mac}`),
      // One character of A's token changed.
      fc
        .tuple(fc.nat({ max: genuine.length - 1 }), fc.constantFrom(...'ABCabc019-_.xyz'))
        .filter(([at, char]) => genuine[at] !== char)
        .map(([at, char]) => genuine.slice(0, at) + char + genuine.slice(at + 1)),
      // Anything, but what a URL cannot carry as one path segment ('.' and '..' are not a segment of their own).
      fc.string({ minLength: 1, maxLength: 200 }).filter((text) => text !== '.' && text !== '..' && encodable(text)),
      fc.stringMatching(/^[A-Za-z0-9_-]{10,120}\.[A-Za-z0-9_-]{43}$/),
      // A's own link, with bodies naming B's invoices.
      fc.constant(genuine),
    );
    const action = fc.constantFrom<Action>('account', 'promise', 'dispute', 'report', 'link-request');
    const lengthOfB = await api.streamLength(B);
    const historyOfB = JSON.stringify(await historyOf(api, B));

    await fc.assert(
      fc.asyncProperty(token, action, fc.constantFrom('INV-B1', 'INV-B2'), async (tried, does, invoiceOfB) => {
        const answer = await send(customer, tried, does, invoiceOfB);

        expect(answer.status).toBeLessThan(500);
        expect(told(answer.body ?? {})).not.toMatch(/SS-B|INV-B/);
        if (answer.status < 300) {
          // Only A's own link is served (and the fresh-link request, which answers the same to every token).
          expect({ tried, does, status: answer.status }).toEqual({
            tried: does === 'link-request' ? tried : genuine,
            does,
            status: answer.status,
          });
        }
        if (tried !== genuine && does !== 'link-request')
          expect(answer.body).toMatchObject({ type: 'urn:collections:problem:link-not-valid' });
        if (tried === genuine && (does === 'dispute' || does === 'report')) expect(answer.status).toBe(422);
      }),
      { numRuns: 200 },
    );

    expect(await api.streamLength(B)).toBe(lengthOfB);
    expect(JSON.stringify(await historyOf(api, B))).toBe(historyOfB);
  });

  it('given only a staff key (any role) and no valid token, then every customer route refuses, as without the key', async () => {
    const before = [await api.streamLength(A), await api.streamLength(B)];

    for (const role of ['admin', 'manager', 'collector', 'integration'] as const) {
      for (const does of ['account', 'promise', 'dispute', 'report'] as const) {
        for (const token of [keyOf(role), 'no-token', `${A}`]) {
          const answer = await send(api.as(role), token, does, 'INV-A1').expect(404).expect('Content-Type', PROBLEM_JSON);
          expect(answer.body).toMatchObject({ reason: 'invalid' });
        }
      }
    }
    expect([await api.streamLength(A), await api.streamLength(B)]).toEqual(before);
  });

  it("given a valid token and a staff key beside it, then what is recorded is the customer's, not the key's", async () => {
    await api.as('admin').post(`/pay/${linkOf()}/payment-reports`, { amount: 5_000, currency: 'EUR', paidOn: TODAY }).expect(201);

    expect((await historyOf(api, A)).at(-1)?.metadata.actor).toEqual({ id: `customer:${A}`, role: 'customer' });
  });

  it("given a valid customer token as a bearer key, then no staff route opens: 401 everywhere, A's or B's", async () => {
    const asCustomer = api.withAuthorization(`Bearer ${linkOf()}`);
    const before = await api.streamLength(A);

    for (const path of [
      `/customers/${A}/state`,
      `/customers/${A}/history`,
      `/customers/${A}/letters`,
      `/customers/${B}/state`,
      '/worklists/collector-1',
      '/me',
      '/aging',
    ]) {
      await asCustomer.get(path).expect(401);
    }
    await asCustomer
      .post(`/customers/${A}/promises`, {
        promiseId: 'P-X',
        invoiceIds: ['INV-A1'],
        amount: 100,
        currency: 'EUR',
        promisedFor: '2024-03-10',
      })
      .expect(401);
    await asCustomer.post(`/customers/${A}/letters/${letterOf(A)}/link-revocation`, {}).expect(401);
    expect(await api.streamLength(A)).toBe(before);
  });
});

describe('the rate limit of a link', () => {
  let api: TestApi;
  let linkOf: Awaited<ReturnType<typeof givenTwoCustomers>>['linkOf'];

  beforeAll(async () => {
    // The customer's limit as it ships (30 a minute, counted per link); the staff roles' as they ship too.
    api = await startApi({ today: TODAY, env: { RATE_LIMITS: 'customer=30/min' } });
    ({ linkOf } = await givenTwoCustomers(api));
  });
  afterAll(() => api.close());

  it('given 30 requests with one link in a minute, then the 31st is refused 429 with Retry-After, while another link (and a forged one) still answers', async () => {
    const link = linkOf();
    const other = linkOf({ letterId: letterOf(A, 'REM-2') });
    const customer = api.withAuthorization();

    for (let sent = 1; sent <= 30; sent++) await customer.get(`/pay/${link}/account`).expect(200);
    const refused = await customer.get(`/pay/${link}/account`).expect(429).expect('Content-Type', PROBLEM_JSON);

    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers).toMatchObject({ 'ratelimit-limit': '30', 'ratelimit-remaining': '0' });
    expect(refused.body.detail).toMatch(/^This link may make 30 requests in 1 min; retry in \d+ s/);
    // The limit counts the link whatever the request, and whatever address or key comes with it.
    await api.as('admin').post(`/pay/${link}/link-requests`).expect(429);
    await customer.get(`/pay/${other}/account`).expect(200);
    await customer.get(`/pay/${link.slice(0, -2)}xx/account`).expect(404);
  });

  it('given a link past its limit, then a staff key from the same address is not limited by it', async () => {
    expect((await api.as('collector').get('/me').expect(200)).headers['ratelimit-limit']).toBe('600');
    await request(api.app.getHttpServer()).get('/health').expect(200);
  });
});
