import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, ValidateBy, buildMessage } from 'class-validator';
import { UNIDENTIFIED_CASH_STATUSES, UnidentifiedCashStatus, decodeCashCursor } from '@collections/projections';
import { IsCurrencyCode, IsEntityId, IsOneOf } from '../accounts/validation';
import { IsQueryInteger, MAX_PAGE_SIZE } from './read-model-requests';

/** Query strings of the cash queues: a page is `limit` items after the cursor `after` (a `next` of the page before). */

/** Only a `next` the queue gave: anything else is refused with a 400 on the field, not read as the first page. */
const IsCashCursor = () =>
  applyDecorators(
    ValidateBy({
      name: 'isCashCursor',
      validator: {
        validate: (value) => typeof value === 'string' && decodeCashCursor(value) !== undefined,
        defaultMessage: buildMessage(() => '$property must be the `next` of a page of the same queue'),
      },
    }),
    ApiProperty({ type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 1024, required: false }),
  );

export class CashPaging {
  /** Items in one page: 50 unless said. */
  @IsOptional() @IsQueryInteger(1, MAX_PAGE_SIZE) limit?: number;
  /** The `next` of the page before. */
  @IsOptional() @IsCashCursor() after?: string;
}

export class UnappliedCashQuery extends CashPaging {
  @IsOptional() @IsEntityId() customerId?: string;
  @IsOptional() @IsCurrencyCode() currency?: string;
}

export class UnidentifiedCashQuery extends CashPaging {
  /** `waiting` (the default): the queue to work. */
  @IsOptional() @IsOneOf(UNIDENTIFIED_CASH_STATUSES) status?: UnidentifiedCashStatus;
}
