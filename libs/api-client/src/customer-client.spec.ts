import { createCustomerClient } from './customer-client';

/** The customer's client against a fetch double: the routes themselves are driven in test/api/typed-client and the browser tests. */
describe('createCustomerClient', () => {
  it("given a token, when the customer's page is read, then the token goes in the path, encoded, and no key or cookie is sent", async () => {
    const requests: Request[] = [];
    const fetch = async (request: Request) => {
      requests.push(request);
      return new Response(JSON.stringify({ customerId: 'C-1' }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const client = createCustomerClient({ baseUrl: 'http://collections.test', fetch });

    const { data } = await client.GET('/pay/{token}/account', { params: { path: { token: 'eyJhIjoxfQ.sig/../x' } } });

    expect(requests.map((request) => [request.method, request.url, request.headers.get('authorization'), request.credentials])).toEqual([
      ['GET', 'http://collections.test/pay/eyJhIjoxfQ.sig%2F..%2Fx/account', null, 'omit'],
    ]);
    expect(data).toEqual({ customerId: 'C-1' });
  });
});
