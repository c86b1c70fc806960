/**
 * Child process for embedded-read-store-persistence.spec.ts: commits numbered transactions to the
 * embedded read store until it is killed, printing each transaction's number once it has committed.
 * Transaction n inserts `size` items of batch n, marks the items of batch n-1 as followed by n and
 * moves the running total, so a partial transaction would show as a batch that is short, not
 * followed, or out of step with the total. With `unjournaled`, transactions pass `journal: false`.
 * Usage: node -r @swc-node/register test/read-store/transaction-worker.ts <file> [size] [unjournaled]
 */
import { EmbeddedReadStore, ReadDocument } from '@collections/read-store';

export interface Total extends ReadDocument {
  items: number;
  lastBatch: number;
}

async function commitUntilKilled(file: string, size: number, journal: boolean): Promise<never> {
  const store = new EmbeddedReadStore(file);
  const items = store.collection('items');
  const totals = store.collection<Total>('totals');
  await items.createIndex({ batch: 1 });
  let batch = (await totals.findOne({ _id: 'total' }))?.lastBatch ?? 0;
  for (;;) {
    batch += 1;
    const current = batch;
    await store.withTransaction(
      async (session) => {
        for (let item = 0; item < size; item += 1) {
          await items.insertOne({ _id: `${current}-${item}`, batch: current }, { session });
        }
        await items.updateMany({ batch: current - 1 }, { $set: { followedBy: current } }, { session });
        await totals.updateOne({ _id: 'total' }, { $inc: { items: size }, $set: { lastBatch: current } }, { session, upsert: true });
      },
      { journal },
    );
    // Writes to a pipe are synchronous on Linux: once this returns the parent can read it.
    process.stdout.write(`${current}\n`);
  }
}

const [file, size = '300', mode = 'journaled'] = process.argv.slice(2);
if (!file) throw new Error('usage: transaction-worker.ts <file> [size] [unjournaled]');
commitUntilKilled(file, Number(size), mode !== 'unjournaled').catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
