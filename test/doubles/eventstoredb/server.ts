import { Server, ServerCredentials, type handleUnaryCall } from '@grpc/grpc-js';
import { createAppendHandler, createBatchAppendHandler } from './append-service';
import { EventLog } from './event-log';
import { ServerFeaturesService, StreamsService, SupportedMethod, SupportedMethods, shared } from './protocol';
import { createReadHandler } from './read-service';
import { SubscriptionRegistry } from './subscription';
import { writeStartupEvents, writeStatsBetweenUserWrites } from './system-streams';

export interface EventStoreDbDoubleOptions {
  /**
   * Advertise and serve Streams.BatchAppend, as every server since 21.10 does (the default).
   * Without it the client falls back to Streams.Append, as with an older server.
   */
  batchAppend?: boolean;
  /** Write a `$statsCollected` system event after every this many user-stream writes (default 3); 0 for none. */
  statsEvery?: number;
}

export interface EventStoreDbDouble {
  /** `esdb://127.0.0.1:<port>?tls=false`: a single insecure node, so the client does no gossip. */
  readonly connectionString: string;
  /** How many calls an RPC has received, by method name: `read`, `append`, `batchAppend`, `getSupportedMethods`. */
  callCount(method: string): number;
  /** Catch-up subscriptions whose calls are still open. */
  readonly openSubscriptions: number;
  /** Ends open subscriptions (the client sees them end), then shuts the server down. */
  stop(): Promise<void>;
}

/** What GetSupportedMethods reports as the server version: one with BatchAppend and `caughtUp`. */
const SERVER_VERSION = '23.10.0';
const DEFAULT_STATS_EVERY = 3;
/** How long a graceful shutdown may wait for clients that still hold calls open. */
const SHUTDOWN_GRACE_MS = 500;

/**
 * Starts an EventStoreDB gRPC protocol double on 127.0.0.1 at a free port: the Streams service
 * (read, subscribe, append, batch append) and ServerFeatures, over an in-memory log. See
 * test/doubles/README.md for what it implements and what it does not.
 */
export async function startEventStoreDbDouble(options: EventStoreDbDoubleOptions = {}): Promise<EventStoreDbDouble> {
  const batchAppend = options.batchAppend ?? true;
  const log = new EventLog();
  const subscriptions = new SubscriptionRegistry(log);
  const calls = new Map<string, number>();
  const counted =
    <Args extends unknown[]>(method: string, handler: (...args: Args) => void) =>
    (...args: Args) => {
      calls.set(method, (calls.get(method) ?? 0) + 1);
      handler(...args);
    };

  const server = new Server();
  // Methods left out answer UNIMPLEMENTED, as on a server without them.
  server.addService(StreamsService, {
    read: counted('read', createReadHandler(log, subscriptions)),
    append: counted('append', createAppendHandler(log)),
    ...(batchAppend ? { batchAppend: counted('batchAppend', createBatchAppendHandler(log)) } : {}),
  });
  server.addService(ServerFeaturesService, {
    getSupportedMethods: counted('getSupportedMethods', supportedMethodsHandler(batchAppend)),
  });
  const port = await bind(server);

  const statsStream = `$stats-127.0.0.1:${port}`;
  writeStartupEvents(log, statsStream);
  const statsEvery = options.statsEvery ?? DEFAULT_STATS_EVERY;
  const stopStats = statsEvery > 0 ? writeStatsBetweenUserWrites(log, statsStream, statsEvery) : () => undefined;

  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    callCount: (method) => calls.get(method) ?? 0,
    get openSubscriptions() {
      return subscriptions.size;
    },
    async stop() {
      stopStats();
      subscriptions.endAll();
      await shutDown(server);
    },
  };
}

/**
 * ServerFeatures.GetSupportedMethods, the first call of a client that appends: it takes the
 * BatchAppend path only if the server lists it. Names are lower-cased, features as the server
 * sets them (ServerFeatures.cs in EventStore/EventStore).
 */
function supportedMethodsHandler(batchAppend: boolean): handleUnaryCall<shared.Empty, SupportedMethods> {
  const served: { path: string; features: string[] }[] = [
    { path: StreamsService.read.path, features: ['position', 'events'] },
    { path: StreamsService.append.path, features: [] },
    { path: ServerFeaturesService.getSupportedMethods.path, features: [] },
  ];
  if (batchAppend) served.push({ path: StreamsService.batchAppend.path, features: ['deadline_duration'] });
  const methods = served.map(({ path, features }) => {
    // A path reads "/<package>.<Service>/<Method>".
    const [serviceName, methodName] = path.slice(1).split('/');
    return new SupportedMethod()
      .setServiceName(serviceName.toLowerCase())
      .setMethodName(methodName.toLowerCase())
      .setFeaturesList(features);
  });
  const supported = new SupportedMethods().setEventStoreServerVersion(SERVER_VERSION).setMethodsList(methods);
  return (_call, callback) => callback(null, supported);
}

function bind(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
  });
}

/** Graceful first; a client still holding a call open (an undisposed BatchAppend stream) is cut off. */
function shutDown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
