import Database from 'better-sqlite3';
import { openSqliteFile } from '@collections/platform';
import * as path from 'node:path';
import { PageReader } from './sqlite-page-reader';
import {
  AppendResult,
  DuplicateEventIdError,
  EventFilter,
  EventStore,
  ExpectedRevision,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscriptionMessage,
  SubscribeToAllOptions,
  WrongExpectedRevisionError,
} from './event-store.port';

/** Bumped whenever the table layout changes; a newer file is refused rather than misread. */
const SCHEMA_VERSION = 1;
const SUBSCRIPTION_PAGE_SIZE = 1000;
/** SQLite's "no limit" for LIMIT clauses. */
const NO_LIMIT = -1;

export interface SqliteEventStoreOptions {
  /** Clock for `created_at` (an adapter concern; the domain has its own Clock port). */
  now?: () => Date;
  /**
   * How often an idle subscription looks for events appended by another process. Local
   * appends wake it at once.
   */
  pollIntervalMs?: number;
  /** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/** A row of EVENT_COLUMNS, read raw: arrays cost a third less to build than objects. */
type EventRow = [
  position: number,
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  createdAt: string,
];

/** An event serialised before it reaches the write transaction, to keep the lock short. */
interface SerializedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

interface PendingAppend {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: SerializedEvent[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: Error };

const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, created_at';

/**
 * The embedded event store: one SQLite file in WAL mode, shared safely by several processes.
 *
 * Appends queued within one event-loop turn share a single transaction and fsync (group
 * commit); each is still checked against its own expected revision and resolves only once
 * the transaction is on disk.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly pollIntervalMs: number;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly readAllStatements = new Map<string, Database.Statement<unknown[], EventRow>>();
  private readonly commitBatch: (batch: PendingAppend[]) => AppendOutcome[];
  private readonly appendInSavepoint: (append: PendingAppend, createdAt: string) => AppendResult;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly reader: PageReader;

  constructor(filePath: string, options: SqliteEventStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.reader = new PageReader({ file: path.resolve(filePath), busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
    // Each append runs in a SAVEPOINT, whose undo journal would otherwise be a temp file written
    // on every commit (measured: ~30% of sequential append throughput): temp store in memory.
    this.db = openSqliteFile(filePath, {
      holds: 'Event store',
      schemaVersion: SCHEMA_VERSION,
      busyTimeoutMs: options.busyTimeoutMs ?? 5000,
      tempStoreInMemory: true,
      migrate: createEventsTable,
    });

    this.statements = prepareStatements(this.db);

    // Called inside commitBatch, better-sqlite3 runs this in a SAVEPOINT: a failed append
    // rolls back its own rows and leaves the rest of the batch intact.
    this.appendInSavepoint = this.db.transaction((append: PendingAppend, createdAt: string) =>
      this.appendWithinTransaction(append, createdAt),
    );
    const batchTransaction = this.db.transaction((batch: PendingAppend[]) => {
      const createdAt = this.now().toISOString();
      return batch.map((append) => this.tryAppend(append, createdAt));
    });
    // IMMEDIATE takes the write lock up front, so the revisions it reads cannot go stale.
    this.commitBatch = (batch) => batchTransaction.immediate(batch);
  }

  appendToStream(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('SqliteEventStore is closed'));
    if (events.length === 0) return Promise.reject(new RangeError(`Nothing to append to ${streamId}`));
    const serialized = events.map((event) => ({
      id: event.id,
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata),
    }));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, expectedRevision: options.expectedRevision, events: serialized, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate rather than a microtask: it gathers appends from every callback of
        // this loop turn (e.g. several HTTP requests), which is what makes group commit pay.
        setImmediate(() => this.flush());
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? NO_LIMIT;
    if (limit === 0) return [];
    const from = options.fromRevision;
    let rows: EventRow[];
    if (options.direction === 'backwards') {
      const upTo = from === undefined || from === 'end' ? Number.MAX_SAFE_INTEGER : from === 'start' ? 0 : from;
      rows = this.statements.readBackwards.all(streamId, upTo, limit);
    } else {
      // Reading forwards from the end yields nothing, as in EventStoreDB.
      if (from === 'end') return [];
      rows = this.statements.readForwards.all(streamId, from === undefined || from === 'start' ? 0 : from, limit);
    }
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? NO_LIMIT;
    if (limit === 0) return [];
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition;
    if (!backwards && from === 'end') return [];
    const bound = from === undefined || from === 'start' || from === 'end' ? (backwards ? Number.MAX_SAFE_INTEGER : 0) : from;
    const filter = filterClause(options.filter);
    const sql =
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position ${backwards ? '<=' : '>='} ?${filter.sql} ` +
      `ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT ?`;
    return this.cachedReadAll(sql)
      .all(bound, ...filter.params, limit)
      .map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    if (this.closed) throw new Error('SqliteEventStore is closed');
    const filter = filterClause(options.filter);
    const sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND position <= ?${filter.sql} ORDER BY position LIMIT ?`;
    const page = this.db.prepare<unknown[], EventRow>(sql).raw();
    const subscription = new SqliteSubscription(
      {
        headPosition: () => this.statements.headPosition.get() ?? 0,
        readPage: (after, head, limit) => page.all(after, head, ...filter.params, limit).map(toRecordedEvent),
        readPageAhead: async (after, head, limit) =>
          ((await this.reader.read(sql, [after, head, ...filter.params, limit])) as EventRow[]).map(toRecordedEvent),
        unregister: (stopped) => this.subscriptions.delete(stopped),
      },
      options.fromPosition === undefined || options.fromPosition === 'start' ? 0 : options.fromPosition,
      this.pollIntervalMs,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    for (const subscription of [...this.subscriptions]) subscription.stop();
    await this.reader.close();
    this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.commitBatch(batch);
    } catch (error) {
      // The transaction did not commit (e.g. SQLITE_BUSY past the timeout): nobody's events are stored.
      for (const append of batch) append.reject(error);
      return;
    }
    outcomes.forEach((outcome, index) => (outcome.ok ? batch[index].resolve(outcome.result) : batch[index].reject(outcome.error)));
    if (outcomes.some((outcome) => outcome.ok)) {
      for (const subscription of this.subscriptions) subscription.wake();
    }
  }

  /** One append of a batch: a rejection stays with that append, anything else aborts the batch. */
  private tryAppend(append: PendingAppend, createdAt: string): AppendOutcome {
    try {
      return { ok: true, result: this.appendInSavepoint(append, createdAt) };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) {
        return { ok: false, error };
      }
      if (isUniqueEventIdViolation(error)) {
        return { ok: false, error: new DuplicateEventIdError(append.streamId, this.findDuplicateId(append)) };
      }
      throw error;
    }
  }

