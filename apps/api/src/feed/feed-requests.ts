import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, ValidateBy, buildMessage } from 'class-validator';
import { UNIDENTIFIED_CASH_EVENT_TYPES } from '@collections/domain';
import { PUBLISHED_EVENT_TYPES, PublishedEventType } from '@collections/contracts';
import { IsEntityId, IsOneOf } from '../accounts/validation';

const PUBLISHED_TYPES = new Set<string>(PUBLISHED_EVENT_TYPES);
const UNPUBLISHED_TYPES = new Set<string>(UNIDENTIFIED_CASH_EVENT_TYPES);

/** The listed types the feed knows but does not publish, to say so rather than call them unknown. */
const unpublishedIn = (value: unknown): string[] =>
  typeof value === 'string' ? value.split(',').filter((type) => UNPUBLISHED_TYPES.has(type)) : [];

/** A global position as the feed sends it in each event's SSE `id`: a whole number, 0 for "from the start". */
export const isPosition = (value: unknown): value is string =>
  typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value) && Number.isSafeInteger(Number(value));

const IsPosition = () =>
  applyDecorators(
    ValidateBy({
      name: 'isPosition',
      validator: {
        validate: isPosition,
        defaultMessage: buildMessage(() => '$property must be a position: a whole number such as the id of the last event received'),
      },
    }),
    ApiProperty({ type: 'string', pattern: '^[0-9]+$', example: '1024' }),
  );

const IsEventTypeList = () =>
  applyDecorators(
    ValidateBy({
      name: 'isEventTypeList',
      validator: {
        // Each type once at most: a list never needs more entries than there are types.
        validate: (value) => {
          if (typeof value !== 'string') return false;
          const types = value.split(',');
          return types.length <= PUBLISHED_TYPES.size && types.every((type) => PUBLISHED_TYPES.has(type));
        },
        defaultMessage: buildMessage((_each, args) => {
          const unpublished = unpublishedIn(args?.value);
          return unpublished.length > 0
            ? `$property names ${unpublished.join(', ')}, which the feed does not publish: unidentified cash is no customer's account ` +
                '(once assigned, it arrives on the account as UnappliedCashReceived)'
            : `$property must be a comma-separated list of at most ${PUBLISHED_TYPES.size} event types: ${PUBLISHED_EVENT_TYPES.join(', ')}`;
        }),
      },
    }),
    ApiProperty({ type: 'string', example: 'PromiseBroken,PaymentReceived' }),
  );

export class FeedQuery {
  /**
   * Deliver the events after this position (the SSE id of the last event received); from the
   * start when omitted. A `Last-Event-ID` header takes precedence, as browsers resend the URL
   * of the first connection when they reconnect.
   */
  @IsOptional() @IsPosition() after?: string;
  /** Only these event types (comma-separated names of published types, e.g. `PromiseBroken,PaymentReceived`). */
  @IsOptional() @IsEventTypeList() types?: string;
  /** Only this customer's events. */
  @IsOptional() @IsEntityId() customerId?: string;
  /** `false` ends the stream once it has caught up, instead of following new events. */
  @IsOptional() @IsOneOf(['true', 'false']) live?: 'true' | 'false';
}

export const eventTypesOf = (types: string | undefined): PublishedEventType[] =>
  types === undefined ? [] : (types.split(',') as PublishedEventType[]);
