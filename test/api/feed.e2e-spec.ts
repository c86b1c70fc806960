import fc from 'fast-check';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { UNIDENTIFIED_CASH_STREAM_PREFIX, streamIdOf, unidentifiedCashStreamIdOf } from '@collections/domain';
import { PUBLISHED_EVENT_TYPES } from '@collections/contracts';
import { publishedEventValidator } from '@collections/contracts/testing/published-event-validator';
import { FeedService } from '../../apps/api/src/feed/feed.service';
import { FeedClient, FeedClientOptions, ServerSentEvent } from '../fixtures/feed-client';
import { appendHistory } from '../fixtures/generate-history';
import {
  ONE_OF_EACH_ACCOUNT_TYPE,
  ONE_OF_EACH_UNIDENTIFIED_CASH_TYPE,
  UNIDENTIFIED_CASH_STREAM,
  asStored,
} from '../fixtures/stored-events';
import { TestApi, keyOf, startApi } from './harness';

type Role = Parameters<typeof keyOf>[0];

/** Listens on a free TCP port (the harness's app only serves supertest). */
async function listen(api: TestApi, target: number | string = 0): Promise<FeedClientOptions['target']> {
  const server = api.app.getHttpServer();
  await new Promise<void>((resolve) => server.listen(target, resolve));
  return typeof target === 'string' ? { socketPath: target } : { port: (server.address() as AddressInfo).port };
}

const headPosition = async (api: TestApi): Promise<number> =>
  (await api.store.readAll({ direction: 'backwards', maxCount: 1 }))[0]?.position ?? 0;

const envelopes = (events: ServerSentEvent[]) =>
  events.filter((event) => event.event === undefined).map((event) => JSON.parse(event.data) as Record<string, unknown>);

