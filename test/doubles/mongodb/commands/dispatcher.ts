/**
 * Routes a command to its handler, inside the session and transaction it names, and turns every
 * failure into the reply the server would send.
 */
import { Document } from '../bson-values';
import { badValue, CommandError, WriteConflictError } from '../errors';
import { ServerSession, Transaction } from '../sessions';
import { UnitOfWork } from '../unit-of-work';
import type { CommandRequest } from '../wire-protocol';
import { catalogCommands } from './catalog';
import { CommandContext, CommandDefinition, CommandTable, ServerState } from './context';
import { handshakeCommands } from './handshake';
import { readCommands } from './reads';
import { transactionCommands } from './transactions';
import { writeCommands } from './writes';

const COMMANDS: CommandTable = {
  ...handshakeCommands,
  ...readCommands,
  ...writeCommands,
  ...catalogCommands,
  ...transactionCommands,
};

export class CommandDispatcher {
  constructor(private readonly server: ServerState) {}

  async dispatch(request: CommandRequest, connectionId: number): Promise<Document> {
    const { command, database } = request;
    // The command's name is its first field.
    const name = Object.keys(command)[0] ?? '';
    let transaction: Transaction | undefined;
    try {
      const definition = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
      if (!definition) throw new CommandError('CommandNotFound', `no such command: '${name}'`);
      const session = command.lsid === undefined ? undefined : this.server.sessions.session(command.lsid);
      transaction = this.transactionFor(command, name, definition, session);
      const context = this.contextFor({ database, command, connectionId, session, transaction });
      return await this.run(definition, context);
    } catch (error) {
      // Any failed command aborts the transaction it ran in, as on the server.
      if (transaction) this.server.sessions.abort(transaction);
      return errorReply(error);
    }
  }

  private transactionFor(
    command: Document,
    name: string,
    definition: CommandDefinition,
    session: ServerSession | undefined,
  ): Transaction | undefined {
    if (command.autocommit === undefined) {
      if (command.startTransaction !== undefined) throw badValue("'startTransaction' requires 'autocommit: false'");
      return undefined;
    }
    if (command.autocommit !== false) throw badValue("'autocommit' may only be false");
    if (!session) throw badValue("'autocommit' requires an 'lsid'");
    const { txnNumber } = command;
    if (typeof txnNumber !== 'number') throw badValue("'autocommit' requires a 'txnNumber'");
    if (!definition.inTransaction) {
      throw new CommandError('OperationNotSupportedInTransaction', `Cannot run '${name}' in a multi-document transaction.`);
    }
    return this.server.sessions.transactionFor(session, txnNumber, command.startTransaction === true, name);
  }

  private contextFor(fields: Omit<CommandContext, 'server' | 'reader' | 'write'>): CommandContext {
    const { sessions } = this.server;
    const { transaction } = fields;
    return {
      ...fields,
      server: this.server,
      reader: () => transaction?.unit ?? sessions.beginAutocommit(),
      write: async <R>(statement: (unit: UnitOfWork) => R): Promise<R> => {
        if (transaction) {
          try {
            return statement(transaction.unit);
          } catch (error) {
            sessions.abort(transaction);
            throw error;
          }
        }
        for (;;) {
          const unit = sessions.beginAutocommit();
          try {
            const result = statement(unit);
            sessions.finishAutocommit(unit);
            return result;
          } catch (error) {
            if (error instanceof WriteConflictError && error.blockedBy) {
              // The server retries such a write internally until the transaction holding its document ends.
              unit.abort();
              await error.blockedBy;
              continue;
            }
            // A multi-document statement keeps what it changed before failing, as on the server.
            sessions.finishAutocommit(unit);
            throw error;
          }
        }
      },
    };
  }

  /** Runs the command; a retried retryable write (same lsid and txnNumber) gets the first reply again. */
  private async run(definition: CommandDefinition, context: CommandContext): Promise<Document> {
    const { session, transaction, command } = context;
    const txnNumber = command.txnNumber;
    if (!definition.retryableWrite || transaction || !session || typeof txnNumber !== 'number') {
      return definition.run(context);
    }
    const previous = session.lastRetryableWrite;
    if (previous?.txnNumber === txnNumber) return previous.reply;
    const reply = await definition.run(context);
    session.lastRetryableWrite = { txnNumber, reply };
    return reply;
  }
}

function errorReply(error: unknown): Document {
  if (error instanceof CommandError) return error.toReply();
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return new CommandError('InternalError', `The wire-protocol double failed: ${message}`).toReply();
}
