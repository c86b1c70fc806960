import { ReminderChannel } from '@collections/domain';
import { LetterDelivery } from '../delivery/letter-delivery.port';
import { Letter } from '../letter';

/**
 * Where a stored letter is on its way to the customer: `failed` once the customer's mail server
 * returned it (a bounce), after which it is never handed over again.
 */
export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;

/** Where a stored letter is on its way to the customer. */
export interface DeliveryStatus {
  state: (typeof DELIVERY_STATES)[number];
  /** Failed hand-overs so far. */
  attempts: number;
  lastError?: string;
  lastAttemptAt?: string;
  /** When a pending letter that failed is handed over again, at the earliest. */
  nextAttemptAt?: string;
  deliveredAt?: string;
  transportId?: string;
  /** When it was marked failed (the bounce was recorded); `lastError` then says why. */
  failedAt?: string;
}

export interface StoredLetter extends Letter {
  delivery: DeliveryStatus;
}

/** `stored`: a new letter; `already-stored`: the same letter was stored before (nothing changed). */
export type StoreOutcome = 'stored' | 'already-stored';

export interface DeliverPendingOptions {
  /** The run's instant (ISO 8601), from the Clock: it decides which letters are due and is recorded. */
  now: string;
  /** At most this many letters in one run; 100 when not set. */
  limit?: number;
}

/** A returned letter: when the bounce was recorded (ISO 8601) and the reason it gave. */
export interface Bounce {
  at: string;
  reason: string;
}

/** `marked`: the letter is failed now; `already-failed`: it was before (the first bounce stands); `unknown`: no such letter. */
export type BounceOutcome = 'marked' | 'already-failed' | 'unknown';

/** The letters not yet delivered, as of an instant. */
export interface PendingLetters {
  /** Every letter still pending. */
  pending: number;
  /** Of those, the ones a run holds a live claim on (being handed over, or a run that died with it). */
  claimed: number;
  /** When the last of those claims lapses and the letter can be handed over again. */
  claimedUntil?: string;
}

export interface DeliveryRun {
  delivered: { letterId: string; transportId: string }[];
  failed: { letterId: string; attempts: number; error: string; nextAttemptAt: string }[];
}

/**
 * The letters outbox: every rendered letter is stored here before anything tries to send it,
 * and keeps its text for good.
 *
 * Delivery is at least once. A letter is marked delivered only after the transport accepted
 * it, so a crash between the two (or a mark that fails) leaves it pending, and the next run
 * hands it over again. The adapters make that repeat harmless: the file adapter finds the
 * letter's file and writes nothing; the SMTP adapter sends it again with the same Message-ID
 * (`<letterId@collections>`), by which mail systems and readers can tell it is the same message.
 * A letter marked delivered is never handed over again.
 */
export interface LetterOutbox {
  /**
   * Stores a new letter as pending. Idempotent by letter id: the same letter again changes
   * nothing; a different letter under a stored id is refused (LetterConflictError).
   */
  store(letter: Letter): Promise<StoreOutcome>;
  letter(letterId: string): Promise<StoredLetter | undefined>;
  /** The letters a customer was sent, in the order they were sent (by date, then as stored); staff mail about them is left out. */
  lettersOf(customerId: string): Promise<StoredLetter[]>;
  /**
   * Hands the letters that are due, in the order they were stored, to `delivery`, one at a time.
   * A failure leaves the letter pending with the error, its attempt count and the time of the
   * next attempt (exponential backoff, capped); other letters still go. It calls
   * `delivery.prepare()` first, whether or not any letter is due.
   */
  deliverPending(delivery: LetterDelivery, options: DeliverPendingOptions): Promise<DeliveryRun>;
  /**
   * Marks a letter failed because it came back (a bounce): pending or delivered, it is failed from
   * now on, with the bounce's reason as its last error, and no run hands it over again.
   * Idempotent: a second bounce of the same letter changes nothing.
   */
  markBounced(letterId: string, bounce: Bounce): Promise<BounceOutcome>;
  /** What is still to be delivered at `now` (ISO 8601): what a run reports when it ends. */
  pendingLetters(now: string): Promise<PendingLetters>;
  /**
   * Every letter still pending, by its channel (claimed or not, due or backing off): what the
   * metrics read when scraped. A channel without pending letters may be absent.
   */
  pendingByChannel(): Promise<Partial<Record<ReminderChannel, number>>>;
  close(): Promise<void>;
}

/** The Nest injection token of the LetterOutbox (the api reads it; the policy engine writes it). */
export const LETTER_OUTBOX = Symbol('LetterOutbox');
