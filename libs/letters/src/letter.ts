import { createHash } from 'node:crypto';
import { BusinessDate, CollectionEvent, DisputeOwnerReminded, FinalNoticeSent, ReminderChannel, ReminderSent } from '@collections/domain';

/**
 * A dunning letter as it was rendered and sent: the text is kept for good, so the customer's
 * letters can be listed exactly as they went out, whatever the templates say today.
 */
export const CUSTOMER_LETTER_KINDS = ['reminder', 'final_notice'] as const;
export type CustomerLetterKind = (typeof CUSTOMER_LETTER_KINDS)[number];

/**
 * Mail about a customer that goes to staff, not to the customer (a dispute's owner reminded of
 * its target date): stored and delivered like a letter, never listed among the customer's letters.
 */
export const STAFF_MAIL_KINDS = ['dispute_reminder'] as const;
export type StaffMailKind = (typeof STAFF_MAIL_KINDS)[number];

export const LETTER_KINDS = [...CUSTOMER_LETTER_KINDS, ...STAFF_MAIL_KINDS] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** Letters grow sterner (docs/architecture.md#the-collection-procedure, step 3): friendly, then firm, then the final notice. */
export const LETTER_TONES = ['friendly', 'firm', 'final'] as const;
export type LetterTone = (typeof LETTER_TONES)[number];
/** Staff mail is written in one matter-of-fact tone of its own. */
export type MailTone = LetterTone | 'internal';

export interface Letter {
  /** Derived from the customer and the reminder or notice id: see `letterIdFor`. */
  letterId: string;
  customerId: string;
  kind: LetterKind;
  /** The reminder's level; for a final notice, one above the highest reminder sent before it; 0 for staff mail. */
  level: number;
  channel: ReminderChannel;
  tone: MailTone;
  sentOn: BusinessDate;
  invoiceIds: readonly string[];
  /** The recipient's e-mail address, when the customer (or, for staff mail, the owner) has one. */
  to?: string;
  /**
   * Where replies go: the letter's own address, `reply+<letterId>@<INBOUND_MAIL_DOMAIN>`, so a reply
   * names its letter. Absent in staff mail and in letters stored before it existed (the sender's then).
   */
  replyTo?: string;
  subject: string;
  text: string;
  /** The same letter as HTML, sent beside the text (multipart/alternative); absent in letters stored before it existed. */
  html?: string;
}

/** This library's UUID namespace for name-based (v5) ids. */
const LETTER_NAMESPACE = Buffer.from('3c0f7d52a9e64b1f8e2d5a7b9c1e4f60', 'hex');

/**
 * The letter for a reminder or final notice: a UUID v5 of (customer, kind, reminder/notice id).
 * Reminder ids are unique within a customer's account only, hence the customer in the name.
 * The same event always gives the same id, so rendering it again stores nothing new, and the
 * id is safe in a file name and a Message-ID.
 */
export function letterIdFor(customerId: string, kind: LetterKind, sourceId: string): string {
  // JSON keeps the parts apart: ('a-b', 'c') and ('a', 'b-c') name different letters.
  const name = JSON.stringify([customerId, kind, sourceId]);
  const bytes = createHash('sha1').update(LETTER_NAMESPACE).update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A letter the customer was sent (a reminder or final notice), as opposed to staff mail about them. */
export type CustomerLetter<L extends Letter = Letter> = L & { kind: CustomerLetterKind; tone: LetterTone };

export function isCustomerLetter<L extends Letter>(letter: L): letter is CustomerLetter<L> {
  return (CUSTOMER_LETTER_KINDS as readonly string[]).includes(letter.kind);
}

/** The events that send a letter to the customer: what a letter writer following the event store picks out. */
export function isLetterEvent(event: CollectionEvent): event is ReminderSent | FinalNoticeSent {
  return event.type === 'ReminderSent' || event.type === 'FinalNoticeSent';
}

/** The events that send staff mail: a dispute's owner reminded of its passed target date. */
export function isStaffMailEvent(event: CollectionEvent): event is DisputeOwnerReminded {
  return event.type === 'DisputeOwnerReminded';
}
