import { randomUUID } from 'node:crypto';
import { ReminderChannel } from '@collections/domain';
import { DuplicateKeyError, ReadCollection, ReadDocument, ReadStore } from '@collections/read-store';
import { LetterDelivery } from '../delivery/letter-delivery.port';
import { LetterConflictError } from '../errors';
import { CUSTOMER_LETTER_KINDS, Letter } from '../letter';
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
import { batchLimit, DEFAULT_CLAIM_MS, describeFailure, differingFields, instant } from './outbox-rules';
import { DEFAULT_RETRY_SCHEDULE, RetrySchedule, retryDelayMs } from './retry-schedule';

/** The letters' collection unless told otherwise; `<collection>_sequence` keeps the stored order's counter. */
export const LETTERS_OUTBOX_COLLECTION = 'letters_outbox';
/** The one counter document in the sequence collection. */
const SEQUENCE_ID = 'stored';
/**
 * A store that loses the race for a number reads the counter again. Within a process stores take
 * their numbers in turn, so only other processes race: this many lost races in a row is a fault.
 */
const MAX_SEQUENCE_ATTEMPTS = 100;
/** MongoDB's E11000, as the driver's MongoServerError carries it and the port's DuplicateKeyError does. */
const DUPLICATE_KEY = 11000;

export interface ReadStoreLetterOutboxOptions {
  /** The backoff after a failed hand-over; the same schedule as the SQLite outbox's by default. */
  retry?: RetrySchedule;
  /**
   * How long a run owns a letter it is handing over. Another run (another process or replica)
   * skips the letter meanwhile, so it is not sent twice at once; past it, the letter is free again
   * (the run that held it has died). Keep it well above the slowest transport's timeouts.
   */
  claimMs?: number;
  /** The letters' collection, `letters_outbox` by default; the counter is in `<collection>_sequence`. */
  collection?: string;
}

/**
 * A letter as the collection keeps it: `_id` is the letter id; the letter's own fields, then its
 * delivery status (the port's DeliveryStatus, flattened), then what only the outbox reads:
 *
 * - `seq`: the order letters were stored in, from the counter document (one number per store);
 * - `dueAt`: when the letter may be handed over, '' (at once) or the `nextAttemptAt` of its last
 *   failure, so that "due" is one range over a field every letter has;
 * - `claimedBy` / `claimedUntil`: the run handing it over and the end of its lease ('' for none).
 */
interface LetterDocument extends ReadDocument, Omit<Letter, 'letterId' | 'invoiceIds'>, DeliveryStatus {
  seq: number;
  invoiceIds: string[];
  dueAt: string;
  claimedBy?: string;
  claimedUntil: string;
}

interface SequenceDocument extends ReadDocument {
  value: number;
}

/**
 * This process's last number request per read store and counter: the next one waits for it, so
 * the outboxes of one process never race each other for a number (N stores at once would cost
 * N² attempts); other processes still can, and the compare-and-set settles that.
 */
const sequenceTurns = new WeakMap<ReadStore, Map<string, Promise<unknown>>>();

function inTurn<R>(store: ReadStore, counter: string, work: () => Promise<R>): Promise<R> {
  let turns = sequenceTurns.get(store);
  if (!turns) sequenceTurns.set(store, (turns = new Map()));
  const previous = turns.get(counter) ?? Promise.resolve();
  const mine = previous.then(work, work);
  const settled = mine.then(
    () => undefined,
    () => undefined,
  );
  turns.set(counter, settled);
  void settled.then(() => {
    if (turns.get(counter) === settled) turns.delete(counter);
  });
  return mine;
}

