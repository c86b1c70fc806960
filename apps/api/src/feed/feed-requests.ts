import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, ValidateBy, buildMessage } from 'class-validator';
import { COLLECTION_EVENT_TYPES, CollectionEventType } from '@collections/domain';
import { IsEntityId, IsOneOf } from '../accounts/validation';

const KNOWN_TYPES = new Set<string>(COLLECTION_EVENT_TYPES);

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
          return types.length <= KNOWN_TYPES.size && types.every((type) => KNOWN_TYPES.has(type));
        },
        defaultMessage: buildMessage(
          () => `$property must be a comma-separated list of at most ${KNOWN_TYPES.size} event types: ${COLLECTION_EVENT_TYPES.join(', ')}`,
        ),
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
  /** Only these event types (comma-separated names, e.g. `PromiseBroken,PaymentReceived`). */
  @IsOptional() @IsEventTypeList() types?: string;
  /** Only this customer's events. */
  @IsOptional() @IsEntityId() customerId?: string;
  /** `false` ends the stream once it has caught up, instead of following new events. */
  @IsOptional() @IsOneOf(['true', 'false']) live?: 'true' | 'false';
}

export const eventTypesOf = (types: string | undefined): CollectionEventType[] =>
  types === undefined ? [] : (types.split(',') as CollectionEventType[]);
