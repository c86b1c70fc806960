import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { CURRENCY_CODE_PATTERN } from '../accounts/validation';
import { JsonSchemaObject } from './component-schemas';

/**
 * How the fields every answer shares are described in the OpenAPI document: business dates,
 * instants, minor units, currencies and counts. Whether a field is required or nullable, and its
 * description, come from the response class itself (its TypeScript type and doc comment, read by
 * the Swagger plugin); these say what the type alone cannot.
 */

/** ApiProperty with JSON Schema keywords its options do not type (propertyNames, const, not). */
export const SchemaProperty = (schema: JsonSchemaObject, options: ApiPropertyOptions = {}) =>
  ApiProperty({ ...schema, ...options } as unknown as ApiPropertyOptions);

/** A business date: YYYY-MM-DD. */
export const BusinessDateProperty = (options: ApiPropertyOptions = {}) =>
  SchemaProperty({ type: 'string', format: 'date', example: '2024-02-09' }, options);

/** An instant: ISO 8601 in UTC, as the clock records it. */
export const InstantProperty = (options: ApiPropertyOptions = {}) => SchemaProperty({ type: 'string', format: 'date-time' }, options);

/** Whole minor units (cents): answers never hold a figure past 2^53 − 1, a total that would is refused instead. */
export const MINOR_UNITS = { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };

export const MinorUnitsProperty = (options: ApiPropertyOptions = {}) => SchemaProperty(MINOR_UNITS, options);

/** An ISO 4217 currency code. */
export const CurrencyProperty = (options: ApiPropertyOptions = {}) =>
  SchemaProperty({ type: 'string', pattern: CURRENCY_CODE_PATTERN.source, example: 'EUR' }, options);

/** How many of something: a whole number from 0. */
export const CountProperty = (options: ApiPropertyOptions = {}) => SchemaProperty({ type: 'integer', minimum: 0 }, options);

/** A whole number of days, negative when the second day comes first. */
export const DaysProperty = (options: ApiPropertyOptions = {}) => SchemaProperty({ type: 'integer' }, options);

/** Minor units per ISO 4217 currency code (`{"EUR": 12000}`): a map, not a fixed set of fields. */
export const AmountsByCurrencyProperty = (options: ApiPropertyOptions = {}) =>
  SchemaProperty(
    {
      type: 'object',
      propertyNames: { pattern: CURRENCY_CODE_PATTERN.source },
      additionalProperties: MINOR_UNITS,
      example: { EUR: 12_000 },
    },
    options,
  );