/**
 * The outbox over the read store: MongoDB in production (nothing on local disk; the api's replicas
 * and every policy-engine instance share one collection), or the embedded read store.
 *
 * Written for MongoDB's guarantees, which are per document: every step that decides something is
 * one conditional `updateOne` whose matched count says whether it happened.
 *
 * - store: `insertOne` with the letter id as `_id`; a duplicate key means the id is taken, and the
 *   stored letter is compared with the offered one, as the SQLite outbox compares them.
 * - order: `seq` from a counter document, advanced by compare-and-set (`$inc` only where it still
 *   holds the number read), so letters stored one after another, by any process, sort as stored.
 * - claims: a run takes each due letter just before handing it over, with an `updateOne` that
 *   matches only while the letter is pending, due, unclaimed (or its claim lapsed) and unchanged
 *   since the run read it; matched 1 means this run owns it until `claimedUntil`. Two runs on two
 *   connections therefore never hand one letter over twice while a claim is live.
 * - a failure is recorded only while the claim is still this run's, and releases it; a delivery is
 *   recorded whenever the letter is still pending, even past the claim, because the transport
 *   accepted it and no later run may send it again.
 *
 * `close()` leaves the read store open: whoever gave it owns it.
 */
export class ReadStoreLetterOutbox implements LetterOutbox {
  private readonly readStore: ReadStore;
  private readonly letters: ReadCollection<LetterDocument>;
  private readonly sequence: ReadCollection<SequenceDocument>;
  private readonly retry: RetrySchedule;
  private readonly claimMs: number;
  private indexes: Promise<void> | undefined;
  private closed = false;

  constructor(store: ReadStore, options: ReadStoreLetterOutboxOptions = {}) {
    const name = options.collection ?? LETTERS_OUTBOX_COLLECTION;
    this.readStore = store;
    this.letters = store.collection<LetterDocument>(name);
    this.sequence = store.collection<SequenceDocument>(`${name}_sequence`);
    this.retry = options.retry ?? DEFAULT_RETRY_SCHEDULE;
    this.claimMs = options.claimMs ?? DEFAULT_CLAIM_MS;
    if (!Number.isFinite(this.claimMs) || this.claimMs <= 0) throw new RangeError(`claimMs must be positive, not ${this.claimMs}`);
  }

  /** An outbox whose indexes are in place (otherwise they are made on first use). */
  static async open(store: ReadStore, options?: ReadStoreLetterOutboxOptions): Promise<ReadStoreLetterOutbox> {
    const outbox = new ReadStoreLetterOutbox(store, options);
    await outbox.ready();
    return outbox;
  }

