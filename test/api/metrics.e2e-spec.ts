import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { WrongExpectedRevisionError } from '@collections/event-store';
import { Projector } from '@collections/projections';
import { ApiMetricsHost } from '../../apps/api/src/metrics/api-metrics';
import { parsePrometheusText, sampleValue, MetricFamily } from '../metrics/prometheus-text';
import { FeedClient } from '../fixtures/feed-client';
import { TestApi, keyOf, startApi } from './harness';

/**
 * GET /metrics: Prometheus's text format, read back by a strict parser. The command side counts
 * real requests by type and outcome, the projector's lag moves while it is stopped and returns to
 * 0 once it has caught up, and only a monitoring (or admin) key may read it.
 */
describe('the api metrics', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ env: { METRICS_PORT: '0' } });
  });
  afterAll(() => api.close());

  const scrape = async (): Promise<Map<string, MetricFamily>> => {
    const response = await api.as('monitoring').get('/metrics').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    return parsePrometheusText(response.text);
  };
  const invoice = (invoiceId: string, amount = 10_000) => ({
    invoiceId,
    amount,
    currency: 'EUR',
    issuedOn: '2024-01-10',
    dueOn: '2024-02-09',
  });
  const payment = (paymentId: string, invoiceId: string, amount: number) => ({
    paymentId,
    invoiceId,
    amount,
    currency: 'EUR',
    receivedOn: '2024-03-01',
  });

  it('given no key, a collector key and a monitoring key, then 401, 403 and 200; the monitoring role reads nothing else', async () => {
    await api.withAuthorization().get('/metrics').expect(401);
    await api.as('collector').get('/metrics').expect(403);
    await api.as('admin').get('/metrics').expect(200);
    await scrape();
    await api.as('monitoring').get('/customers/M-0/history').expect(403);
    const { body } = await api.as('monitoring').get('/me').expect(200);
    expect(body.permissions).toEqual({ commands: [], reads: ['ReadOwnIdentity', 'ReadMetrics'] });
  });

  it('given a 201, a 422 rule refusal, a 400 and a 409, then each command is counted by type and outcome, with its latency', async () => {
    const before = await scrape();
    const count = (families: Map<string, MetricFamily>, type: string, outcome: string) =>
      sampleValue(families, 'collections_commands_total', { type, outcome }) ?? 0;

    await api.as('integration').post('/customers/M-1/invoices', invoice('INV-1')).expect(201);
    // On an invoice the account does not have: the decider refuses it.
    await api
      .as('integration')
      .post('/customers/M-1/payments', payment('PAY-1', 'INV-404', 1_000))
      .expect(422);
    await api
      .as('integration')
      .post('/customers/M-1/payments', { ...payment('PAY-2', 'INV-1', 100), amount: -1 })
      .expect(400);
    // Another writer wins every race on M-2's stream: the command gives up after its retries.
    await api.as('integration').post('/customers/M-2/invoices', invoice('INV-1')).expect(201);
    const append = api.store.appendToStream.bind(api.store);
    const racing = jest.spyOn(api.store, 'appendToStream').mockImplementation((streamId, events, options) => {
      if (streamId === 'collection-M-2') return Promise.reject(new WrongExpectedRevisionError(streamId, options.expectedRevision, 1));
      return append(streamId, events, options);
    });
    try {
      await api
        .as('integration')
        .post('/customers/M-2/payments', payment('PAY-1', 'INV-1', 500))
        .expect(409);
    } finally {
      racing.mockRestore();
    }

    const after = await scrape();
    expect(count(after, 'RegisterInvoice', 'accepted') - count(before, 'RegisterInvoice', 'accepted')).toBe(2);
    expect(count(after, 'ReceivePayment', 'refused') - count(before, 'ReceivePayment', 'refused')).toBe(1);
    expect(count(after, 'ReceivePayment', 'invalid') - count(before, 'ReceivePayment', 'invalid')).toBe(1);
    expect(count(after, 'ReceivePayment', 'conflict') - count(before, 'ReceivePayment', 'conflict')).toBe(1);
    expect(count(after, 'ReceivePayment', 'accepted') - count(before, 'ReceivePayment', 'accepted')).toBe(0);
    expect(after.get('collections_command_duration_seconds')?.type).toBe('histogram');
    // Timed: the accepted invoices and the refused and conflicting payments; the invalid one never reached the command side.
    const timed = (families: Map<string, MetricFamily>, type: string) =>
      sampleValue(families, 'collections_command_duration_seconds_count', { type }) ?? 0;
    expect(timed(after, 'RegisterInvoice') - timed(before, 'RegisterInvoice')).toBe(2);
    expect(timed(after, 'ReceivePayment') - timed(before, 'ReceivePayment')).toBe(2);
    // The conflict took eight attempts with growing pauses.
    expect(sampleValue(after, 'collections_command_duration_seconds_sum', { type: 'ReceivePayment' })).toBeGreaterThan(0.005);
    // Two appends of one event each.
    expect(
      (sampleValue(after, 'collections_append_events_count') ?? 0) - (sampleValue(before, 'collections_append_events_count') ?? 0),
    ).toBe(2);
    expect((sampleValue(after, 'collections_append_events_sum') ?? 0) - (sampleValue(before, 'collections_append_events_sum') ?? 0)).toBe(
      2,
    );
  });

  it('given requests, then HTTP requests are counted by route pattern and status, never by the raw URL', async () => {
    await api.as('integration').post('/customers/M-3/invoices', invoice('INV-1')).expect(201);
    await api.as('auditor').get('/customers/M-3/history').expect(200);
    await api.as('auditor').get('/no/such/route').expect(404);

    const families = await scrape();
    const requests = families.get('collections_http_requests_total')!;
    expect(requests.type).toBe('counter');
    expect(
      sampleValue(families, 'collections_http_requests_total', { method: 'POST', route: '/customers/:customerId/invoices', status: '201' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(families, 'collections_http_requests_total', { method: 'GET', route: '/customers/:customerId/history', status: '200' }),
    ).toBe(1);
    expect(sampleValue(families, 'collections_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(sampleValue(families, 'collections_http_requests_total', { method: 'GET', route: '/metrics', status: '401' })).toBe(1);
    expect(requests.samples.filter((sample) => /M-\d|no\/such/.test(sample.labels.route))).toEqual([]);
    expect(families.get('collections_http_request_duration_seconds')?.type).toBe('histogram');
    // Node's own process metrics.
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
  });

  it('given the projector stopped while events are appended, then its lag grows in events and seconds, and returns to 0 once it catches up', async () => {
    await api.projected();
    const caughtUp = await scrape();
    const head = sampleValue(caughtUp, 'collections_event_store_head_position')!;
    expect(head).toBeGreaterThan(0);
    expect(sampleValue(caughtUp, 'collections_event_handler_lag_events', { handler: 'worklist' })).toBe(0);
    expect(sampleValue(caughtUp, 'collections_event_handler_checkpoint_position', { handler: 'worklist' })).toBe(head);

    const projector = api.app.get(Projector);
    await projector.stop();
    try {
      for (const id of ['INV-1', 'INV-2', 'INV-3']) await api.as('integration').post('/customers/M-4/invoices', invoice(id)).expect(201);
      await new Promise((resolve) => setTimeout(resolve, 50));

      const held = await scrape();
      for (const handler of ['worklist', 'invoice-ledger', 'audit-trail']) {
        expect({ handler, lag: sampleValue(held, 'collections_event_handler_lag_events', { handler }) }).toEqual({ handler, lag: 3 });
        expect(sampleValue(held, 'collections_event_handler_lag_seconds', { handler })).toBeGreaterThanOrEqual(0.05);
        expect(sampleValue(held, 'collections_event_handler_checkpoint_position', { handler })).toBe(head);
      }
      expect(sampleValue(held, 'collections_event_store_head_position')).toBeGreaterThan(head);
    } finally {
      projector.start();
    }
    await api.projected();

    const resumed = await scrape();
    const lags = resumed.get('collections_event_handler_lag_events')!.samples;
    expect(lags.length).toBeGreaterThanOrEqual(5);
    expect(lags.filter((sample) => sample.value !== 0)).toEqual([]);
    expect(resumed.get('collections_event_handler_lag_seconds')!.samples.filter((sample) => sample.value !== 0)).toEqual([]);
  });

  it('given a client streaming the feed, then the feed clients gauge reads 1 while it listens, and 0 once it has hung up', async () => {
    const server = api.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const connected = async () => {
      const families = await scrape();
      expect(families.get('collections_feed_clients_connected')?.type).toBe('gauge');
      return sampleValue(families, 'collections_feed_clients_connected');
    };
    expect(await connected()).toBe(0);

    const client = await FeedClient.connect({
      target: { port: (server.address() as AddressInfo).port },
      path: '/feed',
      apiKey: keyOf('integration'),
    });
    expect(client.status).toBe(200);
    expect(await connected()).toBe(1);

    client.close();
    // The api sees the socket close on its next turn or so.
    for (let waited = 0; waited < 5_000 && (await connected()) !== 0; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await connected()).toBe(0);
  });

  it('given the policy engine is not hosted here, then neither its runs nor the letters are reported (the process hosting it does)', async () => {
    const families = await scrape();
    expect([...families.keys()].filter((name) => /^collections_(policy|letters)_/.test(name))).toEqual([]);
  });

  it('given METRICS_PORT, then the same metrics are served there without a key, and nothing else is', async () => {
    const port = api.app.get(ApiMetricsHost).port!;
    const get = (path: string) =>
      new Promise<{ status: number; type: string; text: string }>((resolve, reject) =>
        httpRequest({ host: 'localhost', port, path }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, type: String(response.headers['content-type']), text }));
        })
          .on('error', reject)
          .end(),
      );

    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(
      sampleValue(parsePrometheusText(metrics.text), 'collections_commands_total', { type: 'RegisterInvoice', outcome: 'accepted' }),
    ).toBeGreaterThanOrEqual(6);
    expect((await get('/customers/M-1/history')).status).toBe(404);
  });
});
