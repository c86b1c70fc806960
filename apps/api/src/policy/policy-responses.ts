import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate } from '@collections/domain';
import type * as policies from '@collections/policy';
import { RecordingActor } from '../audit/history-responses';
import { BusinessDateProperty, CountProperty, InstantProperty } from '../openapi/response-properties';
import { CollectionPolicyDocument } from './policy-requests';

/** What the policy endpoints answer: recorded versions of a collection policy, with who replaced each, when and why. */

/** A recorded version without its document: what the list of versions shows. */
export class PolicyVersionSummary implements Pick<policies.RecordedPolicyVersion, 'replacedOn' | 'reason' | 'recordedAt'> {
  @CountProperty({ minimum: 1 }) version!: number;
  /** The day the version took effect. */
  @BusinessDateProperty() replacedOn!: BusinessDate;
  /** Why it changed, when the manager said. */
  reason?: string;
  /** Who replaced it. */
  @ApiProperty({ type: RecordingActor })
  actor!: RecordingActor;
  /** When it was recorded. */
  @InstantProperty() recordedAt!: string;
}

/** A recorded version with its document. */
export class PolicyVersionRecord extends PolicyVersionSummary {
  @ApiProperty({ type: CollectionPolicyDocument })
  policy!: policies.CollectionPolicy;
}

/** One version of a named policy: what GET …/versions/:version and a replacement (PUT) answer. */
export class PolicyVersion extends PolicyVersionRecord {
  name!: string;
}

/** GET /policies/:name without `asOf`: the version in force now and every version recorded, oldest first. */
export class PolicyVersionHistory {
  name!: string;
  @ApiProperty({ type: PolicyVersionRecord })
  current!: PolicyVersionRecord;
  @ApiProperty({ type: [PolicyVersionSummary] })
  versions!: PolicyVersionSummary[];
}

/** GET /policies/:name?asOf=: the version in force on that day. */
export class PolicyInForce {
  name!: string;
  @BusinessDateProperty() asOf!: BusinessDate;
  @CountProperty({ minimum: 1 }) version!: number;
  @ApiProperty({ type: CollectionPolicyDocument })
  policy!: policies.CollectionPolicy;
}
