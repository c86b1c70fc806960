import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { ReminderChannel } from '@collections/domain';
import { openSqliteFile } from '@collections/platform';
import { LetterDelivery } from '../delivery/letter-delivery.port';
import { LetterConflictError } from '../errors';
import { CUSTOMER_LETTER_KINDS, Letter, LetterKind, MailTone } from '../letter';
import {
  Bounce,
  BounceOutcome,
  DeliverPendingOptions,
  DeliveryRun,
  DeliveryStatus,
  LetterOutbox,
  PendingLetters,
  StoreOutcome,
  StoredLetter,
} from './letter-outbox.port';
import { batchLimit, describeFailure, differingFields, instant } from './outbox-rules';
import { DEFAULT_RETRY_SCHEDULE, RetrySchedule, retryDelayMs } from './retry-schedule';

/** Bumped whenever the table layout changes; a newer file is refused rather than misread. */
/** 1: the first schema; 2: letters keep their HTML beside the text; 3: their own Reply-To address, and a bounced letter is `failed`. */
const SCHEMA_VERSION = 3;

export interface SqliteLetterOutboxOptions {
  retry?: RetrySchedule;
  /**
   * How long a run owns a letter it is handing over. Another run (another process) skips the
   * letter meanwhile, so it is not sent twice at once; past it, the letter is free again (the
   * run that held it has crashed). Keep it well above the slowest transport's timeouts.
   */
  claimMs?: number;
  /** How long to wait for another process's write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

interface LetterRow {
  letter_id: string;
  customer_id: string;
  kind: LetterKind;
  level: number;
  channel: Letter['channel'];
  tone: MailTone;
  sent_on: string;
  invoice_ids: string;
  recipient: string | null;
  reply_to: string | null;
  subject: string;
  text: string;
  html: string | null;
  status: DeliveryStatus['state'];
  attempts: number;
  last_error: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  transport_id: string | null;
  failed_at: string | null;
}

const LETTER_COLUMNS =
  'letter_id, customer_id, kind, level, channel, tone, sent_on, invoice_ids, recipient, reply_to, subject, text, html, ' +
  'status, attempts, last_error, last_attempt_at, next_attempt_at, delivered_at, transport_id, failed_at';

/**
 * The embedded outbox: one SQLite file (e.g. `DATA_DIR/letters.sqlite`) in WAL mode with
 * synchronous=FULL, like the event store, so a stored letter or a recorded delivery survives a
 * crash or power loss. Several processes may share the file: a run claims each letter with one
 * conditional UPDATE before handing it over.
 */
export class SqliteLetterOutbox implements LetterOutbox {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly retry: RetrySchedule;
  private readonly claimMs: number;
  private closed = false;

  constructor(filePath: string, options: SqliteLetterOutboxOptions = {}) {
    this.retry = options.retry ?? DEFAULT_RETRY_SCHEDULE;
    this.claimMs = options.claimMs ?? 10 * 60_000;
    this.db = openSqliteFile(filePath, {
      holds: 'Letters outbox',
      schemaVersion: SCHEMA_VERSION,
      busyTimeoutMs: options.busyTimeoutMs,
      migrate: createLettersTable,
    });
    this.statements = prepareStatements(this.db);
  }

  async store(letter: Letter): Promise<StoreOutcome> {
    this.assertOpen();
    const row = {
      letter_id: letter.letterId,
      customer_id: letter.customerId,
      kind: letter.kind,
      level: letter.level,
      channel: letter.channel,
      tone: letter.tone,
      sent_on: letter.sentOn,
      invoice_ids: JSON.stringify(letter.invoiceIds),
      recipient: letter.to ?? null,
      reply_to: letter.replyTo ?? null,
      subject: letter.subject,
      text: letter.text,
      html: letter.html ?? null,
    };
    if (this.statements.insert.run(row).changes === 1) return 'stored';
    const stored = this.statements.byId.get(letter.letterId);
    if (!stored) throw new Error(`Letter ${letter.letterId} was neither inserted nor found`);
    const differing = differingFields(toLetter(stored), letter);
    if (differing.length > 0) throw new LetterConflictError(letter.letterId, differing);
    return 'already-stored';
  }

  async letter(letterId: string): Promise<StoredLetter | undefined> {
    this.assertOpen();
    const row = this.statements.byId.get(letterId);
    return row && toStoredLetter(row);
  }

  async lettersOf(customerId: string): Promise<StoredLetter[]> {
    this.assertOpen();
    return this.statements.byCustomer.all(customerId).map(toStoredLetter);
  }

  async markBounced(letterId: string, { at, reason }: Bounce): Promise<BounceOutcome> {
    this.assertOpen();
    if (this.statements.markBounced.run(instant(at), reason, letterId).changes === 1) return 'marked';
    return this.statements.byId.get(letterId) === undefined ? 'unknown' : 'already-failed';
  }

