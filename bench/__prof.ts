import { EmbeddedReadStore, ReadDocument } from '@collections/read-store';
function invoiceDocument(n: number): ReadDocument {
  return { _id: `INV-${String(n).padStart(7, '0')}`, customerId: `C-${n % 5000}`, status: n % 3 === 0 ? 'paid' : 'open', currency: 'EUR', amountMinor: 10_000 + (n % 977) * 13, balanceMinor: 5_000 + (n % 311) * 7, issuedOn: '2024-01-15', dueOn: '2024-02-14', owner: `collector-${n % 40}`, priority: n % 10,
    payments: [{ amountMinor: 1_000, on: '2024-02-20', reference: `PAY-${n}-1` }, { amountMinor: 2_500, on: '2024-03-02', reference: `PAY-${n}-2` }], promises: [{ amountMinor: 2_000, due: '2024-03-15', kept: null }], tags: ['net30', n % 2 ? 'paper' : 'paperless'], lastEvent: { position: n, type: 'PaymentReceived', recordedAt: '2024-03-02T10:00:00.000Z' } };
}
async function main() {
  const store = new EmbeddedReadStore(':memory:');
  const invoices = store.collection('invoices');
  await invoices.createIndex({ customerId: 1 });
  await invoices.createIndex({ owner: 1, status: 1 });
  await store.withTransaction(async (session) => { for (let n = 0; n < 20000; n++) await invoices.insertOne(invoiceDocument(n), { session }); });
  const mode = process.argv[2];
  let t = process.hrtime.bigint();
  if (mode === 'update') {
    for (let first = 0; first < 50000; first += 1000) await store.withTransaction(async (session) => { for (let n = first; n < first + 1000; n++) await invoices.updateOne({ _id: invoiceDocument((n * 7919) % 20000)._id }, { $inc: { balanceMinor: -1, 'lastEvent.position': 1 }, $set: { status: 'open', 'lastEvent.type': 'Touched' } }, { session }); });
    console.log('updates/s', 50000 / (Number(process.hrtime.bigint() - t) / 1e9));
  } else {
    for (let n = 0; n < 20000; n++) await invoices.find({ customerId: `C-${n % 5000}` });
    console.log('finds/s', 20000 / (Number(process.hrtime.bigint() - t) / 1e9));
  }
}
main();
