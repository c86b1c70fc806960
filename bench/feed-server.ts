/**
 * The api for `npm run bench:feed`, in a process of its own so that the clients measuring it
 * do not share its event loop. Serves DATA_DIR's event store; on a message `{ append }` it
 * appends that many customers' histories itself, as commands in this process would, and
 * answers when they are stored.
 */
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import { createApp } from '../apps/api/src/bootstrap';
import { loadConfig } from '@collections/config';
import { EngineEvents } from '@collections/policy-engine';
import { appendHistory } from '../test/fixtures/generate-history';
import { BENCH_KEY, ServerReply, ServerRequest } from './feed-protocol';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  const app = await createApp({
    // As embedded mode runs it, the policy engine hosted, but without the projector, which would
    // compete for the same cores with a 1,000,000-event catch-up of the read models.
    config: { ...config, hostsProjector: false },
    apiKeys: [{ key: BENCH_KEY, actor: { id: 'bench', role: 'integration' } }],
    eventStore: store,
  });
  await app.listen(0, '127.0.0.1');
  // As a running service would be: the engine has followed the history before the feed is measured.
  const started = Date.now();
  await app.get(EngineEvents).processor.catchUp();
  const send = (reply: ServerReply) => process.send?.(reply);
  send({ listening: (app.getHttpServer().address() as AddressInfo).port, engineCaughtUpMs: Date.now() - started });
  process.on('message', async (request: ServerRequest) => {
    if ('append' in request) {
      const { customers, firstCustomer } = request.append;
      send({ appended: await appendHistory(store, customers, { firstCustomer }) });
    } else {
      await app.close();
      await store.close();
      process.exit(0);
    }
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
