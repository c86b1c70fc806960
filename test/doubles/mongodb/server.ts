/**
 * A MongoDB server double for tests: a TCP server on 127.0.0.1 that speaks the wire protocol to the
 * official driver and answers as the primary of a one-member replica set, with documents in memory.
 *
 *   const mongo = await MongoWireDouble.start();
 *   const client = new MongoClient(mongo.uri('app'));
 *   …
 *   await client.close();
 *   await mongo.stop();
 */
import * as net from 'node:net';
import { CommandDispatcher } from './commands/dispatcher';
import { ServerState } from './commands/context';
import { CursorRegistry } from './cursors';
import { SessionRegistry } from './sessions';
import { Storage } from './storage';
import { WriteLocks } from './unit-of-work';
import { CommandRequest, decodeRequest, encodeReply, MessageFramer } from './wire-protocol';

export interface MongoWireDoubleOptions {
  /** The replica set's name, which a connection string's `replicaSet` must match. Default `rs0`. */
  readonly replicaSetName?: string;
  /** transactionLifetimeLimitSeconds, in milliseconds: older transactions are aborted. Default 60 s. */
  readonly transactionLifetimeMs?: number;
}

export class MongoWireDouble {
  private readonly sockets = new Set<net.Socket>();
  private lastConnectionId = 0;

  private constructor(
    private readonly listener: net.Server,
    private readonly state: ServerState,
    private readonly dispatcher: CommandDispatcher,
  ) {}

  /** Listens on a free port of 127.0.0.1. */
  static async start(options: MongoWireDoubleOptions = {}): Promise<MongoWireDouble> {
    const listener = net.createServer();
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = listener.address() as net.AddressInfo;
    const storage = new Storage();
    const cursors = new CursorRegistry();
    const sessions = new SessionRegistry(storage, new WriteLocks(), {
      transactionLifetimeMs: options.transactionLifetimeMs ?? 60_000,
      onTransactionEnd: (transaction) => cursors.closeOpenedIn(transaction),
    });
    const state: ServerState = {
      deployment: { address: `127.0.0.1:${port}`, replicaSetName: options.replicaSetName ?? 'rs0' },
      storage,
      sessions,
      cursors,
    };
    const server = new MongoWireDouble(listener, state, new CommandDispatcher(state));
    listener.on('connection', (socket) => server.serve(socket));
    return server;
  }

  /** `host:port` of the replica set's only member. */
  get address(): string {
    return this.state.deployment.address;
  }

  /** A connection string for the replica set, naming `database` as the default database. */
  uri(database = ''): string {
    return `mongodb://${this.address}/${database}?replicaSet=${this.state.deployment.replicaSetName}`;
  }

  /** Stops listening and closes every connection; open transactions are aborted. The data goes with the instance. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.state.sessions.abortAll();
    this.state.cursors.clear();
    await closed;
  }

  private serve(socket: net.Socket): void {
    const connectionId = ++this.lastConnectionId;
    const framer = new MessageFramer();
    // Requests on one connection are answered in order, one at a time, as by the server.
    let queue = Promise.resolve();
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => this.sockets.delete(socket));
    // A client that goes away mid-request is not an error of the server.
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      let messages: Buffer[];
      try {
        messages = framer.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const message of messages) {
        // A reply that cannot be sent leaves the client waiting forever: close the connection instead.
        queue = queue
          .then(() => this.answer(socket, message, connectionId))
          .catch(() => {
            socket.destroy();
          });
      }
    });
  }

  private async answer(socket: net.Socket, message: Buffer, connectionId: number): Promise<void> {
    if (socket.destroyed) return;
    let request: CommandRequest;
    try {
      request = decodeRequest(message);
    } catch {
      // Bytes that break the protocol leave the connection in an unknown state: close it.
      socket.destroy();
      return;
    }
    const reply = await this.dispatcher.dispatch(request, connectionId);
    if (!request.moreToCome && !socket.destroyed) socket.write(encodeReply(request, reply));
  }
}
