import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate } from '@collections/domain';
import type * as projections from '@collections/projections';
import { REPLY_QUEUE_KINDS, REPLY_STATUSES } from '@collections/projections';
import { BusinessDateProperty, CountProperty, InstantProperty } from '../openapi/response-properties';

/** What GET /replies answers: the reply queue, described. */

export class ReplyAttachmentItem {
  name!: string;
  /** Bytes. */
  @CountProperty() size!: number;
  contentType?: string;
}

export class ReplyQueueItem implements projections.ReplyItem {
  customerId!: string;
  /** The reply's id, or the fresh-link request's: what POST …/replies/:replyId/handling names. */
  replyId!: string;
  /** `reply`: a person's answer; `auto_reply`: out of office; `bounce`: the letter was not delivered; `link_request`: a fresh link asked for. */
  @ApiProperty({ enum: REPLY_QUEUE_KINDS })
  kind!: projections.ReplyQueueKind;
  /** The letter it answers (a link request: the letter whose link no longer worked). */
  letterId?: string;
  /** The sender's address. */
  from?: string;
  subject?: string;
  /** When the message arrived; link requests have only their day. */
  @InstantProperty() receivedAt?: string;
  @BusinessDateProperty() receivedOn!: BusinessDate;
  @ApiProperty({ type: [ReplyAttachmentItem] })
  attachments!: ReplyAttachmentItem[];
  /** What the customer wrote: for staff only (the published feed withholds it). */
  text?: string;
  /** `waiting` for a collector; `handled` by one; `recorded`: automatic, nobody has to answer it. */
  @ApiProperty({ enum: REPLY_STATUSES })
  status!: projections.ReplyStatus;
  @BusinessDateProperty() handledOn?: BusinessDate;
  /** What the collector noted when handling it. */
  note?: string;
  /** The customer's collector; absent while nobody is assigned. */
  collectorId?: string;
}

export class ReplyQueuePage implements projections.ReplyQueuePage {
  /** Oldest first. */
  @ApiProperty({ type: [ReplyQueueItem] })
  items!: ReplyQueueItem[];
  /** Pass as `cursor` for the next page; absent on the last. */
  nextCursor?: string;
}
