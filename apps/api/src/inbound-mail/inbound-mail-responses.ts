import { ApiProperty } from '@nestjs/swagger';
import { REPLY_KINDS, ReplyKind } from '@collections/domain';

/** What POST /inbound-mail answers: whose reply it is, what kind, and the letter it answers. */
export class InboundMailRecorded {
  /** The customer the letter was sent to. */
  customerId!: string;
  /** Derived from the message's Message-ID: the same message always has the same id. */
  @ApiProperty({ format: 'uuid' })
  replyId!: string;
  /** reply: a person's answer (pauses dunning until a collector handles it); auto_reply: out of office and the like; bounce: the letter was not delivered. */
  @ApiProperty({ enum: REPLY_KINDS })
  kind!: ReplyKind;
  @ApiProperty({ format: 'uuid' })
  letterId!: string;
}
