import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What a question over a read model answers (as JSON; `Accept: text/csv` gets the rows as CSV). */
export class ReadModelQueryAnswer {
  /** The collection asked. */
  collection!: string;
  /** The documents or pipeline results, as the store gave them. */
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  rows!: Record<string, unknown>[];
  /** More rows answer than `limit`: `rows` holds the first `limit` of them. */
  truncated!: boolean;
  /** The rows bound the answer was given under. */
  @ApiProperty({ type: 'integer', minimum: 1 })
  limit!: number;
  /** When truncated: which bound cut the answer, and how to get the rest. */
  @ApiPropertyOptional()
  truncation?: string;
}
