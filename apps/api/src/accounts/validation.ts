import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
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
  isISO8601,
} from 'class-validator';
import { BUSINESS_DATE_RULE, MAX_AMOUNT, UNASSIGNED, isBusinessDate, isCurrencyCode } from '@collections/domain';
import { POLICY_ENGINE_ID, POLICY_ID_PREFIX, isPolicyEngineId } from '@collections/policy';
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

/**
 * An instant: ISO 8601 with a time and its offset (`Z` or ±hh:mm), so that it names one moment
 * wherever it is read; a date alone or a local time without offset is refused. Calendar checks
 * (no 30 February, no 24:00) are validator's isISO8601 in strict mode.
 */
const TIME_WITH_OFFSET = /T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' &&
  TIME_WITH_OFFSET.test(value) &&
  isISO8601(value, { strict: true, strictSeparator: true }) &&
  isBusinessDate(value.slice(0, 10));

export const IsInstant = () =>
  applyDecorators(
    ValidateBy({
      name: 'isInstant',
      validator: {
        validate: (value) => isInstant(value),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be an ISO 8601 instant with its offset, such as 2024-04-01T00:00:00Z or 2024-04-01T02:00:00+02:00`,
        ),
      },
    }),
    ApiProperty({ type: 'string', format: 'date-time', example: '2024-04-01T00:00:00Z' }),
  );

/**
 * The shape of an ISO 4217 code, what OpenAPI can say of isCurrencyCode (which also asks that the
 * code exist): the list itself comes from the runtime's Intl, so the document does not repeat it.
 */
export const CURRENCY_CODE_PATTERN = /^[A-Z]{3}$/;

export const IsCurrencyCode = () =>
  applyDecorators(
    ValidateBy({
      name: 'isCurrencyCode',
      validator: {
        validate: (value) => isCurrencyCode(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an ISO 4217 currency code such as EUR or USD`),
      },
    }),
    ApiProperty({ type: 'string', pattern: CURRENCY_CODE_PATTERN.source, example: 'EUR', description: 'ISO 4217 currency code' }),
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

/**
 * A whole number from `min` to `max`; at most 2^53 − 1 when no bound is given, as a larger one
 * cannot even be read exactly from JSON.
 */
export const IsWholeNumber = (min: number, max: number = Number.MAX_SAFE_INTEGER, { message }: { message?: string } = {}) =>
  applyDecorators(
    IsInt(message === undefined ? {} : { message }),
    Min(min),
    Max(max),
    ApiProperty({ type: 'integer', minimum: min, maximum: max }),
  );

/** One of a fixed list of values (an enumeration of the domain). */
export const IsOneOf = (values: readonly string[]) =>
  applyDecorators(IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` }), ApiProperty({ enum: values }));

/** Ids chosen by clients (invoice numbers, payment references): letters, digits and . _ : - */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const ID_MAX_LENGTH = 128;
const ID_SCHEMA = { type: 'string', pattern: ID_PATTERN.source, maxLength: ID_MAX_LENGTH } as const;

export const IsEntityId = ({ each = false }: { each?: boolean } = {}) =>
  applyDecorators(
    IsString({ each, message: `$property must ${each ? 'hold only strings' : 'be a string'}` }),
    MaxLength(ID_MAX_LENGTH, { each }),
    Matches(ID_PATTERN, {
      each,
      message: `$property must ${each ? 'hold ids that ' : ''}start with a letter or digit and hold only letters, digits and . _ : -`,
    }),
    ApiProperty(each ? { type: 'array', items: ID_SCHEMA } : ID_SCHEMA),
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
    ApiProperty({ not: { pattern: POLICY_ENGINE_ID.source } }),
  );

/** A collector's id: an id, but never the word the worklists use for nobody. */
export const IsCollectorId = () =>
  applyDecorators(
    IsEntityId(),
    NotEquals(UNASSIGNED, { message: `$property cannot be "${UNASSIGNED}": the word names the accounts nobody is assigned to` }),
    ApiProperty({ not: { const: UNASSIGNED } } as ApiPropertyOptions),
  );

/** The most invoices one command may name. */
export const MAX_INVOICE_IDS = 500;

/** A non-empty list of invoice ids. */
export const IsInvoiceIds = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_INVOICE_IDS),
    IsEntityId({ each: true }),
    ApiProperty({ type: 'array', items: ID_SCHEMA, minItems: 1, maxItems: MAX_INVOICE_IDS }),
  );

/** Free text: not empty, and at most `maxLength` characters. */
export const IsText = (maxLength = 2000, { each = false }: { each?: boolean } = {}) => {
  const text = { type: 'string', minLength: 1, maxLength } as const;
  return applyDecorators(
    IsString({ each, message: `$property must ${each ? 'hold only strings' : 'be a string'}` }),
    IsNotEmpty({ each }),
    MaxLength(maxLength, { each }),
    ApiProperty(each ? { type: 'array', items: text } : text),
  );
};

/** Flattens class-validator's tree into one entry per invalid field, as JSON pointers. */
export function toRequestValidationError(errors: ValidationError[], root = ''): RequestValidationError {
  const flatten = (error: ValidationError, parent: string): { pointer: string; detail: string }[] => {
    const pointer = `${parent}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((detail) => ({ pointer, detail }));
    return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, pointer))];
  };
  return new RequestValidationError(errors.flatMap((error) => flatten(error, root)));
}
