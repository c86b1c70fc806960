import { ApiProperty } from '@nestjs/swagger';
import { Actor, ROLES, Role } from '@collections/accounts';
import { BusinessDate, COLLECTION_EVENT_TYPES } from '@collections/domain';
import type { CollectionEventMetadata } from '@collections/event-processor';
import { BusinessDateProperty, CountProperty, InstantProperty } from '../openapi/response-properties';

/** What the auditor's replay answers: the customer's stream as it was recorded. */

/** Who acted, as recorded: the actor id of the API key (or service) that sent the command, and its role. */
export class RecordingActor implements Actor {
  id!: string;
  @ApiProperty({ enum: ROLES })
  role!: Role;
}

/**
 * What each event records beside its data, as stored: events written before a field existed
 * lack it (`schemaVersion`, for one, is 1 when absent).
 */
export class HistoryEventMetadata implements Partial<CollectionEventMetadata> {
  eventId?: string;
  /** The command that appended it; the same for every replay of an Idempotency-Key. */
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  @ApiProperty({ type: RecordingActor, required: false })
  actor?: RecordingActor;
  @BusinessDateProperty({ required: false })
  occurredAt?: BusinessDate;
  @InstantProperty({ required: false })
  recordedAt?: string;
  /** The version of its type's data shape it was written with. */
  @CountProperty({ required: false })
  schemaVersion?: number;
  idempotencyKey?: string;
  /** A hash of the request that carried the Idempotency-Key. */
  requestHash?: string;
  /** SHA-256 chaining the event to the one before it in the stream (tamper evidence; `GET verification`). */
  hash?: string;
}

export class HistoryEntry {
  /** The event's id, as the store keeps it (covered by the hash chain: it keeps a retried command from being recorded twice). */
  @ApiProperty({ format: 'uuid' })
  eventId!: string;
  /** 0-based, gapless position in the customer's stream. */
  @CountProperty()
  revision!: number;
  /** Position in the global log of every stream: increasing, with gaps. */
  @CountProperty()
  position!: number;
  @ApiProperty({ enum: COLLECTION_EVENT_TYPES })
  type!: string;
  /** The event's data exactly as stored (written in the shape of its schema version). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;
  @ApiProperty({ type: HistoryEventMetadata })
  metadata!: HistoryEventMetadata;
  /** The business date it happened on. */
  @BusinessDateProperty()
  occurredAt!: BusinessDate;
  /** When it was recorded. */
  @InstantProperty()
  recordedAt!: string;
}

export class CustomerHistory {
  customerId!: string;
  /** In stream order, from `fromRevision`, at most `maxCount`. */
  @ApiProperty({ type: [HistoryEntry] })
  events!: HistoryEntry[];
}
