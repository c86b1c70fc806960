/**
 * Child process for embedded-read-store-persistence.spec.ts: writes one document, closes the
 * store, and prints `closed`. Nothing else keeps this process alive, so it shows that close() does.
 * Usage: node -r @swc-node/register test/read-store/close-worker.ts <file>
 */
import { EmbeddedReadStore } from '@collections/read-store';

async function writeAndClose(file: string): Promise<void> {
  const store = new EmbeddedReadStore(file);
  await store.withTransaction((session) => store.collection('notes').insertOne({ _id: 'n1' }, { session }), { journal: false });
  await store.close();
  process.stdout.write('closed\n');
}

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: close-worker.ts <file>');
void writeAndClose(file);
