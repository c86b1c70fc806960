import type { Document } from './bson-values';

/** The server error codes the double answers with (src/mongo/base/error_codes.yml in the server). */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  MaxTimeMSExpired: 50,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  ConflictingOperationInProgress: 117,
  TransactionTooOld: 225,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  DuplicateKey: 11000,
  SwitchWithoutMatchingBranch: 40066,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

/** Labels the server attaches so that drivers know what may be retried. */
export const TRANSIENT_TRANSACTION_ERROR = 'TransientTransactionError';

/**
 * An error the server reports: as a whole-command failure (`ok: 0`), or, for a write statement that
 * failed on its own, as an entry of `writeErrors` in an `ok: 1` reply.
 */
export class CommandError extends Error {
  readonly code: number;

  constructor(
    readonly codeName: ErrorCodeName,
    message: string,
    /** Extra fields of the reply, e.g. `keyPattern` and `keyValue` of a duplicate key. */
    readonly details: Document = {},
    readonly labels: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CommandError';
    this.code = ErrorCode[codeName];
  }

  /**
   * Inside a transaction these end the transaction, so they fail the whole command (as the server
   * does) instead of being reported as one statement's write error.
   */
  get abortsTransaction(): boolean {
    return this.codeName === 'WriteConflict' || this.codeName === 'NoSuchTransaction';
  }

  toReply(): Document {
    const reply: Document = { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.details };
    if (this.labels.length > 0) reply.errorLabels = [...this.labels];
    return reply;
  }

  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.details };
  }
}

/**
 * Another writer holds a document (or unique key) this one wants to change. `blockedBy` resolves
 * when that writer's transaction ends: a write outside a transaction waits for it and runs again,
 * as the server retries such writes internally; a transaction fails with a TransientTransactionError.
 */
export class WriteConflictError extends CommandError {
  constructor(readonly blockedBy?: Promise<void>) {
    super(
      'WriteConflict',
      'Caused by :: Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
      {},
      [TRANSIENT_TRANSACTION_ERROR],
    );
  }
}

export const badValue = (message: string) => new CommandError('BadValue', message);

export const failedToParse = (message: string) => new CommandError('FailedToParse', message);

export const typeMismatch = (message: string) => new CommandError('TypeMismatch', message);

export const namespaceNotFound = (namespace: string) => new CommandError('NamespaceNotFound', `ns does not exist: ${namespace}`);

export const immutableId = () =>
  new CommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");

export const noSuchTransaction = (message: string) => new CommandError('NoSuchTransaction', message, {}, [TRANSIENT_TRANSACTION_ERROR]);
