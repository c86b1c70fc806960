import { createCollectionsClient } from './collections-client';

/** The wrapper's own promises, against a fetch double: the typed calls themselves are driven against the api in test/api/typed-client. */
describe('createCollectionsClient', () => {
  const answering = (status: number, body: object) => {
    const requests: Request[] = [];
    const fetch = async (request: Request) => {
      requests.push(request);
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    };
    return { requests, fetch };
  };

  it('given a base URL and an API key, when an operation is called, then the request goes there with the key as a bearer token', async () => {
    const identity = { actorId: 'collector-1', role: 'collector', permissions: { commands: [], reads: [] } };
    const service = answering(200, identity);
    const client = createCollectionsClient({ baseUrl: 'http://collections.test/', apiKey: 'a-key-of-sixteen-chars', fetch: service.fetch });

    const { data } = await client.GET('/me');

    expect(service.requests.map((request) => [request.method, request.url, request.headers.get('authorization')])).toEqual([
      ['GET', 'http://collections.test/me', 'Bearer a-key-of-sixteen-chars'],
    ]);
    expect(data).toEqual(identity);
  });

  it('given path and query parameters, when an operation is called, then they are encoded into its URL', async () => {
    const service = answering(200, {});
    const client = createCollectionsClient({ baseUrl: 'http://collections.test', apiKey: 'a-key-of-sixteen-chars', fetch: service.fetch });

    await client.GET('/customers/{customerId}/state', { params: { path: { customerId: 'ACME 1/2' }, query: { asOf: '2024-03-31' } } });

    expect(service.requests[0].url).toBe('http://collections.test/customers/ACME%201%2F2/state?asOf=2024-03-31');
  });

  it('given a refusal, when a command is sent, then its problem details are the error and there is no data', async () => {
    const problem = { type: 'about:blank', title: 'Not found', status: 404, detail: 'No account ACME-1', code: 'account-not-found' };
    const service = answering(404, problem);
    const client = createCollectionsClient({ baseUrl: 'http://collections.test', apiKey: 'a-key-of-sixteen-chars', fetch: service.fetch });

    const { data, error, response } = await client.POST('/customers/{customerId}/credit-hold', {
      params: { path: { customerId: 'ACME-1' } },
      body: { reason: 'Referred to an agency' },
    });

    expect({ data, error, status: response.status }).toEqual({ data: undefined, error: problem, status: 404 });
    expect(service.requests[0].headers.get('content-type')).toBe('application/json');
  });
});
