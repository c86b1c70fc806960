/** commitTransaction and abortTransaction; the dispatcher has already found the transaction they name. */
import { Document } from '../bson-values';
import { CommandError } from '../errors';
import { Transaction } from '../sessions';
import { CommandContext, CommandTable } from './context';

function transactionOf(context: CommandContext, commandName: string): Transaction {
  if (!context.transaction) {
    throw new CommandError('IllegalOperation', `${commandName} must be run within a transaction (lsid, txnNumber, autocommit: false)`);
  }
  return context.transaction;
}

function commitTransaction(context: CommandContext): Document {
  context.server.sessions.commit(transactionOf(context, 'commitTransaction'));
  return { ok: 1 };
}

function abortTransaction(context: CommandContext): Document {
  context.server.sessions.abort(transactionOf(context, 'abortTransaction'));
  return { ok: 1 };
}

export const transactionCommands: CommandTable = {
  commitTransaction: { run: commitTransaction, inTransaction: true },
  abortTransaction: { run: abortTransaction, inTransaction: true },
};
