/**
 * Micro-benchmark of the embedded read store on read-model-shaped documents: updates by _id in
 * transactions of 1000 (the projector's hot path), single-write commits, lookups by _id and by an
 * indexed field, an aggregation over every document, reopening at 100k documents, and the cost of
 * the deep copies (structuredClone next to the JSON copy the store uses).
 * Run: node -r @swc-node/register bench/read-store.bench.ts [documents]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedReadStore, ReadDocument } from '@collections/read-store';

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

function perSecond(count: number, startedAt: bigint): number {
  return Math.round(count / (Number(process.hrtime.bigint() - startedAt) / 1e9));
}

function microseconds(repeat: number, work: () => unknown): number {
  const startedAt = process.hrtime.bigint();
  for (let i = 0; i < repeat; i += 1) work();
  return Number(process.hrtime.bigint() - startedAt) / 1e3 / repeat;
}

async function main(): Promise<void> {
  const documents = Number(process.argv[2] ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-store-bench-'));
  const file = path.join(dir, 'read-models.sqlite');
  const results: Record<string, string> = {};
  try {
    let store = new EmbeddedReadStore(file);
    let invoices = store.collection('invoices');
    await invoices.createIndex({ customerId: 1 });
    await invoices.createIndex({ owner: 1, status: 1 });

    let startedAt = process.hrtime.bigint();
    for (let first = 0; first < documents; first += TRANSACTION_SIZE) {
      await store.withTransaction(async (session) => {
        for (let n = first; n < Math.min(first + TRANSACTION_SIZE, documents); n += 1) {
          await invoices.insertOne(invoiceDocument(n), { session });
        }
      });
    }
    results['insertOne in transactions of 1000'] = `${perSecond(documents, startedAt)} docs/s`;

    const updates = 100_000;
    startedAt = process.hrtime.bigint();
    for (let first = 0; first < updates; first += TRANSACTION_SIZE) {
      await store.withTransaction(async (session) => {
        for (let n = first; n < first + TRANSACTION_SIZE; n += 1) {
          const id = invoiceDocument((n * 7919) % documents)._id;
          await invoices.updateOne({ _id: id }, { $set: { balanceMinor: n, 'lastEvent.position': n } }, { session });
        }
      });
    }
    results['updateOne by _id ($set of 2 fields), transactions of 1000'] = `${perSecond(updates, startedAt)} updates/s`;

    startedAt = process.hrtime.bigint();
    for (let first = 0; first < updates; first += TRANSACTION_SIZE) {
      await store.withTransaction(async (session) => {
        for (let n = first; n < first + TRANSACTION_SIZE; n += 1) {
          const id = invoiceDocument((n * 7919) % documents)._id;
          await invoices.updateOne(
            { _id: id },
            { $inc: { balanceMinor: -1, 'lastEvent.position': 1 }, $set: { status: 'open', 'lastEvent.type': 'Touched' } },
            { session },
          );
        }
      });
    }
    results['updateOne by _id ($inc + $set, 4 fields), transactions of 1000'] = `${perSecond(updates, startedAt)} updates/s`;

    startedAt = process.hrtime.bigint();
    for (let first = 0; first < updates; first += TRANSACTION_SIZE) {
      await store.withTransaction(async (session) => {
        for (let n = first; n < first + TRANSACTION_SIZE; n += 1) {
          const id = invoiceDocument((n * 7919) % documents)._id;
          await invoices.updateOne(
            { _id: id, 'lastEvent.position': { $lt: 1e9 } },
            { $push: { payments: { amountMinor: 1, on: '2024-04-01', reference: `P-${n}` } } },
            { session },
          );
        }
      });
    }
    results['updateOne by _id + range guard ($push), transactions of 1000'] = `${perSecond(updates, startedAt)} updates/s`;

    const singles = 2_000;
    startedAt = process.hrtime.bigint();
    for (let n = 0; n < singles; n += 1) {
      await invoices.updateOne({ _id: invoiceDocument(n)._id }, { $inc: { priority: 1 } });
    }
    results['updateOne by _id, each its own commit (fsync)'] = `${perSecond(singles, startedAt)} updates/s`;

    const reads = 100_000;
    startedAt = process.hrtime.bigint();
    for (let n = 0; n < reads; n += 1) await invoices.findOne({ _id: invoiceDocument((n * 31) % documents)._id });
    results['findOne by _id'] = `${perSecond(reads, startedAt)} reads/s`;

    const indexedReads = 20_000;
    startedAt = process.hrtime.bigint();
    for (let n = 0; n < indexedReads; n += 1) await invoices.find({ customerId: `C-${n % 5000}` });
    results[`find by indexed customerId (${documents / 5000} docs each)`] = `${perSecond(indexedReads, startedAt)} queries/s`;

    const pages = 500;
    startedAt = process.hrtime.bigint();
    for (let n = 0; n < pages; n += 1) {
      await invoices.find({ owner: `collector-${n % 40}`, status: 'open', priority: { $gte: 5 } }, { sort: { balanceMinor: -1 }, limit: 20 });
    }
    const candidates = Math.round((documents / 40) * (2 / 3));
    results[`worklist page: compound index (~${candidates} candidates), sort, limit 20`] = `${perSecond(pages, startedAt)} queries/s`;

    startedAt = process.hrtime.bigint();
    await invoices.countDocuments({ balanceMinor: { $gt: 6000 } });
    results[`countDocuments with a full scan of ${documents}`] = `${Number(process.hrtime.bigint() - startedAt) / 1e6} ms`;

    startedAt = process.hrtime.bigint();
    await invoices.aggregate([{ $group: { _id: '$owner', balance: { $sum: '$balanceMinor' }, count: { $sum: 1 } } }]);
    results[`aggregate $group over ${documents}`] = `${Number(process.hrtime.bigint() - startedAt) / 1e6} ms`;

    await store.close();
    startedAt = process.hrtime.bigint();
    store = new EmbeddedReadStore(file);
    results[`reopen (load ${documents} docs, build 2 indexes)`] = `${Number(process.hrtime.bigint() - startedAt) / 1e6} ms`;
    invoices = store.collection('invoices');
    results['file size'] = `${(fs.statSync(file).size / 1e6).toFixed(1)} MB`;

    const sample = (await invoices.findOne({ _id: invoiceDocument(1)._id })) as ReadDocument;
    const json = JSON.stringify(sample);
    results['document size (JSON)'] = `${json.length} bytes`;
    results['structuredClone per document'] = `${microseconds(100_000, () => structuredClone(sample)).toFixed(2)} µs`;
    results['JSON.parse(JSON.stringify()) per document'] = `${microseconds(100_000, () => JSON.parse(JSON.stringify(sample))).toFixed(2)} µs`;
    results['JSON.stringify per document (disk format)'] = `${microseconds(100_000, () => JSON.stringify(sample)).toFixed(2)} µs`;
    await store.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const [measure, value] of Object.entries(results)) console.log(`${measure.padEnd(70)} ${value}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
