/**
 * Logical sessions and their transactions, as a replica-set primary tracks them: a session (`lsid`)
 * runs at most one transaction at a time, numbered by `txnNumber`; `startTransaction` opens it,
 * commands with `autocommit: false` continue it, and `commitTransaction` / `abortTransaction` end
 * it. Write commands outside a transaction that carry a `txnNumber` are retryable writes, whose
 * last reply is kept so that a retry is answered without writing twice.
 */
import { Binary } from 'bson';
import { Document, isDocument } from './bson-values';
import { badValue, CommandError, noSuchTransaction } from './errors';
import { Storage } from './storage';
import { UnitOfWork, WriteLocks } from './unit-of-work';

export type TransactionState = 'in progress' | 'committed' | 'aborted';

export class Transaction {
  state: TransactionState = 'in progress';

  constructor(
    readonly session: ServerSession,
    readonly txnNumber: number,
    readonly unit: UnitOfWork,
    readonly expiry: NodeJS.Timeout,
  ) {}

  get description(): string {
    return describeTransaction(this.txnNumber);
  }
}

export class ServerSession {
  /** The latest transaction of the session, whatever its state. */
  transaction: Transaction | undefined;
  lastRetryableWrite: { readonly txnNumber: number; readonly reply: Document } | undefined;

  constructor(readonly id: string) {}
}

export interface SessionOptions {
  /** The server's transactionLifetimeLimitSeconds: a transaction open longer is aborted. */
  readonly transactionLifetimeMs: number;
  /** Called when a transaction ends, to close the cursors it opened. */
  readonly onTransactionEnd: (transaction: Transaction) => void;
}

export class SessionRegistry {
  private readonly sessions = new Map<string, ServerSession>();
  private readonly openTransactions = new Set<Transaction>();

  constructor(
    private readonly storage: Storage,
    private readonly locks: WriteLocks,
    private readonly options: SessionOptions,
  ) {}

  /** The session an `lsid` names, created on first use as the server does. */
  session(lsid: unknown): ServerSession {
    const id = sessionId(lsid);
    let session = this.sessions.get(id);
    if (!session) {
      session = new ServerSession(id);
      this.sessions.set(id, session);
    }
    return session;
  }

  /**
   * The transaction a command with `autocommit: false` runs in: a new one for `startTransaction`,
   * else the session's current one if `txnNumber` names it and it is still usable.
   */
  transactionFor(session: ServerSession, txnNumber: number, startTransaction: boolean, commandName: string): Transaction {
    const current = session.transaction;
    if (current && txnNumber < current.txnNumber) {
      throw new CommandError(
        'TransactionTooOld',
        `txnNumber ${txnNumber} is less than last txnNumber ${current.txnNumber} seen in session ${session.id}`,
      );
    }
    if (startTransaction) {
      if (current?.txnNumber === txnNumber) {
        throw new CommandError(
          'ConflictingOperationInProgress',
          `Cannot specify 'startTransaction' on transaction ${txnNumber} since it is already in progress.`,
        );
      }
      // A newer transaction number ends whatever the session had open.
      if (current) this.abort(current);
      return this.begin(session, txnNumber);
    }
    if (!current || current.txnNumber !== txnNumber) {
      throw noSuchTransaction(`Given transaction number ${txnNumber} does not match any in-progress transactions.`);
    }
    if (current.state === 'aborted') throw noSuchTransaction(`${current.description} has been aborted.`);
    // Committing again is how a driver learns the outcome after a lost reply: it succeeds.
    if (current.state === 'committed' && commandName !== 'commitTransaction') {
      throw new CommandError('TransactionCommitted', `${current.description} has been committed.`);
    }
    return current;
  }

  commit(transaction: Transaction): void {
    if (transaction.state === 'committed') return;
    if (transaction.state === 'aborted') throw noSuchTransaction(`${transaction.description} has been aborted.`);
    this.end(transaction, 'committed', () => transaction.unit.commit(this.oldestSnapshotExcept(transaction.unit)));
  }

  abort(transaction: Transaction): void {
    if (transaction.state === 'in progress') this.end(transaction, 'aborted', () => transaction.unit.abort());
  }

  /** A unit outside any transaction: it reads the latest commit and, if it writes, commits on its own. */
  beginAutocommit(): UnitOfWork {
    return new UnitOfWork(this.storage, this.locks, this.storage.now);
  }

  finishAutocommit(unit: UnitOfWork): void {
    if (unit.hasWrites) unit.commit(this.oldestSnapshotExcept(unit));
    else unit.abort();
  }

  /** `endSessions`: their open transactions are aborted. */
  endSessions(lsids: unknown[]): void {
    for (const lsid of lsids) {
      const id = sessionId(lsid);
      const transaction = this.sessions.get(id)?.transaction;
      if (transaction) this.abort(transaction);
      this.sessions.delete(id);
    }
  }

  /** On shutdown: every open transaction is aborted, which also wakes the writes waiting on them. */
  abortAll(): void {
    for (const transaction of [...this.openTransactions]) this.abort(transaction);
    this.sessions.clear();
  }

  private begin(session: ServerSession, txnNumber: number): Transaction {
    const unit = new UnitOfWork(this.storage, this.locks, this.storage.now, describeTransaction(txnNumber));
    const expiry = setTimeout(() => this.abort(transaction), this.options.transactionLifetimeMs);
    // An abandoned transaction must not keep the test process alive.
    expiry.unref();
    const transaction = new Transaction(session, txnNumber, unit, expiry);
    session.transaction = transaction;
    this.openTransactions.add(transaction);
    return transaction;
  }

  private end(transaction: Transaction, state: TransactionState, finishUnit: () => void): void {
    finishUnit();
    transaction.state = state;
    clearTimeout(transaction.expiry);
    this.openTransactions.delete(transaction);
    this.options.onTransactionEnd(transaction);
  }

  /** The oldest snapshot still read by an open transaction other than `unit`: versions before it can go. */
  private oldestSnapshotExcept(unit: UnitOfWork): number {
    let oldest = Infinity;
    for (const transaction of this.openTransactions) {
      if (transaction.unit !== unit) oldest = Math.min(oldest, transaction.unit.snapshot);
    }
    return oldest;
  }
}

/** As the server names a transaction in its messages. */
function describeTransaction(txnNumber: number): string {
  return `Transaction with { txnNumber: ${txnNumber} }`;
}

/** The session id: the hex of `lsid.id`, a UUID. */
function sessionId(lsid: unknown): string {
  if (!isDocument(lsid) || !(lsid.id instanceof Binary)) throw badValue('lsid must be a document with a binary id');
  return lsid.id.toString('hex');
}
