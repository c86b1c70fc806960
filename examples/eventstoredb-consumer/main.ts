/**
 * An example subscriber of collection events in production, reading EventStoreDB directly:
 *
 *   EVENTSTORE_URL='esdb://localhost:2113?tls=false' \
 *     node -r @swc-node/register examples/eventstoredb-consumer/main.ts catch-up [checkpoint-file]
 *   EVENTSTORE_URL='esdb://localhost:2113?tls=false' \
 *     node -r @swc-node/register examples/eventstoredb-consumer/main.ts persistent [group]
 *
 * Each event is printed as one CloudEvents JSON line, the same envelope the api's /feed sends.
 */
import { EventStoreDBClient } from '@eventstore/db-client';
import { CollectionCloudEvent } from '@collections/contracts';
import { consumeFromCheckpoint } from './catch-up-consumer';
import { CheckpointFile } from './checkpoint-file';
import { consumeAsGroup } from './persistent-consumer';

async function main(): Promise<void> {
  const [mode, argument] = process.argv.slice(2);
  const url = process.env.EVENTSTORE_URL;
  if (!url || (mode !== 'catch-up' && mode !== 'persistent')) {
    process.stderr.write('usage: EVENTSTORE_URL=esdb://… main.ts catch-up [checkpoint-file] | persistent [group]\n');
    process.exit(2);
  }
  const client = EventStoreDBClient.connectionString(url);
  const print = async (event: CollectionCloudEvent) => {
    process.stdout.write(`${JSON.stringify(event)}\n`);
  };
  try {
    if (mode === 'catch-up') {
      await consumeFromCheckpoint(client, new CheckpointFile(argument ?? 'collection-events.checkpoint.json'), print);
    } else {
      await consumeAsGroup(client, argument ?? 'collection-events-example', print);
    }
  } finally {
    await client.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
