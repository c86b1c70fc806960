import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate, REMINDER_CHANNELS, ReminderChannel } from '@collections/domain';
import type * as letters from '@collections/letters';
import { CUSTOMER_LETTER_KINDS, DELIVERY_STATES, LETTER_TONES } from '@collections/letters';
import { BusinessDateProperty, CountProperty, InstantProperty } from '../openapi/response-properties';

/**
 * What GET /customers/:customerId/letters answers: each letter as it went out, with where its
 * delivery stands. The recipient's address and the transport's bookkeeping stay in the outbox.
 */

export class LetterDeliveryStatus implements Omit<letters.DeliveryStatus, 'lastAttemptAt' | 'transportId'> {
  /** pending: not handed over yet; delivered: the mail server took it; failed: it came back (a bounce), and is not sent again. */
  @ApiProperty({ enum: DELIVERY_STATES })
  state!: letters.DeliveryStatus['state'];
  /** Failed hand-overs so far. */
  @CountProperty() attempts!: number;
  /** Why the last hand-over failed, or why the letter came back. */
  lastError?: string;
  /** When a pending letter that failed is handed over again, at the earliest. */
  @InstantProperty() nextAttemptAt?: string;
  @InstantProperty() deliveredAt?: string;
  /** When the bounce that failed it was recorded. */
  @InstantProperty() failedAt?: string;
}

export class SentLetter implements Omit<letters.CustomerLetter<letters.StoredLetter>, 'customerId' | 'to' | 'delivery'> {
  /** A UUID derived from the customer and the reminder or notice: the same letter always has the same id. */
  @ApiProperty({ format: 'uuid' })
  letterId!: string;
  @ApiProperty({ enum: CUSTOMER_LETTER_KINDS })
  kind!: letters.CustomerLetterKind;
  /** The reminder's level; for a final notice, one above the highest reminder sent before it. */
  @CountProperty({ minimum: 1 }) level!: number;
  @ApiProperty({ enum: REMINDER_CHANNELS })
  channel!: ReminderChannel;
  @ApiProperty({ enum: LETTER_TONES })
  tone!: letters.LetterTone;
  @BusinessDateProperty() sentOn!: BusinessDate;
  @ApiProperty({ type: [String] })
  invoiceIds!: readonly string[];
  /**
   * Where the customer's replies to this letter go: its own address, reply+<letterId>@<INBOUND_MAIL_DOMAIN>.
   * Letters stored before letters had one replied to the sender's address, and have none.
   */
  replyTo?: string;
  subject!: string;
  /** The text as it was rendered and sent, whatever the templates say today; it carries the customer's link to their own page. */
  text!: string;
  /** The same letter as HTML; letters stored before the outbox kept it have the text only. */
  html?: string;
  @ApiProperty({ type: LetterDeliveryStatus })
  delivery!: LetterDeliveryStatus;
}

export class CustomerLetters {
  /** Every letter the customer was sent; none for a customer without letters (not a 404). */
  @ApiProperty({ type: [SentLetter] })
  letters!: SentLetter[];
}
