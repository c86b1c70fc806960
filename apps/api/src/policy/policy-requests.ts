import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Matches, Min } from 'class-validator';
import { IsBusinessDate, IsText } from '../accounts/validation';

/** A policy's name, as its document and its stream (`policy-<name>`) spell it. */
export const POLICY_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class PolicyPath {
  @IsString()
  @Matches(POLICY_NAME, { message: '$property must be lower-case letters, digits and dashes (up to 63), starting with a letter or digit' })
  @ApiProperty({ type: 'string', pattern: POLICY_NAME.source, example: 'default' })
  name!: string;
}

export class PolicyVersionPath extends PolicyPath {
  @Type(() => Number) @IsInt({ message: 'version must be a whole number' }) @Min(1) version!: number;
}

export class PolicyQuery {
  /** Answer with the version in force on this day instead of the whole history. */
  @IsOptional() @IsBusinessDate() asOf?: string;
}

export class ReplacePolicyBody {
  /**
   * The whole policy document: `name` (the path's), a `version` above the current one, the
   * ladder and the rules. Checked against the policy's JSON Schema when it is recorded, so
   * every problem comes back at once, pointed at under `/policy`.
   */
  @IsObject({ message: '$property must be the policy document, a JSON object' })
  @ApiProperty({ type: 'object', additionalProperties: true })
  policy!: Record<string, unknown>;

  /** The day the version takes effect; today when omitted. Not before the last replacement's. */
  @IsOptional() @IsBusinessDate() replacedOn?: string;

  /** Why the policy changed, for the audit trail. */
  @IsOptional() @IsText(500) reason?: string;
}
