import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, ValidateBy, buildMessage } from 'class-validator';
import {
  DISPUTE_STATUSES,
  DisputeStatus,
  REPLY_QUEUE_KINDS,
  REPLY_STATUSES,
  ReplyQueueKind,
  ReplyStatus,
  isDisputeCursor,
  isReplyCursor,
} from '@collections/projections';
import { IsBusinessDate, IsEntityId, IsOneOf } from '../accounts/validation';
import { IsQueryInteger, MAX_PAGE_SIZE } from './read-model-requests';

/** Query strings of the reply queue and the disputes board: a page is `limit` items after `cursor` (a `nextCursor` of the page before). */

/** Only a `nextCursor` the same queue gave: anything else is refused with a 400 on the field, not read as the first page. */
const IsQueueCursor = (name: string, isCursor: (text: string) => boolean) =>
  applyDecorators(
    ValidateBy({
      name,
      validator: {
        validate: (value) => typeof value === 'string' && isCursor(value),
        defaultMessage: buildMessage(() => '$property must be the `nextCursor` of a page of the same list'),
      },
    }),
    ApiProperty({ type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 2048, required: false }),
  );

export class ReplyQueueQuery {
  /** `waiting` (the default): the messages to answer; `recorded`: automatic replies and bounces; `all`. */
  @IsOptional() @IsOneOf([...REPLY_STATUSES, 'all']) status?: ReplyStatus | 'all';
  /** A collector's customers' messages (`unassigned`: nobody's). A collector reads only their own, and gets them without asking. */
  @IsOptional() @IsEntityId() collectorId?: string;
  /** One customer's messages. */
  @IsOptional() @IsEntityId() customerId?: string;
  @IsOptional() @IsOneOf(REPLY_QUEUE_KINDS) kind?: ReplyQueueKind;
  /** Items in one page: 50 unless said. */
  @IsOptional() @IsQueryInteger(1, MAX_PAGE_SIZE) limit?: number;
  /** The `nextCursor` of the page before. */
  @IsOptional() @IsQueueCursor('isReplyCursor', isReplyCursor) cursor?: string;
}

export class DisputeBoardQuery {
  /** `open` (the default), `resolved` or `all`. */
  @IsOptional() @IsOneOf([...DISPUTE_STATUSES, 'all']) status?: DisputeStatus | 'all';
  @IsOptional() @IsEntityId() ownerTeam?: string;
  @IsOptional() @IsEntityId() ownerId?: string;
  /** `true`: only the open disputes whose target date is before `asOf`. */
  @IsOptional() @IsOneOf(['true', 'false']) pastTarget?: 'true' | 'false';
  /** The day being past target is judged on; today unless said. */
  @IsOptional() @IsBusinessDate() asOf?: string;
  /** Items in one page: 50 unless said. */
  @IsOptional() @IsQueryInteger(1, MAX_PAGE_SIZE) limit?: number;
  /** The `nextCursor` of the page before. */
  @IsOptional() @IsQueueCursor('isDisputeCursor', isDisputeCursor) cursor?: string;
}
