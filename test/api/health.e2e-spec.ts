import { EVENT_PROCESSOR, EventProcessor } from '@collections/event-processor';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * The probes: GET /health/live says the process serves; GET /health/ready says the stores answer
 * and the read models keep up with the event store (at most READY_MAX_LAG_EVENTS behind), and
 * answers 503 as problem+json naming what is not ready. Both answer without a key.
 */
describe('GET /health/live and GET /health/ready', () => {
  let api: TestApi;
  /** The api's one event processor: the read models are its handlers, so stopping it holds the projector. */
  let processor: EventProcessor;

  const registerInvoices = async (customerId: string, count: number) => {
    for (let index = 1; index <= count; index++) {
      await api
        .as('integration')
        .post(`/customers/${customerId}/invoices`, {
          invoiceId: `INV-${index}`,
          amount: 10_000,
          currency: 'EUR',
          issuedOn: '2024-06-01',
          dueOn: '2024-07-01',
        })
        .expect(201);
    }
  };

  beforeAll(async () => {
    api = await startApi({ env: { READY_MAX_LAG_EVENTS: '2' } });
    processor = api.app.get<EventProcessor>(EVENT_PROCESSOR);
  });
  afterAll(() => api.close());

  it('given a started api, when probed without a key, then it is live and ready, with every check up', async () => {
    await api.withAuthorization().get('/health/live').expect(200, { status: 'ok' });

    const { body } = await api.withAuthorization().get('/health/ready').expect(200);

    expect(body).toEqual({
      status: 'ok',
      checks: {
        eventStore: { status: 'up', position: 0 },
        readStore: { status: 'up' },
        projections: { status: 'up', lagEvents: 0, maxLagEvents: 2 },
      },
    });
  });

  it('given the projector held, when the store gets as many events as the threshold, then it is still ready', async () => {
    await processor.stop();
    try {
      await registerInvoices('HEALTH-1', 2);

      const { body } = await api.withAuthorization().get('/health/ready').expect(200);

      expect(body.checks.projections).toEqual({ status: 'up', lagEvents: 2, maxLagEvents: 2 });
    } finally {
      processor.start();
      await api.projected();
    }
  });

  it('given the projector held, when it falls more than READY_MAX_LAG_EVENTS behind, then ready is 503 naming the projections while live stays 200; once it catches up, ready is 200', async () => {
    await processor.stop();
    await registerInvoices('HEALTH-2', 3);

    const notReady = await api.withAuthorization().get('/health/ready').expect(503).expect('Content-Type', PROBLEM_JSON);
    await api.withAuthorization().get('/health/live').expect(200, { status: 'ok' });

    expect(notReady.body).toMatchObject({
      type: 'urn:collections:problem:not-ready',
      status: 503,
      detail: 'Not ready: projections: the read models are more than 2 events behind the event store',
      instance: '/health/ready',
      checks: {
        eventStore: { status: 'up' },
        readStore: { status: 'up' },
        projections: { status: 'down', lagEvents: 3, maxLagEvents: 2 },
      },
    });

    processor.start();
    await api.projected();

    const { body } = await api.withAuthorization().get('/health/ready').expect(200);
    expect(body.checks.projections).toEqual({ status: 'up', lagEvents: 0, maxLagEvents: 2 });
  });

  it('given a key, when the probes are called with it, then they answer the same (a key is not needed, nor refused)', async () => {
    await api.as('auditor').get('/health/live').expect(200, { status: 'ok' });
    await api.as('auditor').get('/health/ready').expect(200);
  });
});
