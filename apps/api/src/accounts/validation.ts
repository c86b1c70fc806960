import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ValidationError } from 'class-validator';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  NotEquals,
  ValidateBy,
  buildMessage,
} from 'class-validator';
import { BUSINESS_DATE_RULE, MAX_AMOUNT, UNASSIGNED, isBusinessDate, isCurrencyCode } from '@collections/domain';
import { POLICY_ID_PREFIX, isPolicyEngineId } from '@collections/policy';
import { RequestValidationError } from '../problems/problem-details';

/**
 * The field rules every request shares, so each is written once: business dates, currency
 * codes, minor units, ids and free text.
 */
// Each rule also describes itself to OpenAPI (what the generated metadata cannot infer).

export const IsBusinessDate = () =>
  applyDecorators(
    ValidateBy({
      name: 'isBusinessDate',
      validator: {
        validate: (value) => isBusinessDate(value),
        defaultMessage: buildMessage((each) => `${each}$property must be ${BUSINESS_DATE_RULE}`),
      },
    }),
    ApiProperty({ type: 'string', format: 'date', example: '2024-02-09' }),
  );

export const IsCurrencyCode = () =>
  applyDecorators(
    ValidateBy({
      name: 'isCurrencyCode',
      validator: {
        validate: (value) => isCurrencyCode(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an ISO 4217 currency code such as EUR or USD`),
      },
    }),
    ApiProperty({ type: 'string', pattern: '^[A-Z]{3}$', example: 'EUR', description: 'ISO 4217 currency code' }),
  );

/**
 * A whole number of minor units (cents): never a fraction, never beyond MAX_AMOUNT (10^12 − 1),
 * the bound the decider holds every path to (docs/api.md#limits).
 */
export const IsMinorUnits = ({ positive }: { positive: boolean }) =>
  applyDecorators(
    IsInt({ message: '$property must be a whole number of minor units (e.g. cents), not a fraction or a string' }),
    Min(positive ? 1 : 0, { message: `$property must be ${positive ? 'greater than zero' : 'zero or more'}` }),
    Max(MAX_AMOUNT, { message: `$property must be at most ${MAX_AMOUNT} minor units` }),
    ApiProperty({
      type: 'integer',
      format: 'int64',
      minimum: positive ? 1 : 0,
      maximum: MAX_AMOUNT,
      description: `Minor units of the currency (cents), at most ${MAX_AMOUNT}`,
    }),
  );

/** One of a fixed list of values (an enumeration of the domain). */
export const IsOneOf = (values: readonly string[]) =>
  applyDecorators(IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` }), ApiProperty({ enum: values }));

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** Ids chosen by clients (invoice numbers, payment references): letters, digits and . _ : - */
export const IsEntityId = ({ each = false }: { each?: boolean } = {}) =>
  applyDecorators(
    IsString({ each, message: `$property must ${each ? 'hold only strings' : 'be a string'}` }),
    MaxLength(128, { each }),
    Matches(ID, {
      each,
      message: `$property must ${each ? 'hold ids that ' : ''}start with a letter or digit and hold only letters, digits and . _ : -`,
    }),
  );

/**
 * The id of something the policy engine records too (a reminder, a notice, a call task, a
 * proposal, a referral): never with the engine's prefix, so no client can take the id of a
 * command the engine will send and make it a duplicate.
 */
export const IsClientChosenId = () =>
  applyDecorators(
    IsEntityId(),
    ValidateBy({
      name: 'isClientChosenId',
      validator: {
        validate: (value) => typeof value !== 'string' || !isPolicyEngineId(value),
        defaultMessage: buildMessage(
          () => `$property has the shape of the policy engine's ids ("${POLICY_ID_PREFIX}…" with a rule and a date): choose another`,
        ),
      },
    }),
  );

/** A collector's id: an id, but never the word the worklists use for nobody. */
export const IsCollectorId = () =>
  applyDecorators(
    IsEntityId(),
    NotEquals(UNASSIGNED, { message: `$property cannot be "${UNASSIGNED}": the word names the accounts nobody is assigned to` }),
  );

/** A non-empty list of distinct-looking invoice ids. */
export const IsInvoiceIds = () => applyDecorators(IsArray(), ArrayMinSize(1), ArrayMaxSize(500), IsEntityId({ each: true }));

export const IsText = (maxLength = 2000, { each = false }: { each?: boolean } = {}) =>
  applyDecorators(
    IsString({ each, message: `$property must ${each ? 'hold only strings' : 'be a string'}` }),
    IsNotEmpty({ each }),
    MaxLength(maxLength, { each }),
  );

/** Flattens class-validator's tree into one entry per invalid field, as JSON pointers. */
export function toRequestValidationError(errors: ValidationError[], root = ''): RequestValidationError {
  const flatten = (error: ValidationError, parent: string): { pointer: string; detail: string }[] => {
    const pointer = `${parent}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((detail) => ({ pointer, detail }));
    return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, pointer))];
  };
  return new RequestValidationError(errors.flatMap((error) => flatten(error, root)));
}