describe('the published event feed (Server-Sent Events)', () => {
  let api: TestApi;
  let target: FeedClientOptions['target'];
  const validator = publishedEventValidator();
  const connect = (path: string, role: Role | 'anonymous' = 'integration', options: Partial<FeedClientOptions> = {}) =>
    FeedClient.connect({ target, path, apiKey: role === 'anonymous' ? undefined : keyOf(role), ...options });

  beforeAll(async () => {
    api = await startApi({ feed: { heartbeatMs: 50 } });
    target = await listen(api);
  });
  afterAll(() => api.close());

  it('sends every event type as a CloudEvents envelope that the SDK and the published schema accept', async () => {
    // given one event of every type of an account, unidentified cash in its own stream, and a contact logged through the API with a collector's notes
    await api.store.appendToStream(
      streamIdOf('EVERY-TYPE'),
      ONE_OF_EACH_ACCOUNT_TYPE.map((event) => asStored(event)),
      { expectedRevision: 'no_stream' },
    );
    await api.store.appendToStream(
      UNIDENTIFIED_CASH_STREAM,
      ONE_OF_EACH_UNIDENTIFIED_CASH_TYPE.map((event) => asStored(event)),
      { expectedRevision: 'no_stream' },
    );
    await api
      .as('integration')
      .post('/customers/EVERY-TYPE-2/invoices', {
        invoiceId: 'INV-1',
        amount: 10_000,
        currency: 'EUR',
        issuedOn: '2024-01-10',
        dueOn: '2024-02-09',
      })
      .expect(201);
    await api
      .as('collector')
      .post('/customers/EVERY-TYPE-2/contacts', {
        contactId: 'C-1',
        channel: 'phone',
        person: 'Jonas Petraitis',
        outcome: 'reached',
        notes: 'Sounded evasive',
        contactedOn: '2024-02-20',
      })
      .expect(201);

    // when an integration reads the feed up to now
    const client = await connect('/feed?live=false');
    expect(client.status).toBe(200);
    expect(client.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await client.closed;

    // then each event of an account is a valid envelope, its SSE id its global position, in order
    const published = envelopes(client.events);
    expect(new Set(published.map((envelope) => envelope.type))).toEqual(
      new Set(PUBLISHED_EVENT_TYPES.map((type) => `io.collections.${type}.v1`)),
    );
    for (const envelope of published)
      expect({ type: envelope.type, problems: validator.problemsOf(envelope) }).toEqual({ type: envelope.type, problems: [] });
    const ids = client.events.filter((event) => event.event === undefined).map((event) => Number(event.id));
    expect(ids).toEqual(published.map((envelope) => Number(envelope.globalposition)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // and the stored history is what was sent, nothing more: all but the unidentified cash, which is no customer's
    const stored = (await api.store.readAll()).filter((event) => !event.streamId.startsWith(UNIDENTIFIED_CASH_STREAM_PREFIX));
    expect(published.map((envelope) => envelope.id)).toEqual(stored.map((event) => event.id));
    // and no collector's notes, contact names or guarantors left the service
    const contact = published.find(
      (envelope) => envelope.subject === 'EVERY-TYPE-2' && envelope.type === 'io.collections.ContactLogged.v1',
    );
    expect(contact?.data).toEqual({ contactId: 'C-1', contactedOn: '2024-02-20', channel: 'phone', outcome: 'reached' });
    const text = JSON.stringify(published);
    for (const secret of [
      'Sounded evasive',
      'Jonas Petraitis',
      'Cash flow',
      'J. Doe',
      'Personal guarantee',
      'Baltic Law LLP',
      'Two pallets arrived crushed',
      'Ona Jankauskienė',
      'LT601010012345678901',
      'less the broken chair',
      'Applied to the wrong invoice',
      'Overpaid twice',
    ]) {
      expect(text).not.toContain(secret);
    }
    // and the stream ends saying it caught up, and where to resume
    const last = client.events[client.events.length - 1];
    expect(last).toEqual({
      id: String(ids[ids.length - 1]),
      event: 'feed-ended',
      data: JSON.stringify({ reason: 'caught-up', after: String(ids[ids.length - 1]) }),
    });
  });

  it('ends with every event exactly once, in order, for a consumer that drops the connection 20 times while events keep coming', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        // Where each of the 20 connections is cut, in characters, mid-event as often as not: at
        // most 20 × 20,000 characters, less than the ~600,000 the 1,000 events take, so every cut happens.
        fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 20, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        async (dropPoints, resumeWithHeader) => {
          // given events being appended, 1,000 in all, while the consumer reads
          run += 1;
          const start = await headPosition(api);
          const producing = (async () => {
            for (let chunk = 0; chunk < 20; chunk++) {
              await appendHistory(api.store, 5, { firstCustomer: run * 1_000 + chunk * 5 });
              await new Promise((resolve) => setTimeout(resolve, 10));
            }
          })();

          // when the consumer reconnects after every drop from the last event it received whole
          const received: ServerSentEvent[] = [];
          let lastEventId = String(start);
          let connections = 0;
          const read = async (options: Partial<FeedClientOptions>, until?: () => boolean) => {
            const path = resumeWithHeader[connections++ % 20] ? '/feed' : `/feed?after=${lastEventId}`;
            const client = await connect(path, 'integration', {
              ...(path === '/feed' ? { lastEventId } : {}),
              onEvent: (event) => received.push(event),
              ...options,
            });
            if (until) await client.until(until);
            else await client.closed;
            client.close();
            lastEventId = client.lastEventId ?? lastEventId;
          };
          for (const dropAfterChars of dropPoints) await read({ dropAfterChars });
          await producing;
          await read({}, () => received.filter((event) => event.event === undefined).length >= 1_000);

          // then it holds exactly the appended events, in the store's order
          const expected = (await api.store.readAll({ fromPosition: start + 1 })).map((event) => String(event.position));
          expect(expected).toHaveLength(1_000);
          expect(received.map((event) => event.id)).toEqual(expected);
          expect(new Set(envelopes(received).map((envelope) => envelope.id)).size).toBe(1_000);
        },
      ),
      { numRuns: 3 },
    );
  }, 120_000);

  it('filters by event type and by customer, and never mixes up customers whose ids share a prefix', async () => {
    // given two customers, F-1 and F-10, each with a history
    const start = await headPosition(api);
    for (const customer of ['F-1', 'F-10']) {
      await api.store.appendToStream(
        streamIdOf(customer),
        ONE_OF_EACH_ACCOUNT_TYPE.map((event) => asStored(event)),
        { expectedRevision: 'no_stream' },
      );
    }
    // when reading by type, and by customer
    const byType = await connect(`/feed?after=${start}&types=PromiseBroken,PaymentReceived,CashApplied&live=false`);
    const byCustomer = await connect(`/feed?after=${start}&customerId=F-1&live=false`);
    await Promise.all([byType.closed, byCustomer.closed]);
    // then each gets only what it asked for
    expect(envelopes(byType.events).map((envelope) => [envelope.subject, envelope.type])).toEqual([
      ['F-1', 'io.collections.PaymentReceived.v1'],
      ['F-1', 'io.collections.CashApplied.v1'],
      ['F-1', 'io.collections.PromiseBroken.v1'],
      ['F-10', 'io.collections.PaymentReceived.v1'],
      ['F-10', 'io.collections.CashApplied.v1'],
      ['F-10', 'io.collections.PromiseBroken.v1'],
    ]);
    const customerEvents = envelopes(byCustomer.events);
    expect(customerEvents).toHaveLength(ONE_OF_EACH_ACCOUNT_TYPE.length);
    expect(new Set(customerEvents.map((envelope) => envelope.subject))).toEqual(new Set(['F-1']));
    // and a filtered stream that caught up says to resume after everything it looked at
    expect(JSON.parse(byCustomer.events[byCustomer.events.length - 1].data)).toEqual({
      reason: 'caught-up',
      after: String(await headPosition(api)),
    });
  });

  it('follows new events live, with heartbeats while nothing happens', async () => {
    // given a client following one customer from now
    const client = await connect(`/feed?after=${await headPosition(api)}&customerId=LIVE-1`);
    // when nothing happens for a while
    await client.until(() => client.parser.comments >= 2);
    // and then a command and an event of another customer are recorded
    await api
      .as('integration')
      .post('/customers/LIVE-2/invoices', {
        invoiceId: 'INV-9',
        amount: 5_000,
        currency: 'EUR',
        issuedOn: '2024-06-01',
        dueOn: '2024-07-01',
      })
      .expect(201);
    const invoice = { invoiceId: 'INV-1', amount: 7_000, currency: 'EUR', issuedOn: '2024-06-01', dueOn: '2024-07-01' };
    await api.as('integration').post('/customers/LIVE-1/invoices', invoice, { 'X-Correlation-Id': 'erp-sync-42' }).expect(201);
    await client.until(() => client.events.length >= 1);
    client.close();
    // then the client got the heartbeats and its customer's event, with the ids tying it to its command
    const [envelope] = envelopes(client.events);
    const [stored] = await api.store.readStream(streamIdOf('LIVE-1'));
    expect(client.events).toHaveLength(1);
    expect(envelope).toMatchObject({
      id: stored.id,
      type: 'io.collections.InvoiceRegistered.v1',
      subject: 'LIVE-1',
      time: '2024-06-30T12:00:00.000Z',
      globalposition: String(stored.position),
      streamrevision: 0,
      correlationid: 'erp-sync-42',
      causationid: stored.metadata.commandId,
      data: { invoiceId: 'INV-1', amount: 7_000, currency: 'EUR', issuedOn: '2024-06-01', dueOn: '2024-07-01' },
    });
    expect(validator.problemsOf(envelope)).toEqual([]);
  });

  it("follows no unidentified cash live: it is no customer's", async () => {
    // given a client following everything from now
    const client = await connect(`/feed?after=${await headPosition(api)}`);
    // when cash nobody is known for arrives, and then an event of an account
    await api.store.appendToStream(
      unidentifiedCashStreamIdOf('PAY-LIVE-U'),
      ONE_OF_EACH_UNIDENTIFIED_CASH_TYPE.map((event) => asStored(event)),
      { expectedRevision: 'no_stream' },
    );
    await api.store.appendToStream(streamIdOf('LIVE-3'), [asStored(ONE_OF_EACH_ACCOUNT_TYPE[0])], { expectedRevision: 'no_stream' });
    await client.until(() => client.events.length >= 1);
    client.close();
    // then the account's event is all it got
    expect(envelopes(client.events).map((envelope) => [envelope.subject, envelope.type])).toEqual([
      ['LIVE-3', 'io.collections.InvoiceRegistered.v1'],
    ]);
  });

  it('is for integrations and admins only', async () => {
    const outcomes: Record<string, number> = {};
    for (const role of ['anonymous', 'admin', 'integration', 'manager', 'collector', 'auditor', 'analyst'] as const) {
      const client = await connect('/feed?live=false', role);
      outcomes[role] = client.status;
      if (client.status >= 400) expect(client.response.headers['content-type']).toMatch(/^application\/problem\+json/);
      client.close();
    }
    expect(outcomes).toEqual({ anonymous: 401, admin: 200, integration: 200, manager: 403, collector: 403, auditor: 403, analyst: 403 });
    await api.as('analyst').get('/feed/schemas').expect(403);
  });

  it.each([
    ['/feed?after=-1', {}, '/after'],
    ['/feed?after=abc', {}, '/after'],
    ['/feed?after=1.5', {}, '/after'],
    ['/feed?after=99999999999999999999', {}, '/after'],
    ['/feed?types=Nope', {}, '/types'],
    ['/feed?types=PromiseBroken,', {}, '/types'],
    ['/feed?types=PromiseBroken,UnidentifiedCashReceived', {}, '/types'],
    ['/feed?customerId=no%20spaces', {}, '/customerId'],
    ['/feed?live=maybe', {}, '/live'],
    ['/feed?since=1', {}, '/since'],
    ['/feed', { lastEventId: 'yesterday' }, '/headers/last-event-id'],
  ])('refuses %s %j with a problem naming %s', async (path, options, pointer) => {
    const client = await connect(path, 'integration', options);
    expect(client.status).toBe(400);
    expect(client.response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(await client.text());
    expect(problem).toMatchObject({ type: 'urn:collections:problem:invalid-request', status: 400 });
    expect(problem.errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
  });

  it('says that unidentified cash is not published, rather than that it is no event type', async () => {
    const client = await connect('/feed?types=CashApplied,UnidentifiedCashAssigned', 'integration');
    expect(client.status).toBe(400);
    const problem = JSON.parse(await client.text());
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: '/types', detail: expect.stringContaining('UnidentifiedCashAssigned') }),
    ]);
    expect(problem.errors[0].detail).toMatch(/does not publish/);
  });

  it("publishes the JSON Schema of every event type of customers' accounts", async () => {
    const { body } = await api.as('integration').get('/feed/schemas').expect(200);
    expect(Object.keys(body).sort()).toEqual(PUBLISHED_EVENT_TYPES.map((type) => `io.collections.${type}.v1`).sort());
    expect(Object.keys(body).filter((type) => type.includes('UnidentifiedCash'))).toEqual([]);
    expect(body['io.collections.PromiseBroken.v1']).toMatchObject({
      $id: 'urn:collections:schema:PromiseBroken:v1',
      additionalProperties: false,
    });
  });
});