  async store(letter: Letter): Promise<StoreOutcome> {
    await this.ready();
    // Storing again is common (a writer that follows the event store reruns after a restart): a
    // read answers it without taking a number.
    const existing = await this.letters.findOne({ _id: letter.letterId });
    if (existing) return alreadyStored(existing, letter);
    const seq = await inTurn(this.readStore, this.sequence.name, () => this.nextSequence());
    const document = toDocument(letter, seq);
    try {
      await this.letters.insertOne(document);
      return 'stored';
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    // Another process stored a letter under this id since the read.
    const stored = await this.letters.findOne({ _id: letter.letterId });
    if (!stored) throw new Error(`Letter ${letter.letterId} was neither inserted nor found`);
    return alreadyStored(stored, letter);
  }

  async letter(letterId: string): Promise<StoredLetter | undefined> {
    await this.ready();
    const document = await this.letters.findOne({ _id: letterId });
    return document ? toStoredLetter(document) : undefined;
  }

  async lettersOf(customerId: string): Promise<StoredLetter[]> {
    await this.ready();
    // The letters the customer was sent: staff mail about them is not among them.
    const documents = await this.letters.find({ customerId, kind: { $in: [...CUSTOMER_LETTER_KINDS] } }, { sort: { sentOn: 1, seq: 1 } });
    return documents.map(toStoredLetter);
  }

  async markBounced(letterId: string, { at, reason }: Bounce): Promise<BounceOutcome> {
    const failedAt = instant(at);
    await this.ready();
    // The first bounce stands; a claim in flight is dropped, so its run records nothing over it.
    const { matchedCount } = await this.letters.updateOne(
      { _id: letterId, state: { $in: ['pending', 'delivered'] } },
      { $set: { state: 'failed', failedAt, lastError: reason, claimedUntil: '' }, $unset: { nextAttemptAt: '', claimedBy: '' } },
    );
    if (matchedCount === 1) return 'marked';
    return (await this.letters.findOne({ _id: letterId })) === null ? 'unknown' : 'already-failed';
  }

  async pendingLetters(now: string): Promise<PendingLetters> {
    const at = instant(now);
    await this.ready();
    // One read, so the counts agree with each other. A lapsed claim (and no claim, '') is <= now.
    const [totals] = await this.letters.aggregate<{ pending: number; claimed: number; until: string }>([
      { $match: { state: 'pending' } },
      {
        $group: {
          _id: null,
          pending: { $sum: 1 },
          claimed: { $sum: { $cond: [{ $gt: ['$claimedUntil', at] }, 1, 0] } },
          until: { $max: '$claimedUntil' },
        },
      },
    ]);
    if (!totals) return { pending: 0, claimed: 0 };
    return {
      pending: totals.pending,
      claimed: totals.claimed,
      ...(totals.claimed > 0 && { claimedUntil: totals.until }),
    };
  }

  async pendingByChannel(): Promise<Partial<Record<ReminderChannel, number>>> {
    await this.ready();
    const counts = await this.letters.aggregate<{ _id: ReminderChannel; pending: number }>([
      { $match: { state: 'pending' } },
      { $group: { _id: '$channel', pending: { $sum: 1 } } },
    ]);
    return Object.fromEntries(counts.map(({ _id, pending }) => [_id, pending]));
  }

  async deliverPending(delivery: LetterDelivery, options: DeliverPendingOptions): Promise<DeliveryRun> {
    const now = instant(options.now);
    const limit = batchLimit(options.limit);
    await this.ready();
    const claimedUntil = new Date(Date.parse(now) + this.claimMs).toISOString();
    const claimedBy = randomUUID();
    const run: DeliveryRun = { delivered: [], failed: [] };
    // Even when nothing is due (the one pending letter may be held by the run that died).
    await delivery.prepare?.();

    const due = { state: 'pending', dueAt: { $lte: now }, claimedUntil: { $lte: now } };
    // The record of one hand-over is written while the next letter is claimed: two writes, one
    // wait. A failed record fails the run before the next hand-over (that letter's claim lapses).
    let recording: Promise<unknown> | undefined;
    for (const seen of await this.letters.find(due, { sort: { seq: 1 }, limit })) {
      // Claim each letter just before handing it over, so one slow letter does not hold the rest.
      // Unchanged attempts: nobody handed it over since the read, so `seen` is the letter as it is.
      const [claim] = await Promise.all([
        this.letters.updateOne({ _id: seen._id, attempts: seen.attempts, ...due }, { $set: { claimedBy, claimedUntil } }),
        recording,
      ]);
      recording = undefined;
      if (claim.matchedCount !== 1) continue; // delivered, failed or claimed by another run since the read
      const letterId = seen._id;
      let transportId: string;
      try {
        ({ transportId } = await delivery.deliver(toLetter(seen)));
        if (typeof transportId !== 'string') throw new TypeError('the delivery returned no transport id');
      } catch (error) {
        const attempts = seen.attempts + 1;
        const nextAttemptAt = new Date(Date.parse(now) + retryDelayMs(attempts, this.retry)).toISOString();
        const description = describeFailure(error);
        // Only while the claim is ours: past it, another run owns the letter's record.
        recording = this.letters.updateOne(
          { _id: letterId, state: 'pending', claimedBy },
          {
            $set: { attempts, lastError: description, lastAttemptAt: now, nextAttemptAt, dueAt: nextAttemptAt, claimedUntil: '' },
            $unset: { claimedBy: '' },
          },
        );
        run.failed.push({ letterId, attempts, error: description, nextAttemptAt });
        continue;
      }
      // Recorded even if the claim has lapsed: the transport accepted the letter, and a later run
      // must not send it again. The first mark stands.
      recording = this.letters.updateOne(
        { _id: letterId, state: 'pending' },
        {
          $set: { state: 'delivered', deliveredAt: now, transportId, lastAttemptAt: now, claimedUntil: '' },
          $unset: { nextAttemptAt: '', claimedBy: '' },
        },
      );
      run.delivered.push({ letterId, transportId });
    }
    await recording;
    return run;
  }

  /** Stops this outbox; the read store stays open for its owner. */
  async close(): Promise<void> {
    this.closed = true;
  }

  /** Checks the outbox is open and its indexes exist (made once, on first use; again after a failure). */
  private ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('ReadStoreLetterOutbox is closed'));
    this.indexes ??= this.createIndexes().catch((error: unknown) => {
      this.indexes = undefined;
      throw error;
    });
    return this.indexes;
  }

  private async createIndexes(): Promise<void> {
    // A customer's letters, by date then as stored (lettersOf).
    await this.letters.createIndex({ customerId: 1, sentOn: 1, seq: 1 });
    // The due letters in stored order (deliverPending); delivered ones are past the prefix.
    await this.letters.createIndex({ state: 1, seq: 1 });
    // What is pending and which claims are live (pendingLetters).
    await this.letters.createIndex({ state: 1, claimedUntil: 1 });
  }

  /** The next number in the stored order: read the counter, then advance it only if it still holds that number. */
  private async nextSequence(): Promise<number> {
    for (let attempt = 1; attempt <= MAX_SEQUENCE_ATTEMPTS; attempt += 1) {
      const counter = await this.sequence.findOne({ _id: SEQUENCE_ID });
      if (!counter) {
        try {
          await this.sequence.insertOne({ _id: SEQUENCE_ID, value: 1 });
          return 1;
        } catch (error) {
          if (isDuplicateKey(error)) continue; // another store made it first
          throw error;
        }
      }
      const { matchedCount } = await this.sequence.updateOne({ _id: SEQUENCE_ID, value: counter.value }, { $inc: { value: 1 } });
      if (matchedCount === 1) return counter.value + 1;
    }
    throw new Error(`The letters outbox could not take a sequence number in ${MAX_SEQUENCE_ATTEMPTS} attempts`);
  }
}

