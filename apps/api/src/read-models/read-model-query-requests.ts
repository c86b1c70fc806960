import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_QUERY_ROWS, QUERYABLE_COLLECTIONS } from '@collections/projections';
import { IsWholeNumber } from '../accounts/validation';
import { ClosedBody } from '../openapi/component-schemas';

/** The most a question may skip: paging further is narrowing the filter's job. */
export const MAX_QUERY_SKIP = 1_000_000;

/** Any JSON value: what a field's condition, a projected field or a stage's specification may be. */
const ANY_VALUE = (description: string) => ({ description });

export class ReadModelPath {
  /** A read model's collection (docs/read-models.md links each one's JSON Schema); any other name is a 404. */
  @IsString()
  @MaxLength(100)
  @ApiProperty({ type: 'string', enum: [...QUERYABLE_COLLECTIONS], example: 'invoices' })
  collection!: string;
}

/**
 * A question: either `filter` (with `projection`, `sort`, `skip`) or `pipeline`, and `limit` rows
 * either way. MongoDB's dialect; only reading: `$out`, `$merge`, `$where`, `$function` and
 * `$accumulator` are refused anywhere, and a pipeline has only the stages `$match`, `$project`,
 * `$addFields`, `$set`, `$group`, `$sort`, `$limit`, `$skip`, `$count`, `$unwind` and `$lookup`
 * (from a read model).
 */
@ClosedBody()
export class ReadModelQueryBody {
  /** A MongoDB query filter, e.g. `{ "currency": "EUR", "balance": { "$gt": 1000000 } }`. */
  @IsOptional()
  @IsObject({ message: '$property must be a MongoDB filter, a JSON object' })
  @ApiPropertyOptional({ type: 'object', additionalProperties: ANY_VALUE('a value the field must equal, or a condition: { "$gt": 0 }') })
  filter?: Record<string, unknown>;

  /** Fields to return (`1`) or leave out (`0`), with a filter. */
  @IsOptional()
  @IsObject({ message: '$property must be a JSON object of fields' })
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: ANY_VALUE('1 to return the field, 0 to leave it out, or a projection operator'),
  })
  projection?: Record<string, 0 | 1>;

  /** Field → `1` (ascending) or `-1` (descending), with a filter. */
  @IsOptional()
  @IsObject({ message: '$property must be a JSON object of fields and directions' })
  @ApiPropertyOptional({ type: 'object', additionalProperties: { enum: [1, -1] } })
  sort?: Record<string, 1 | -1>;

  /** Rows to skip, with a filter (and a sort, for stable pages). */
  @IsOptional() @IsWholeNumber(0, MAX_QUERY_SKIP) skip?: number;

  /** Rows to answer with: 1,000 unless said, at most 10,000. */
  @IsOptional() @IsWholeNumber(1, MAX_QUERY_ROWS) limit?: number;

  /** An aggregation pipeline of read-only stages, instead of a filter. */
  @IsOptional()
  @IsArray({ message: '$property must be an array of stages' })
  @ArrayMaxSize(100)
  @IsObject({ each: true, message: 'each stage of $property must be a JSON object' })
  @ApiPropertyOptional({
    type: 'array',
    maxItems: 100,
    items: {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: ANY_VALUE('the stage\'s specification: { "$match": { … } }'),
    },
  })
  pipeline?: Record<string, unknown>[];
}