describe('the feed and a slow consumer', () => {
  const MAX_BUFFERED_BYTES = 64 * 1024;
  /** One batch of events may be written on top of the bound before the feed waits. */
  const ONE_BATCH = 32 * 1024 + 4 * 1024;
  let api: TestApi;
  let target: FeedClientOptions['target'];

  beforeAll(async () => {
    api = await startApi({ feed: { maxBufferedBytes: MAX_BUFFERED_BYTES, stallTimeoutMs: 1_000, heartbeatMs: 60_000 } });
    // A Unix socket: its small kernel buffers fill long before the ~12 MB stream is through.
    target = await listen(api, join(api.dataDir, 'api.sock'));
  });
  afterAll(() => api.close());

  it('holds a bounded number of bytes for a client that stops reading, then ends its stream with the position to resume after', async () => {
    // given 20,000 events stored, about 12 MB of envelopes
    await appendHistory(api.store, 2_000);
    const feed = api.app.get(FeedService);

    // when a client connects and then reads nothing
    const client = await FeedClient.connect({ target, path: '/feed', apiKey: keyOf('integration') });
    client.pause();
    const [connection] = feed.openConnections;
    while (!connection.ended) await new Promise((resolve) => setTimeout(resolve, 20));

    // then the server never queued more than the bound (plus one batch) for it, and gave up on it
    expect(connection.endReason).toBe('slow-consumer');
    expect(connection.peakBufferedBytes).toBeGreaterThan(MAX_BUFFERED_BYTES);
    expect(connection.peakBufferedBytes).toBeLessThanOrEqual(MAX_BUFFERED_BYTES + ONE_BATCH);
    expect(feed.openConnections).toEqual([]);

    // and when the client reads again it finds the end of its stream, saying where to resume
    client.resume();
    expect(await client.closed).toBe('ended');
    const last = client.events[client.events.length - 1];
    const received = client.events.slice(0, -1);
    expect(last.event).toBe('feed-ended');
    expect(JSON.parse(last.data)).toEqual({ reason: 'slow-consumer', after: received[received.length - 1].id });
    expect(received.length).toBeLessThan(20_000);

    // and resuming from there gets everything else, exactly once
    const rest = await FeedClient.connect({
      target,
      path: '/feed?live=false',
      apiKey: keyOf('integration'),
      lastEventId: client.lastEventId,
    });
    expect(await rest.closed).toBe('ended');
    const all = [...received, ...rest.events.slice(0, -1)].map((event) => event.id);
    expect(all).toEqual((await api.store.readAll()).map((event) => String(event.position)));
  }, 60_000);

  it('tells connected clients where to resume when the service shuts down', async () => {
    // given a client following the feed of a service at its end
    const service = await startApi();
    await appendHistory(service.store, 1);
    const head = await headPosition(service);
    const client = await FeedClient.connect({ target: await listen(service), path: `/feed?after=${head}`, apiKey: keyOf('integration') });
    // when the service shuts down
    await service.close();
    // then the client is told to resume where it was
    expect(await client.closed).toBe('ended');
    expect(client.events).toEqual([
      { id: String(head), event: 'feed-ended', data: JSON.stringify({ reason: 'shutdown', after: String(head) }) },
    ]);
  });
});