  async pendingLetters(now: string): Promise<PendingLetters> {
    this.assertOpen();
    const at = instant(now);
    const row = this.statements.pending.get(at, at) as { pending: number; claimed: number | null; until: string | null };
    return { pending: row.pending, claimed: row.claimed ?? 0, ...(row.until !== null && { claimedUntil: row.until }) };
  }

  async pendingByChannel(): Promise<Partial<Record<ReminderChannel, number>>> {
    this.assertOpen();
    return Object.fromEntries(this.statements.pendingByChannel.all().map(({ channel, pending }) => [channel, pending]));
  }

  async deliverPending(delivery: LetterDelivery, options: DeliverPendingOptions): Promise<DeliveryRun> {
    this.assertOpen();
    const now = instant(options.now);
    const limit = batchLimit(options.limit);
    const claimedUntil = new Date(Date.parse(now) + this.claimMs).toISOString();
    const run: DeliveryRun = { delivered: [], failed: [] };
    // Even when nothing is due (the one pending letter may be held by the run that died).
    await delivery.prepare?.();

    for (const { letter_id: letterId } of this.statements.due.all(now, now, limit)) {
      // Claim each letter just before handing it over, so one slow letter does not hold the rest.
      const token = randomUUID();
      const claimed = this.statements.claim.get(token, claimedUntil, letterId, now, now);
      if (!claimed) continue; // delivered or claimed by another run since the query
      const letter = toLetter(claimed);
      let transportId: string;
      try {
        ({ transportId } = await delivery.deliver(letter));
        if (typeof transportId !== 'string') throw new TypeError('the delivery returned no transport id');
      } catch (error) {
        const attempts = claimed.attempts + 1;
        const nextAttemptAt = new Date(Date.parse(now) + retryDelayMs(attempts, this.retry)).toISOString();
        const description = describeFailure(error);
        // Only while the claim is ours: past it, another run owns the letter's record.
        this.statements.recordFailure.run(attempts, description, now, nextAttemptAt, letterId, token);
        run.failed.push({ letterId, attempts, error: description, nextAttemptAt });
        continue;
      }
      // Recorded even if the claim has lapsed: the transport accepted the letter, and a
      // later run must not send it again.
      this.statements.recordDelivery.run(now, transportId, now, letterId);
      run.delivered.push({ letterId, transportId });
    }
    return run;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteLetterOutbox is closed');
  }
}

function prepareStatements(db: Database.Database) {
  // A letter is due when it is pending, its backoff has passed and nobody holds a live claim.
  const due = `status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) AND (claimed_until IS NULL OR claimed_until <= ?)`;
  return {
    insert: db.prepare<
      [
        Pick<
          LetterRow,
          | 'letter_id'
          | 'customer_id'
          | 'kind'
          | 'level'
          | 'channel'
          | 'tone'
          | 'sent_on'
          | 'invoice_ids'
          | 'recipient'
          | 'reply_to'
          | 'subject'
          | 'text'
          | 'html'
        >,
      ]
    >(
      `INSERT INTO letters (letter_id, customer_id, kind, level, channel, tone, sent_on, invoice_ids, recipient, reply_to, subject, text, html)
       VALUES (@letter_id, @customer_id, @kind, @level, @channel, @tone, @sent_on, @invoice_ids, @recipient, @reply_to, @subject, @text, @html)
       ON CONFLICT (letter_id) DO NOTHING`,
    ),
    byId: db.prepare<[string], LetterRow>(`SELECT ${LETTER_COLUMNS} FROM letters WHERE letter_id = ?`),
    // The letters the customer was sent: staff mail about them is not among them.
    byCustomer: db.prepare<[string], LetterRow>(
      `SELECT ${LETTER_COLUMNS} FROM letters WHERE customer_id = ? AND kind IN (${CUSTOMER_LETTER_KINDS.map((kind) => `'${kind}'`).join(', ')})
       ORDER BY sent_on, seq`,
    ),
    pending: db.prepare<[string, string]>(
      `SELECT COUNT(*) AS pending, SUM(claimed_until > ?) AS claimed, MAX(CASE WHEN claimed_until > ? THEN claimed_until END) AS until
       FROM letters WHERE status = 'pending'`,
    ),
    pendingByChannel: db.prepare<[], { channel: ReminderChannel; pending: number }>(
      `SELECT channel, COUNT(*) AS pending FROM letters WHERE status = 'pending' GROUP BY channel`,
    ),
    due: db.prepare<[string, string, number], { letter_id: string }>(`SELECT letter_id FROM letters WHERE ${due} ORDER BY seq LIMIT ?`),
    claim: db.prepare<[string, string, string, string, string], LetterRow>(
      `UPDATE letters SET claim_token = ?, claimed_until = ? WHERE letter_id = ? AND ${due} RETURNING ${LETTER_COLUMNS}`,
    ),
    recordFailure: db.prepare<[number, string, string, string, string, string]>(
      `UPDATE letters SET attempts = ?, last_error = ?, last_attempt_at = ?, next_attempt_at = ?,
         claim_token = NULL, claimed_until = NULL
       WHERE letter_id = ? AND claim_token = ? AND status = 'pending'`,
    ),
    recordDelivery: db.prepare<[string, string, string, string]>(
      `UPDATE letters SET status = 'delivered', delivered_at = ?, transport_id = ?, last_attempt_at = ?,
         next_attempt_at = NULL, claim_token = NULL, claimed_until = NULL
       WHERE letter_id = ? AND status = 'pending'`,
    ),
    // The first bounce stands; a claim in flight is dropped, so its run records nothing over it.
    markBounced: db.prepare<[string, string, string]>(
      `UPDATE letters SET status = 'failed', failed_at = ?, last_error = ?, next_attempt_at = NULL,
         claim_token = NULL, claimed_until = NULL
       WHERE letter_id = ? AND status <> 'failed'`,
    ),
  };
}

function toLetter(row: LetterRow): Letter {
  return {
    letterId: row.letter_id,
    customerId: row.customer_id,
    kind: row.kind,
    level: row.level,
    channel: row.channel,
    tone: row.tone,
    sentOn: row.sent_on,
    invoiceIds: JSON.parse(row.invoice_ids) as string[],
    ...(row.recipient === null ? {} : { to: row.recipient }),
    ...(row.reply_to === null ? {} : { replyTo: row.reply_to }),
    subject: row.subject,
    text: row.text,
    ...(row.html === null ? {} : { html: row.html }),
  };
}

function toStoredLetter(row: LetterRow): StoredLetter {
  const delivery: DeliveryStatus = { state: row.status, attempts: row.attempts };
  if (row.last_error !== null) delivery.lastError = row.last_error;
  if (row.last_attempt_at !== null) delivery.lastAttemptAt = row.last_attempt_at;
  if (row.next_attempt_at !== null) delivery.nextAttemptAt = row.next_attempt_at;
  if (row.delivered_at !== null) delivery.deliveredAt = row.delivered_at;
  if (row.transport_id !== null) delivery.transportId = row.transport_id;
  if (row.failed_at !== null) delivery.failedAt = row.failed_at;
  return { ...toLetter(row), delivery };
}

/** The letters table as schema 3 has it, under `name`. */
const lettersTable = (name: string): string => `
  CREATE TABLE IF NOT EXISTS ${name} (
    seq             INTEGER PRIMARY KEY,
    letter_id       TEXT NOT NULL UNIQUE,
    customer_id     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    level           INTEGER NOT NULL,
    channel         TEXT NOT NULL,
    tone            TEXT NOT NULL,
    sent_on         TEXT NOT NULL,
    invoice_ids     TEXT NOT NULL,
    recipient       TEXT,
    reply_to        TEXT,
    subject         TEXT NOT NULL,
    text            TEXT NOT NULL,
    html            TEXT,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    last_attempt_at TEXT,
    next_attempt_at TEXT,
    claim_token     TEXT,
    claimed_until   TEXT,
    delivered_at    TEXT,
    transport_id    TEXT,
    failed_at       TEXT
  )`;

/** The columns a file of schema 2 has (schema 1's gain `html` first). */
const SCHEMA_2_COLUMNS =
  'seq, letter_id, customer_id, kind, level, channel, tone, sent_on, invoice_ids, recipient, subject, text, html, status, attempts, ' +
  'last_error, last_attempt_at, next_attempt_at, claim_token, claimed_until, delivered_at, transport_id';

/** seq keeps the order letters were stored in; letter_id UNIQUE makes store idempotent. */
function createLettersTable(db: Database.Database, version: number): void {
  // A file of version 1 gains the HTML column (its letters stay text-only); one of version 1 or 2 is
  // copied into schema 3's table, which adds the Reply-To column (its letters keep replying to the
  // sender's address) and allows `failed`.
  if (version === 1) db.exec('ALTER TABLE letters ADD COLUMN html TEXT');
  if (version === 1 || version === 2) {
    // SQLite cannot widen a CHECK in place: the table is copied into one that allows `failed`
    // (inside the migration's transaction, so a failure leaves the file as it was).
    db.exec(`
      ${lettersTable('letters_v3')};
      INSERT INTO letters_v3 (${SCHEMA_2_COLUMNS}) SELECT ${SCHEMA_2_COLUMNS} FROM letters;
      DROP TABLE letters;
      ALTER TABLE letters_v3 RENAME TO letters;
    `);
  }
  db.exec(`
    ${lettersTable('letters')};
    CREATE INDEX IF NOT EXISTS letters_by_customer ON letters (customer_id, sent_on, seq);
    CREATE INDEX IF NOT EXISTS letters_pending ON letters (seq) WHERE status = 'pending';
  `);
}
