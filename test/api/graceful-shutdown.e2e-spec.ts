import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { COLLECTION_STREAM_PREFIX } from '@collections/domain';
import { createEventStore } from '@collections/event-store';
import { ALL_PROJECTIONS, CHECKPOINTS } from '@collections/projections';
import { EmbeddedReadStore } from '@collections/read-store';
import { CommandLoad, RequestOutcome } from '../fixtures/command-load';
import { FeedClient } from '../fixtures/feed-client';
import { ServerProcess, startServer } from './server-process';

const KEY = 'an-integration-key-123';
const ENV = {
  API_KEYS: `${KEY}:billing:integration`,
  // The load is far past an integration key's 6,000 a minute; the limiter is not what is tested.
  RATE_LIMITS: 'integration=off',
  SHUTDOWN_TIMEOUT_SECONDS: '20',
};
const CONNECTIONS = 64;
const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

const portOf = (server: ServerProcess) => Number(new URL(server.baseUrl).port);

/** Resolves with how the process ended. */
const exitOf = (server: ServerProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      resolve({ code: server.child.exitCode, signal: server.child.signalCode });
    else server.child.once('exit', (code, signal) => resolve({ code, signal }));
  });

/**
 * The built api as an operator runs it, stopped with SIGTERM in the middle of a load of 64
 * keep-alive connections posting commands, with a feed client following it.
 *
 * What a client may see, precisely: every request it sent gets an HTTP answer — a 201 (the
 * command is in the store), or a 503 problem+json `shutting-down` with Retry-After and
 * `Connection: close` (nothing was done) — or, for a request on a new connection once the
 * listener has closed, ECONNREFUSED: the connection was never opened, nothing was sent, and the
 * client may send it elsewhere. A reset or a hung-up socket (ECONNRESET, "socket hang up", EPIPE)
 * on a request the api had accepted is what must never happen, and any other outcome fails too.
 */