/** The port's DuplicateKeyError, or the driver's own E11000 should one reach here unmapped. */
function isDuplicateKey(error: unknown): boolean {
  if (error instanceof DuplicateKeyError) return true;
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

function alreadyStored(stored: LetterDocument, offered: Letter): StoreOutcome {
  const differing = differingFields(toLetter(stored), offered);
  if (differing.length > 0) throw new LetterConflictError(offered.letterId, differing);
  return 'already-stored';
}

function toDocument(letter: Letter, seq: number): LetterDocument {
  return {
    _id: letter.letterId,
    seq,
    customerId: letter.customerId,
    kind: letter.kind,
    level: letter.level,
    channel: letter.channel,
    tone: letter.tone,
    sentOn: letter.sentOn,
    invoiceIds: [...letter.invoiceIds],
    // As the SQLite outbox keeps them: an absent recipient or HTML is no field at all.
    ...(letter.to == null ? {} : { to: letter.to }),
    ...(letter.replyTo == null ? {} : { replyTo: letter.replyTo }),
    subject: letter.subject,
    text: letter.text,
    ...(letter.html == null ? {} : { html: letter.html }),
    state: 'pending',
    attempts: 0,
    dueAt: '',
    claimedUntil: '',
  };
}

function toLetter(document: LetterDocument): Letter {
  return {
    letterId: document._id,
    customerId: document.customerId,
    kind: document.kind,
    level: document.level,
    channel: document.channel,
    tone: document.tone,
    sentOn: document.sentOn,
    invoiceIds: [...document.invoiceIds],
    ...(document.to == null ? {} : { to: document.to }),
    ...(document.replyTo == null ? {} : { replyTo: document.replyTo }),
    subject: document.subject,
    text: document.text,
    ...(document.html == null ? {} : { html: document.html }),
  };
}

function toStoredLetter(document: LetterDocument): StoredLetter {
  const delivery: DeliveryStatus = { state: document.state, attempts: document.attempts };
  if (document.lastError != null) delivery.lastError = document.lastError;
  if (document.lastAttemptAt != null) delivery.lastAttemptAt = document.lastAttemptAt;
  if (document.nextAttemptAt != null) delivery.nextAttemptAt = document.nextAttemptAt;
  if (document.deliveredAt != null) delivery.deliveredAt = document.deliveredAt;
  if (document.transportId != null) delivery.transportId = document.transportId;
  if (document.failedAt != null) delivery.failedAt = document.failedAt;
  return { ...toLetter(document), delivery };
}
