import type { Document } from '../bson-values';
import { CommandError } from '../errors';
import type { CursorRegistry } from '../cursors';
import type { ServerSession, SessionRegistry, Transaction } from '../sessions';
import type { Storage } from '../storage';
import type { UnitOfWork } from '../unit-of-work';

/** What the server announces about itself: a one-member replica set whose member is primary. */
export interface Deployment {
  /** `host:port`, as clients must address it (the replica set's only host, and `me`). */
  readonly address: string;
  readonly replicaSetName: string;
}

/** Everything the commands work on; one per server. */
export interface ServerState {
  readonly deployment: Deployment;
  readonly storage: Storage;
  readonly sessions: SessionRegistry;
  readonly cursors: CursorRegistry;
}

export interface CommandContext {
  readonly server: ServerState;
  /** The database the command was sent to (`$db`). */
  readonly database: string;
  readonly command: Document;
  readonly connectionId: number;
  readonly session: ServerSession | undefined;
  /** Set when the command runs in a multi-document transaction (`autocommit: false`). */
  readonly transaction: Transaction | undefined;
  /** The view reads go through: the transaction's snapshot and writes, or the latest commit. */
  reader(): UnitOfWork;
  /**
   * Runs one write statement: in the transaction (whose failure then aborts it), or as its own
   * commit, waiting for transactions holding the documents it writes to end first.
   */
  write<R>(statement: (unit: UnitOfWork) => R): Promise<R>;
}

export interface CommandDefinition {
  readonly run: (context: CommandContext) => Document | Promise<Document>;
  /** Whether the server accepts the command inside a multi-document transaction. */
  readonly inTransaction?: boolean;
  /** A write that a retry with the same `txnNumber` must not apply twice. */
  readonly retryableWrite?: boolean;
}

export type CommandTable = Record<string, CommandDefinition>;

/** `db.collection` for a command whose first field names a collection of the command's database. */
export function namespaceOf(context: CommandContext, commandName: string): string {
  const collection = context.command[commandName];
  if (typeof collection !== 'string' || collection.length === 0) {
    throw new CommandError('InvalidNamespace', `collection name has invalid type ${typeof collection}`);
  }
  return `${context.database}.${collection}`;
}