describe('the api stopped with SIGTERM under load', () => {
  let dataDir: string;
  jest.setTimeout(120_000);

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'collections-shutdown-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given 64 connections posting commands and a feed client, when SIGTERM comes, then every request is answered or refused before sending, every 201 is in the store, the feed ends with a position to resume from, and the process exits 0', async () => {
    // given the api under a load of 64 keep-alive connections, and a client following its feed live
    const server = await startServer({ DATA_DIR: dataDir, ...ENV });
    const port = portOf(server);
    const feed = await FeedClient.connect({ target: { port }, path: '/feed?after=0', apiKey: KEY });
    expect(feed.status).toBe(200);
    const load = new CommandLoad({ port, apiKey: KEY, connections: CONNECTIONS }).start();
    // A point in the work, not a time: a slow machine is stopped as far into the load as a fast one.
    await load.acknowledgedAtLeast(500);

    // when the process is sent SIGTERM, the clients still sending
    const exited = exitOf(server);
    server.child.kill('SIGTERM');
    await load.finished();
    const { code, signal } = await exited;
    const ended = await feed.closed;

    // then it exited 0 of its own accord, within SHUTDOWN_TIMEOUT_SECONDS (past it, the exit is 1)
    expect({ code, signal, output: code === 0 ? '' : server.stdout() + server.stderr() }).toEqual({ code: 0, signal: null, output: '' });

    // and no request failed: each was answered, or could not connect once the listener was closed
    const failed = load.outcomes.filter((outcome) => outcome.kind === 'failed');
    expect(failed).toEqual([]);
    const answered = load.outcomes.filter(
      (outcome): outcome is Extract<RequestOutcome, { kind: 'answered' }> => outcome.kind === 'answered',
    );
    expect(answered.filter((outcome) => outcome.status !== 201 && outcome.status !== 503)).toEqual([]);
    // and each refusal is a whole problem+json answer that says to come back later and closes the connection
    for (const refusal of answered.filter((outcome) => outcome.status === 503)) {
      expect(refusal.headers['content-type']).toBe(PROBLEM_JSON);
      expect(refusal.headers['retry-after']).toBe('5');
      expect(refusal.headers.connection).toBe('close');
      expect(JSON.parse(refusal.body)).toMatchObject({ type: 'urn:collections:problem:shutting-down', status: 503 });
    }
    // and the requests in flight when the signal came were carried through, their answers closing
    // the connection (with 64 clients sending, some always are)
    expect(answered.filter((outcome) => outcome.status === 201 && outcome.headers.connection === 'close').length).toBeGreaterThan(0);
    // and each client stopped at a refused connection: none was left hanging
    expect(load.outcomes.filter((outcome) => outcome.kind === 'not-connected')).toHaveLength(CONNECTIONS);

    // and every acknowledged command is in the store, at the revision it was answered with
    const store = createEventStore({ kind: 'embedded', dataDir });
    let storedPositions: number[];
    let registeredAt: number[];
    try {
      for (const { customerId, invoiceId, revision } of load.acknowledged) {
        const [event] = await store.readStream(`collection-${customerId}`, { fromRevision: revision, maxCount: 1 });
        expect({ revision, type: event?.type, invoiceId: event?.data.invoiceId }).toEqual({
          revision,
          type: 'InvoiceRegistered',
          invoiceId,
        });
      }
      const stored = await store.readAll({ filter: { streamPrefixes: [COLLECTION_STREAM_PREFIX] } });
      storedPositions = stored.map((event) => event.position);
      registeredAt = stored.filter((event) => event.type === 'InvoiceRegistered').map((event) => event.position);
    } finally {
      await store.close();
    }
    expect(registeredAt.length).toBeGreaterThanOrEqual(load.acknowledged.length);

    // and the read models stopped after a whole batch: every projection's checkpoint is a position
    // of the store, and the documents are those of the events up to it (no batch half applied)
    const readModels = new EmbeddedReadStore(join(dataDir, 'read-models.sqlite'));
    try {
      const checkpoints = await readModels.collection<{ _id: string; position: number }>(CHECKPOINTS).find({});
      expect(checkpoints.map((checkpoint) => checkpoint._id).sort()).toEqual(ALL_PROJECTIONS.map((projection) => projection.name).sort());
      const ledger = checkpoints.find((checkpoint) => checkpoint._id === 'invoice-ledger')!.position;
      expect(storedPositions).toContain(ledger);
      expect(await readModels.collection('invoices').countDocuments({})).toBe(registeredAt.filter((position) => position <= ledger).length);
    } finally {
      await readModels.close();
    }

    // and the feed client was told the service shut down, and where to resume
    expect(ended).toBe('ended');
    const last = feed.events[feed.events.length - 1];
    const received = feed.events.slice(0, -1);
    expect(last.event).toBe('feed-ended');
    const { reason, after } = JSON.parse(last.data) as { reason: string; after: string };
    expect(reason).toBe('shutdown');
    expect(last.id).toBe(after);
    expect(received.every((event) => event.event === undefined && Number(event.id) <= Number(after))).toBe(true);

    // when the api starts again on the same DATA_DIR
    const restarted = await startServer({ DATA_DIR: dataDir, ...ENV });
    try {
      // then the read models have caught up with the store before it listens
      const ready = await request(restarted.baseUrl).get('/health/ready').expect(200);
      expect(ready.body.checks.projections.lagEvents).toBe(0);
      // and the feed resumed from the position it gave sends the rest: with what came before, every event once, in order
      const rest = await FeedClient.connect({ target: { port: portOf(restarted) }, path: `/feed?after=${after}&live=false`, apiKey: KEY });
      expect(await rest.closed).toBe('ended');
      expect(rest.events[rest.events.length - 1]).toMatchObject({
        event: 'feed-ended',
        data: expect.stringContaining('"reason":"caught-up"'),
      });
      const ids = [...received, ...rest.events.slice(0, -1)].map((event) => Number(event.id));
      expect(ids).toEqual(storedPositions);
    } finally {
      await restarted.stop();
    }
  });
});