  private appendWithinTransaction(append: PendingAppend, createdAt: string): AppendResult {
    const { streamId, events } = append;
    // A retried append is answered before the revision check, as EventStoreDB does: the
    // original write may have moved the stream past the retry's expected revision.
    const stored = this.statements.eventById.get(events[0].id);
    if (stored) return this.matchRetriedAppend(append, stored);

    const lastRevision = this.statements.lastRevision.get(streamId);
    assertExpectedRevision(streamId, append.expectedRevision, lastRevision);
    let revision = lastRevision === undefined ? 0 : lastRevision + 1;
    let position = 0;
    for (const event of events) {
      // A later id that already exists fails the event_id UNIQUE index; see tryAppend.
      const inserted = this.statements.insert.run(streamId, revision, event.id, event.type, event.data, event.metadata, createdAt);
      position = Number(inserted.lastInsertRowid);
      revision += 1;
    }
    return { nextExpectedRevision: revision - 1, position };
  }

  /** The first id is stored: succeed only if the whole append is stored, in order, in this stream. */
  private matchRetriedAppend(append: PendingAppend, first: { stream_id: string; revision: number }): AppendResult {
    const { streamId, events } = append;
    if (first.stream_id === streamId) {
      const run = this.statements.streamRun.all(streamId, first.revision, events.length);
      if (run.length === events.length && run.every((row, index) => row.event_id === events[index].id)) {
        return { nextExpectedRevision: first.revision + events.length - 1, position: run[run.length - 1].position };
      }
    }
    throw new DuplicateEventIdError(streamId, this.findDuplicateId(append));
  }

  private findDuplicateId(append: PendingAppend): string {
    const seen = new Set<string>();
    for (const { id } of append.events) {
      if (seen.has(id) || this.statements.eventById.get(id)) return id;
      seen.add(id);
    }
    return append.events[0].id;
  }

  private cachedReadAll(sql: string): Database.Statement<unknown[], EventRow> {
    let statement = this.readAllStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], EventRow>(sql).raw();
      this.readAllStatements.set(sql, statement);
    }
    return statement;
  }
}

