/**
 * npm run bench:feed — the published feed (GET /feed, Server-Sent Events) on the embedded store:
 *  1. events/s delivered to one client catching up over 1,000,000 events (100,000 customers);
 *  2. events/s delivered to 50 clients following the feed live while new events are appended.
 * The api runs in a child process (bench/feed-server.ts); the clients run here, over HTTP.
 * Figures are printed, never asserted. Smaller runs:
 *   BENCH_CUSTOMERS=10000 BENCH_LIVE_CLIENTS=10 npm run bench:feed
 */
import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import { FeedClient, ServerSentEvent } from '../test/fixtures/feed-client';
import { appendHistory } from '../test/fixtures/generate-history';
import { BENCH_KEY, ServerReply, ServerRequest } from './feed-protocol';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const LIVE_CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 50);
/** Live events appended while the clients follow: 10 per customer. */
const LIVE_CUSTOMERS = Number(process.env.BENCH_LIVE_CUSTOMERS ?? 2_000);

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/** Counts the published events a client receives and checks their ids only grow. */
function counter(expected: number, onAll: () => void) {
  let count = 0;
  let lastId = -1;
  return {
    get count() {
      return count;
    },
    onEvent(event: ServerSentEvent) {
      if (event.event !== undefined) return;
      const id = Number(event.id);
      if (!(id > lastId)) throw new Error(`event ${id} after ${lastId}`);
      lastId = id;
      count += 1;
      if (count === expected) onAll();
    },
  };
}

class ApiProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  engineCaughtUpMs = 0;

  static start(dataDir: string): Promise<ApiProcess> {
    const child = fork(join(__dirname, 'feed-server.ts'), [dataDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the api exited with ${code}`)));
      child.once('message', (reply: ServerReply) => {
        if (!('listening' in reply)) return;
        const api = new ApiProcess(child, reply.listening);
        api.engineCaughtUpMs = reply.engineCaughtUpMs;
        resolve(api);
      });
    });
  }

  request(request: ServerRequest): Promise<ServerReply> {
    return new Promise((resolve) => {
      this.child.once('message', resolve);
      this.child.send(request);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.removeAllListeners('exit');
      this.child.once('exit', () => resolve());
      this.child.send({ stop: true } satisfies ServerRequest);
    });
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'feed-bench-'));
  try {
    console.log(`Published feed on the embedded store, Node ${process.version}`);
    console.log(
      'The api runs as embedded mode runs it (policy engine hosted: reactions and letters follow the store), without the projector',
    );
    let started = process.hrtime.bigint();
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const appended = await appendHistory(store, CUSTOMERS);
    await store.close();
    console.log(`history: ${format(appended)} events for ${format(CUSTOMERS)} customers appended in ${seconds(started).toFixed(1)} s`);

    started = process.hrtime.bigint();
    const api = await ApiProcess.start(dataDir);
    const target = { port: api.port };
    console.log(
      `api started in ${seconds(started).toFixed(1)} s; its policy engine followed the history (reactions, letters) in ${(api.engineCaughtUpMs / 1000).toFixed(1)} s before the feed was measured`,
    );

    // 1. One client catching up from the start.
    started = process.hrtime.bigint();
    const catchingUp = counter(appended, () => undefined);
    const client = await FeedClient.connect({
      target,
      path: '/feed?live=false',
      apiKey: BENCH_KEY,
      onEvent: (event) => catchingUp.onEvent(event),
    });
    await client.closed;
    const catchUpSeconds = seconds(started);
    console.log(
      `catch-up, 1 client: ${format(catchingUp.count)} events (${format(client.chars / 1e6)} MB) in ${catchUpSeconds.toFixed(1)} s = ` +
        `${format(catchingUp.count / catchUpSeconds)} events/s (target >= 50,000)`,
    );

    // 2. Clients following the feed from its end while new events are appended. The end is read
    // again: the engine's reactions appended to the history while it followed it.
    const reader = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const [head] = await reader.readAll({ direction: 'backwards', maxCount: 1 });
    await reader.close();
    const liveEvents = LIVE_CUSTOMERS * 10;
    let pending = LIVE_CLIENTS;
    let allDelivered: () => void = () => undefined;
    const delivered = new Promise<void>((resolve) => (allDelivered = resolve));
    const counters = Array.from({ length: LIVE_CLIENTS }, () => counter(liveEvents, () => --pending === 0 && allDelivered()));
    const clients = await Promise.all(
      counters.map((count) =>
        FeedClient.connect({ target, path: `/feed?after=${head.position}`, apiKey: BENCH_KEY, onEvent: (event) => count.onEvent(event) }),
      ),
    );
    started = process.hrtime.bigint();
    const appending = api.request({ append: { customers: LIVE_CUSTOMERS, firstCustomer: CUSTOMERS } }).then(() => seconds(started));
    await delivered;
    const liveSeconds = seconds(started);
    const appendSeconds = await appending;
    for (const live of clients) live.close();
    console.log(
      `live, ${LIVE_CLIENTS} clients: ${format(liveEvents)} new events appended in ${appendSeconds.toFixed(1)} s ` +
        `(${format(liveEvents / appendSeconds)} events/s), all delivered to every client in ${liveSeconds.toFixed(1)} s = ` +
        `${format(liveEvents / liveSeconds)} events/s per client, ${format((liveEvents * LIVE_CLIENTS) / liveSeconds)} events/s in all`,
    );
    await api.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
