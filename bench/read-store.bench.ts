/**
 * Micro-benchmark of the embedded read store on read-model-shaped documents: updates by _id in
 * transactions of 1000 (the projector's hot path), single-write commits, lookups by _id and by an
 * indexed field, a scan and an aggregation over every document, reopening, and the cost of the
 * deep copies. Each line gives the wall-clock rate and the CPU time per operation (the second is
 * steadier on a shared machine).
 * Run: node -r @swc-node/register bench/read-store.bench.ts [documents]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedReadStore, ReadCollection, ReadDocument } from '@collections/read-store';

const TRANSACTION_SIZE = 1000;

function invoiceDocument(n: number): ReadDocument {
  return {
    _id: `INV-${String(n).padStart(7, '0')}`,
    customerId: `C-${n % 5000}`,
    status: n % 3 === 0 ? 'paid' : 'open',
    currency: 'EUR',
    amountMinor: 10_000 + (n % 977) * 13,
    balanceMinor: 5_000 + (n % 311) * 7,
    issuedOn: '2024-01-15',
    dueOn: '2024-02-14',
    owner: `collector-${n % 40}`,
    priority: n % 10,
    payments: [
      { amountMinor: 1_000, on: '2024-02-20', reference: `PAY-${n}-1` },
      { amountMinor: 2_500, on: '2024-03-02', reference: `PAY-${n}-2` },
    ],
    promises: [{ amountMinor: 2_000, due: '2024-03-15', kept: null }],
    tags: ['net30', n % 2 ? 'paper' : 'paperless'],
    lastEvent: { position: n, type: 'PaymentReceived', recordedAt: '2024-03-02T10:00:00.000Z' },
  };
}

const results: string[] = [];

/** Runs `work` (which performs `count` operations) and records its rate and CPU time per operation. */
async function measure(label: string, count: number, work: () => unknown): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const startedAt = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMicroseconds = (cpu.user + cpu.system) / count;
  const rate = count === 1 ? `${(seconds * 1000).toFixed(0)} ms` : `${Math.round(count / seconds)}/s`;
  results.push(`${label.padEnd(72)} ${rate.padStart(10)}   ${cpuMicroseconds.toFixed(1).padStart(9)} µs CPU/op`);
}

/** `count` operations by _id spread over the documents, in transactions of TRANSACTION_SIZE. */
async function inTransactions(
  store: EmbeddedReadStore,
  count: number,
  operation: (n: number, options: { session: Parameters<Parameters<EmbeddedReadStore['withTransaction']>[0]>[0] }) => Promise<unknown>,
): Promise<void> {
  for (let first = 0; first < count; first += TRANSACTION_SIZE) {
    await store.withTransaction(async (session) => {
      for (let n = first; n < Math.min(first + TRANSACTION_SIZE, count); n += 1) await operation(n, { session });
    });
  }
}

async function main(): Promise<void> {
  const documents = Number(process.argv[2] ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-store-bench-'));
  const file = path.join(dir, 'read-models.sqlite');
  const spread = (n: number) => invoiceDocument((n * 7919) % documents)._id;
  try {
    let store = new EmbeddedReadStore(file);
    let invoices: ReadCollection<ReadDocument> = store.collection('invoices');
    await invoices.createIndex({ customerId: 1 });
    await invoices.createIndex({ owner: 1, status: 1 });

    await measure('insertOne, transactions of 1000', documents, () =>
      inTransactions(store, documents, (n, options) => invoices.insertOne(invoiceDocument(n), options)),
    );
    const setTwoFields = (n: number, options: object) =>
      invoices.updateOne({ _id: spread(n) }, { $set: { balanceMinor: n, 'lastEvent.position': n } }, options);
    await measure('updateOne by _id ($set 2 fields), first 20k after the bulk load', 20_000, () =>
      inTransactions(store, 20_000, setTwoFields),
    );
    await measure('updateOne by _id ($set 2 fields), transactions of 1000', 100_000, () => inTransactions(store, 100_000, setTwoFields));
    await measure('updateOne by _id ($set 2 fields) on 500 hot documents, transactions of 1000', 100_000, () =>
      inTransactions(store, 100_000, (n, options) =>
        invoices.updateOne({ _id: spread(n % 500) }, { $set: { balanceMinor: n, 'lastEvent.position': n } }, options),
      ),
    );
    await measure('updateOne by _id ($inc + $set, 4 fields), transactions of 1000', 100_000, () =>
      inTransactions(store, 100_000, (n, options) =>
        invoices.updateOne(
          { _id: spread(n) },
          { $inc: { balanceMinor: -1, 'lastEvent.position': 1 }, $set: { status: 'open', 'lastEvent.type': 'Touched' } },
          options,
        ),
      ),
    );
    await measure('updateOne by _id + range guard ($push), transactions of 1000', 50_000, () =>
      inTransactions(store, 50_000, (n, options) =>
        invoices.updateOne(
          { _id: spread(n), 'lastEvent.position': { $lt: 1e9 } },
          { $push: { payments: { amountMinor: 1, on: '2024-04-01', reference: `P-${n}` } } },
          options,
        ),
      ),
    );
    await measure('updateOne by _id, each its own commit (one fsync each)', 2_000, async () => {
      for (let n = 0; n < 2_000; n += 1) await invoices.updateOne({ _id: spread(n) }, { $inc: { priority: 1 } });
    });
    await measure('findOne by _id', 100_000, async () => {
      for (let n = 0; n < 100_000; n += 1) await invoices.findOne({ _id: spread(n) });
    });
    await measure(`find by indexed customerId (${documents / 5000} documents each)`, 20_000, async () => {
      for (let n = 0; n < 20_000; n += 1) await invoices.find({ customerId: `C-${n % 5000}` });
    });
    const candidates = Math.round((documents / 40) * (2 / 3));
    await measure(`worklist page: compound index (~${candidates} candidates), sort, limit 20`, 500, async () => {
      for (let n = 0; n < 500; n += 1) {
        await invoices.find(
          { owner: `collector-${n % 40}`, status: 'open', priority: { $gte: 5 } },
          { sort: { balanceMinor: -1 }, limit: 20 },
        );
      }
    });
    await measure(`countDocuments scanning all ${documents}`, 1, () => invoices.countDocuments({ balanceMinor: { $gt: 6000 } }));
    await measure(`aggregate $group over all ${documents}`, 1, () =>
      invoices.aggregate([{ $group: { _id: '$owner', balance: { $sum: '$balanceMinor' }, count: { $sum: 1 } } }]),
    );

    await store.close();
    await measure(`reopen: load ${documents} documents, build 2 indexes`, 1, () => {
      store = new EmbeddedReadStore(file);
    });
    invoices = store.collection('invoices');

    const sample = (await invoices.findOne({ _id: invoiceDocument(1)._id })) as ReadDocument;
    await measure('structuredClone of one document', 100_000, () => {
      for (let n = 0; n < 100_000; n += 1) structuredClone(sample);
    });
    await measure('JSON.parse(JSON.stringify()) of one document', 100_000, () => {
      for (let n = 0; n < 100_000; n += 1) JSON.parse(JSON.stringify(sample));
    });
    await measure('the store copying one document out (findOne by _id)', 100_000, async () => {
      for (let n = 0; n < 100_000; n += 1) await invoices.findOne({ _id: sample._id });
    });
    await store.close();
    results.push(`file size ${(fs.statSync(file).size / 1e6).toFixed(1)} MB; document ${JSON.stringify(sample).length} bytes as JSON`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(results.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
