import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsUUID } from 'class-validator';
import { IsBusinessDate } from '../accounts/validation';
import { ClosedBody } from '../openapi/component-schemas';
import { CollectionPolicyDocument } from './policy-requests';

/** The longest period a what-if replays: a year, so that a run stays within minutes and memory. */
export const WHAT_IF_MAX_DAYS = 366;

@ClosedBody()
export class WhatIfBody {
  /**
   * The proposed policy's whole document, checked as a replacement's is (every problem at once,
   * pointed at under `/policy`); nothing is recorded.
   */
  @IsObject({ message: '$property must be the policy document, a JSON object' })
  @ApiProperty({ type: CollectionPolicyDocument })
  policy!: CollectionPolicyDocument;

  /** The first day replayed. */
  @IsBusinessDate() from!: string;

  /** The last day replayed (inclusive): not before `from`, at most 366 days after, and not after today. */
  @IsBusinessDate() to!: string;
}

export class WhatIfPath {
  @IsUUID('4', { message: 'id must be the id a what-if was started with (a UUID)' })
  @ApiProperty({ type: 'string', format: 'uuid' })
  id!: string;
}
