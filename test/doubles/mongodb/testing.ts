/** Test helpers for the double's own specs: a running double and an official driver client on it. */
import { CommandStartedEvent, Db, MongoClient, MongoClientOptions } from 'mongodb';
import { MongoWireDouble, MongoWireDoubleOptions } from './index';

export interface DoubleWithClient {
  readonly mongo: MongoWireDouble;
  readonly client: MongoClient;
  readonly db: Db;
  /** Every command the client sent, in order (command monitoring). */
  readonly commands: CommandStartedEvent[];
  stop(): Promise<void>;
}

export async function startDoubleWithClient(
  options: MongoWireDoubleOptions = {},
  clientOptions: MongoClientOptions = {},
): Promise<DoubleWithClient> {
  const mongo = await MongoWireDouble.start(options);
  // A broken handshake should fail the test in seconds, not after the driver's 30 s default.
  const client = new MongoClient(mongo.uri('double_test'), { serverSelectionTimeoutMS: 3000, monitorCommands: true, ...clientOptions });
  const commands: CommandStartedEvent[] = [];
  client.on('commandStarted', (event) => commands.push(event));
  await client.connect();
  return {
    mongo,
    client,
    db: client.db(),
    commands,
    stop: async () => {
      await client.close();
      await mongo.stop();
    },
  };
}

/** A promise the test resolves by hand, to hold a transaction open while another runs. */
export function gate(): { open(): void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}
