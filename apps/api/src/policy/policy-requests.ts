import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { COLLECTION_POLICY_SCHEMA } from '@collections/policy';
import { IsBusinessDate, IsText, IsWholeNumber } from '../accounts/validation';
import { ClosedBody, ComponentSchema } from '../openapi/component-schemas';

/** A policy's name, as its document and its stream (`policy-<name>`) spell it. */
export const POLICY_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class PolicyPath {
  @IsString()
  @Matches(POLICY_NAME, { message: '$property must be lower-case letters, digits and dashes (up to 63), starting with a letter or digit' })
  @ApiProperty({ type: 'string', pattern: POLICY_NAME.source, example: 'default' })
  name!: string;
}

export class PolicyVersionPath extends PolicyPath {
  @Type(() => Number) @IsWholeNumber(1, Number.MAX_SAFE_INTEGER, { message: 'version must be a whole number' }) version!: number;
}

export class PolicyQuery {
  /** Answer with the version in force on this day instead of the whole history. */
  @IsOptional() @IsBusinessDate() asOf?: string;
}

/**
 * The collection policy's document, described by the JSON Schema the policy decider checks it
 * against (COLLECTION_POLICY_SCHEMA): what a replacement sends and what the policy's reads answer.
 */
@ComponentSchema('CollectionPolicy', COLLECTION_POLICY_SCHEMA)
export class CollectionPolicyDocument {}

@ClosedBody()
export class ReplacePolicyBody {
  /**
   * The whole policy document: `name` (the path's), a `version` above the current one, the
   * ladder and the rules. Checked against the policy's JSON Schema when it is recorded, so
   * every problem comes back at once, pointed at under `/policy`.
   */
  @IsObject({ message: '$property must be the policy document, a JSON object' })
  // Only "a JSON object" here: the decider checks it against the schema, as the document says.
  @ApiProperty({ type: CollectionPolicyDocument })
  policy!: CollectionPolicyDocument;

  /** The day the version takes effect; today when omitted. Not before the last replacement's. */
  @IsOptional() @IsBusinessDate() replacedOn?: string;

  /** Why the policy changed, for the audit trail. */
  @IsOptional() @IsText(500) reason?: string;
}
