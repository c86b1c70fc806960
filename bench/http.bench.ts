/**
 * npm run bench:http — the HTTP edge measured from outside, as a client sees it:
 *  1. seeds a book of 100,000 open invoices (25,000 customers × 4, ten collectors) into a fresh
 *     DATA_DIR through the write side;
 *  2. starts the built service on it (`dist/apps/api/src/main.js`, the policy engine off so that
 *     only requests load it) and, beside it, a bare Nest + Fastify app (bench/bare-nest-fastify.ts);
 *     waits for the read models to catch up and the payment model's startup refresh to end;
 *  3. loads each route over loopback with autocannon, 64 connections: the bare GET and POST,
 *     GET /health, register invoice (unique ids), payment on acknowledged invoices,
 *     GET state?asOf=, GET /worklists/:collectorId;
 *  4. stops the service and checks that every acknowledged (201) command is in the event store.
 * Figures are printed, never asserted. BENCH_SECONDS (10) and BENCH_CUSTOMERS (25000) shorten a
 * quick look. The npm script builds first; BENCH_MAIN runs another build of the service.
 */
import autocannon from 'autocannon';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { seedBook } from './http-book';
import { startProcess } from './service-process';
import { SqliteEventStore } from '@collections/event-store';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 25_000);
const COLLECTORS = 10;
/** The register route opens accounts for this many new customers. */
const NEW_CUSTOMERS = 20_000;
/** The seeded customers and the new ones. */
const ACCOUNT_CACHE_SIZE = CUSTOMERS + NEW_CUSTOMERS;
const CONNECTIONS = 64;
const API_KEY = 'bench-http-key-0123456789';
/** BENCH_MAIN points at another build (a worktree of an earlier commit) for a before/after. */
const MAIN = process.env.BENCH_MAIN ?? join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');

