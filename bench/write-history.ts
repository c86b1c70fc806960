/**
 * Writes the benchmarks' history into an event store file in a process of its own, so that the
 * process measured afterwards starts as a projector or an api would: on a store that exists.
 * Usage: node -r @swc-node/register bench/write-history.ts <file> <customers> <collectors>
 * Prints the number of events appended.
 */
import { SqliteEventStore } from '@collections/event-store';
import { appendHistory } from '../test/fixtures/generate-history';

async function writeHistory(file: string, customers: number, collectors: number): Promise<void> {
  const store = new SqliteEventStore(file);
  const appended = await appendHistory(store, customers, { collectors });
  await store.close();
  process.stdout.write(`${appended}\n`);
}

const [file, customers, collectors] = process.argv.slice(2);
if (!file || !customers || !collectors) throw new Error('usage: write-history.ts <file> <customers> <collectors>');
void writeHistory(file, Number(customers), Number(collectors));
