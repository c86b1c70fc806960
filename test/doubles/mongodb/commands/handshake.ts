/**
 * The handshake and server-level commands. `hello` (and the legacy `isMaster` a driver sends first,
 * over OP_QUERY) describes a one-member replica set whose member is a writable primary, with
 * logical sessions, so that drivers allow transactions and retryable writes.
 */
import { ObjectId } from 'bson';
import { Document } from '../bson-values';
import { MAX_MESSAGE_BYTES } from '../wire-protocol';
import { CommandContext, CommandTable } from './context';

/** MongoDB 8.0: within what the 7.x driver supports (up to 29), and past 7 (transactions on replica sets). */
const MAX_WIRE_VERSION = 25;
const SERVER_VERSION = '8.0.0';
const MAX_BSON_OBJECT_BYTES = 16 * 1024 * 1024;
const LOGICAL_SESSION_TIMEOUT_MINUTES = 30;
/** Constant: the only member never loses an election, so clients never see a newer primary. */
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

/**
 * No `topologyVersion`: without it drivers poll with `hello` (every heartbeatFrequencyMS) instead of
 * holding an awaitable `hello` open on a monitoring connection, which the double does not implement.
 */
function hello({ server, connectionId }: CommandContext, legacy: boolean): Document {
  const { address, replicaSetName } = server.deployment;
  return {
    helloOk: true,
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    secondary: false,
    setName: replicaSetName,
    setVersion: 1,
    hosts: [address],
    primary: address,
    me: address,
    electionId: ELECTION_ID,
    maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
    maxMessageSizeBytes: MAX_MESSAGE_BYTES,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: LOGICAL_SESSION_TIMEOUT_MINUTES,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

export const handshakeCommands: CommandTable = {
  hello: { run: (context) => hello(context, false), inTransaction: true },
  isMaster: { run: (context) => hello(context, true), inTransaction: true },
  ismaster: { run: (context) => hello(context, true), inTransaction: true },
  ping: { run: () => ({ ok: 1 }), inTransaction: true },
  buildInfo: {
    run: () => ({
      version: SERVER_VERSION,
      versionArray: [8, 0, 0, 0],
      gitVersion: 'wire-protocol-double',
      bits: 64,
      maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
      ok: 1,
    }),
  },
  endSessions: {
    run: ({ server, command }) => {
      server.sessions.endSessions(Array.isArray(command.endSessions) ? command.endSessions : []);
      return { ok: 1 };
    },
  },
};