interface Figures {
  route: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(route: string, options: autocannon.Options): Promise<Figures> {
  // A short warm-up first (not counted), so the figures are of a JIT-compiled server.
  // (autocannon 9 takes `warmup`; its @types, written for 7, do not know it.)
  const warmup = { warmup: { connections: CONNECTIONS, duration: Math.min(3, SECONDS) } };
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...warmup, ...options });
  return {
    route,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** What a connection remembers between a request and its response (autocannon's per-connection context). */
interface Sent {
  invoice?: { customerId: string; invoiceId: string };
  paymentId?: string;
}

const json = { 'content-type': 'application/json' };
const auth = { authorization: `Bearer ${API_KEY}` };

async function main(): Promise<void> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const format = (n: number) => Math.round(n).toLocaleString('en-US');
  const dataDir = mkdtempSync(join(tmpdir(), 'http-bench-'));
  console.log(
    `HTTP edge over loopback, autocannon with ${CONNECTIONS} connections, ${SECONDS} s per route, ACCOUNT_CACHE_SIZE=${ACCOUNT_CACHE_SIZE}, Node ${process.version}`,
  );

  const seeded = await seedBook(dataDir, CUSTOMERS, COLLECTORS);
  console.log(
    `book: ${format(seeded.invoices)} open invoices of ${format(CUSTOMERS)} customers, ${COLLECTORS} collectors, seeded in ${seeded.seconds.toFixed(1)} s`,
  );

  const service = await startProcess(
    ['--max-semi-space-size=32', MAIN],
    // The command side keeps every account of the book folded, as an operator sizes it to the
    // customers it works (the default, 10,000, would hold well under half of them).
    {
      DATA_DIR: dataDir,
      PORT: '0',
      API_KEYS: `${API_KEY}:bench:admin`,
      // Counted but never reached: the figures include the rate limiter's cost, not its refusals.
      RATE_LIMITS: 'admin=999999999/s',
      POLICY_ENGINE: 'off',
      ACCOUNT_CACHE_SIZE: String(ACCOUNT_CACHE_SIZE),
    },
    join(dataDir, 'service.log'),
  );
  const bare = await startProcess(['-r', '@swc-node/register', join(__dirname, 'bare-nest-fastify.ts')], {}, join(dataDir, 'bare.log'));
  try {
    // The read models catch up with the seeded book before anything is measured.
    const perCollector = CUSTOMERS / COLLECTORS;
    for (;;) {
      const response = await fetch(`${service.baseUrl}/worklists/collector-0?pageSize=1`, { headers: auth });
      if (response.ok && ((await response.json()) as { total: number }).total >= perCollector) break;
      await sleep(250);
    }
    // So does the payment model's refresh, which the api runs once after its first catch-up (4 s for
    // this book): a startup task, as the catch-up is, not part of the load measured.
    while (!/Fitted the payment model|Refreshing the payment predictions failed/.test(readFileSync(join(dataDir, 'service.log'), 'utf8'))) {
      await sleep(250);
    }

    const figures: Figures[] = [];
    figures.push(await load('bare GET', { url: `${bare.baseUrl}/bare` }));
    figures.push(
      await load('bare POST', { url: `${bare.baseUrl}/bare`, method: 'POST', headers: json, body: JSON.stringify({ id: 'x' }) }),
    );
    figures.push(await load('GET /health', { url: `${service.baseUrl}/health` }));

    // Register invoice: unique invoice ids over NEW_CUSTOMERS new customers; the acknowledged ones are kept.
    const registered: { customerId: string; invoiceId: string }[] = [];
    let sequence = 0;
    figures.push(
      await load('POST register invoice', {
        url: service.baseUrl,
        requests: [
          {
            method: 'POST',
            setupRequest: (request, context) => {
              const n = sequence++;
              (context as Sent).invoice = { customerId: `HTTP-${n % NEW_CUSTOMERS}`, invoiceId: `H-${n}` };
              return {
                ...request,
                path: `/customers/HTTP-${n % NEW_CUSTOMERS}/invoices`,
                headers: { ...json, ...auth },
                body: JSON.stringify({ invoiceId: `H-${n}`, amount: 12_345, currency: 'EUR', issuedOn: '2024-05-01', dueOn: '2024-05-31' }),
              };
            },
            onResponse: (status, _body, context) => {
              if (status === 201) registered.push((context as Sent).invoice!);
            },
          },
        ],
      }),
    );

    // Payment: 1.00 EUR at a time on the invoices just acknowledged (round robin, never overpaid).
    const paid: string[] = [];
    let paymentSequence = 0;
    figures.push(
      await load('POST payment', {
        url: service.baseUrl,
        requests: [
          {
            method: 'POST',
            setupRequest: (request, context) => {
              const n = paymentSequence++;
              const { customerId, invoiceId } = registered[n % registered.length];
              (context as Sent).paymentId = `P-${n}`;
              return {
                ...request,
                path: `/customers/${customerId}/payments`,
                headers: { ...json, ...auth },
                body: JSON.stringify({ paymentId: `P-${n}`, invoiceId, amount: 100, currency: 'EUR', receivedOn: '2024-06-01' }),
              };
            },
            onResponse: (status, _body, context) => {
              if (status === 201) paid.push((context as Sent).paymentId!);
            },
          },
        ],
      }),
    );

    let stateSequence = 0;
    figures.push(
      await load('GET state?asOf=', {
        url: service.baseUrl,
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              path: `/customers/CUST-${(stateSequence++ * 7919) % CUSTOMERS}/state?asOf=2024-03-31`,
              headers: auth,
            }),
          },
        ],
      }),
    );

    let worklistSequence = 0;
    figures.push(
      await load(`GET /worklists/:id (${format(perCollector)} accounts each)`, {
        url: service.baseUrl,
        requests: [
          {
            setupRequest: (request) => ({ ...request, path: `/worklists/collector-${worklistSequence++ % COLLECTORS}`, headers: auth }),
          },
        ],
      }),
    );

    await service.stop();
    const missing = await acknowledgedButMissing(dataDir, registered, paid);
    report(figures, format);
    console.log(
      `durability: ${format(registered.length)} invoices and ${format(paid.length)} payments acknowledged (201); ` +
        `${format(missing)} of them missing from the event store (target 0)`,
    );
  } finally {
    await Promise.all([service.stop(), bare.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Reads the event store file back: every 201 must be there. */
async function acknowledgedButMissing(dataDir: string, registered: { invoiceId: string }[], paid: string[]): Promise<number> {
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  const invoices = new Set<string>();
  const payments = new Set<string>();
  const filter = { eventTypes: ['InvoiceRegistered', 'PaymentReceived'] };
  for (let from = 0; ;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 10_000, filter });
    for (const event of page) {
      if (event.type === 'InvoiceRegistered') invoices.add(event.data.invoiceId as string);
      else payments.add(event.data.paymentId as string);
    }
    if (page.length < 10_000) break;
    from = page[page.length - 1].position + 1;
  }
  await store.close();
  return registered.filter(({ invoiceId }) => !invoices.has(invoiceId)).length + paid.filter((id) => !payments.has(id)).length;
}

function report(figures: Figures[], format: (n: number) => string): void {
  const bareGet = figures.find((figure) => figure.route === 'bare GET')!.rps;
  const barePost = figures.find((figure) => figure.route === 'bare POST')!.rps;
  const rows = figures.map((figure) => {
    const yardstick = figure.route.includes('POST') ? barePost : bareGet;
    return [
      figure.route,
      format(figure.rps),
      `${figure.p50} ms`,
      `${figure.p99} ms`,
      format(figure.non2xx + figure.errors),
      `${(figure.rps / yardstick).toFixed(3)}× bare ${figure.route.includes('POST') ? 'POST' : 'GET'}`,
    ];
  });
  const header = ['route', 'requests/s', 'p50', 'p99', 'non-2xx', 'ratio'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
  console.log(
    'targets: commands >= 5,000/s with p99 <= 50 ms and >= 0.10× bare POST; state?asOf >= 8,000/s; worklist p99 <= 50 ms; health >= 0.5× bare GET',
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