describe('the feed and a live client that falls behind', () => {
  let api: TestApi;
  let target: FeedClientOptions['target'];

  beforeAll(async () => {
    // A short live tail and a patient stall timeout: the client below falls behind the tail, not out of the feed.
    api = await startApi({ feed: { maxBufferedBytes: 64 * 1024, stallTimeoutMs: 20_000, liveTailEvents: 100 } });
    target = await listen(api, join(api.dataDir, 'api.sock'));
  });
  afterAll(() => api.close());

  it('reads what the shared live tail no longer holds from the store, and misses nothing', async () => {
    // given a client following the feed live from its end
    const start = await headPosition(api);
    const client = await FeedClient.connect({ target, path: `/feed?after=${start}`, apiKey: keyOf('integration') });
    const [connection] = api.app.get(FeedService).openConnections;
    // when it stops reading while 5,000 events (about 3 MB) are recorded, far more than the tail keeps
    client.pause();
    await appendHistory(api.store, 500);
    // What the pause is for: the shared live tail has read the last append, so it has dropped what the client needs.
    const tail = await api.app.get(FeedService)['sharedLiveTail']();
    await tail.waitPast((await headPosition(api)) - 1);
    client.resume();
    await client.until(() => client.events.length >= 5_000);
    client.close();
    // then it got every event exactly once, in order, reading the store again for what the tail had dropped
    const expected = (await api.store.readAll({ fromPosition: start + 1 })).map((event) => String(event.position));
    expect(client.events.map((event) => event.id)).toEqual(expected);
    expect(connection.storeReads).toBeGreaterThanOrEqual(2);
    expect(connection.peakBufferedBytes).toBeLessThanOrEqual(64 * 1024 + 36 * 1024);
  }, 60_000);
});