function prepareStatements(db: Database.Database) {
  return {
    eventById: db.prepare<[string], { stream_id: string; revision: number }>('SELECT stream_id, revision FROM events WHERE event_id = ?'),
    streamRun: db.prepare<[string, number, number], { event_id: string; position: number }>(
      'SELECT event_id, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
    ),
    lastRevision: db.prepare<[string], number>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1').pluck(),
    insert: db.prepare<[string, number, string, string, string, string, string]>(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    readForwards: db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
      )
      .raw(),
    readBackwards: db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .raw(),
    headPosition: db.prepare<[], number>('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
  };
}

interface SubscriptionSource {
  headPosition(): number;
  /** Matching events with after < position <= head, in order, at most `limit`. */
  readPage(after: number, head: number, limit: number): RecordedEvent[];
  /** The same, read on the reader thread. */
  readPageAhead(after: number, head: number, limit: number): Promise<RecordedEvent[]>;
  unregister(subscription: SqliteSubscription): void;
}

/**
 * A catch-up subscription that pages through the table and then polls it, because another
 * process may append to the same file; local commits only cut the wait short.
 */
class SqliteSubscription implements Subscription {
  private stopped = false;
  private woken = false;
  private endWait: (() => void) | undefined;

  constructor(
    private readonly source: SubscriptionSource,
    private lastPosition: number,
    private readonly pollIntervalMs: number,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.messages();
  }

  async unsubscribe(): Promise<void> {
    this.stop();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.source.unregister(this);
    this.endWait?.();
  }

  /** New events were committed in this process. */
  wake(): void {
    this.woken = true;
    this.endWait?.();
  }

  private async *messages(): AsyncGenerator<SubscriptionMessage> {
    let caughtUp = false;
    /** The position of the last message yielded, and when the last checkpoint was. */
    let yielded = this.lastPosition;
    let checkpointAt = 0;
    /** The next page of a long catch-up, being read on the reader thread meanwhile. */
    let ahead: { head: number; page: Promise<RecordedEvent[]> } | undefined;
    try {
      while (!this.stopped) {
        this.woken = false;
        // Bounding the page by the head read first means that, once a page comes back
        // short, everything up to the head has been seen even if the filter skipped it.
        const head = ahead?.head ?? this.source.headPosition();
        const page = ahead ? await ahead.page : this.source.readPage(this.lastPosition, head, SUBSCRIPTION_PAGE_SIZE);
        ahead = undefined;
        if (page.length === SUBSCRIPTION_PAGE_SIZE) {
          const nextHead = this.source.headPosition();
          ahead = { head: nextHead, page: this.source.readPageAhead(page[page.length - 1].position, nextHead, SUBSCRIPTION_PAGE_SIZE) };
          // Dropped unread if the subscriber stops first: that is no failure.
          ahead.page.catch(() => undefined);
        }
        for (const event of page) {
          this.lastPosition = yielded = event.position;
          yield { kind: 'event', event };
          if (this.stopped) return;
        }
        if (page.length === SUBSCRIPTION_PAGE_SIZE) {
          caughtUp = false;
          continue;
        }
        this.lastPosition = Math.max(this.lastPosition, head);
        if (!caughtUp) {
          caughtUp = true;
          yielded = this.lastPosition;
          yield { kind: 'caught-up', position: this.lastPosition > 0 ? this.lastPosition : undefined };
          if (this.stopped) return;
        } else if (this.lastPosition > yielded && performance.now() - checkpointAt >= this.pollIntervalMs) {
          // The filter skipped the newest events: say so, at most once a poll interval (the next
          // poll comes within one, so a skipped tail is reported within two).
          checkpointAt = performance.now();
          yielded = this.lastPosition;
          yield { kind: 'checkpoint', position: this.lastPosition };
          if (this.stopped) return;
        }
        await this.waitForNewEvents();
      }
    } finally {
      this.stop();
    }
  }

  private waitForNewEvents(): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endWait?.(), this.pollIntervalMs);
      this.endWait = () => {
        clearTimeout(timer);
        this.endWait = undefined;
        resolve();
      };
    });
  }
}

function assertExpectedRevision(streamId: string, expected: ExpectedRevision, lastRevision: number | undefined): void {
  const actual = lastRevision ?? 'no_stream';
  const matches =
    expected === 'any' ||
    (expected === 'no_stream' && lastRevision === undefined) ||
    (expected === 'stream_exists' && lastRevision !== undefined) ||
    expected === lastRevision;
  if (!matches) throw new WrongExpectedRevisionError(streamId, expected, actual);
}

/** Filter as SQL; an empty list is read as "no restriction", like an omitted one. */
function filterClause(filter: EventFilter | undefined): { sql: string; params: unknown[] } {
  let sql = '';
  const params: unknown[] = [];
  const prefixes = filter?.streamPrefixes ?? [];
  if (prefixes.length > 0) {
    // substr compares exactly (LIKE is case-insensitive and treats _ and % as wildcards).
    sql += ` AND (${prefixes.map(() => 'substr(stream_id, 1, ?) = ?').join(' OR ')})`;
    for (const prefix of prefixes) params.push([...prefix].length, prefix);
  }
  const types = filter?.eventTypes ?? [];
  if (types.length > 0) {
    sql += ` AND type IN (${types.map(() => '?').join(', ')})`;
    params.push(...types);
  }
  return { sql, params };
}

function isUniqueEventIdViolation(error: unknown): boolean {
  // Duck-typed, not `instanceof`: the native addon keeps the error class of whichever copy of
  // better-sqlite3 loaded it first, possibly in another realm (jest: one per test file).
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('events.event_id');
}

function toRecordedEvent([position, streamId, revision, id, type, data, metadata, createdAt]: EventRow): RecordedEvent {
  return {
    id,
    streamId,
    revision,
    position,
    type,
    data: JSON.parse(data) as JsonObject,
    metadata: JSON.parse(metadata) as JsonObject,
    createdAt,
  };
}

/**
 * The UNIQUE constraints are the indexes the store needs: (stream_id, revision) for stream reads
 * and concurrency, event_id for idempotency. Global reads use the rowid.
 */
function createEventsTable(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position   INTEGER PRIMARY KEY,
      stream_id  TEXT NOT NULL,
      revision   INTEGER NOT NULL,
      event_id   TEXT NOT NULL UNIQUE,
      type       TEXT NOT NULL,
      data       TEXT NOT NULL,
      metadata   TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (stream_id, revision)
    );
  `);
}
