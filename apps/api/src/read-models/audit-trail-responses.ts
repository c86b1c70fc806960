import { ApiProperty } from '@nestjs/swagger';
import { BusinessDate, COLLECTION_EVENT_TYPES, CurrencyCode } from '@collections/domain';
import type * as projections from '@collections/projections';
import { RecordingActor } from '../audit/history-responses';
import { BusinessDateProperty, CountProperty, CurrencyProperty, InstantProperty, MinorUnitsProperty } from '../openapi/response-properties';

/** What GET /audit-trails/:customerId answers: the projection's trail, described. */

export class BalanceAfter {
  @CurrencyProperty() currency!: CurrencyCode;
  /** The customer's open minor units in that currency. */
  @MinorUnitsProperty() balance!: number;
}

export class AuditEntry implements projections.AuditEntry {
  customerId!: string;
  /** 0-based position in the customer's stream. */
  @CountProperty() revision!: number;
  /** Position in the global log of every stream. */
  @CountProperty() position!: number;
  @ApiProperty({ enum: COLLECTION_EVENT_TYPES })
  type!: projections.AuditEntry['type'];
  /** The business date it happened on. */
  @BusinessDateProperty() occurredAt!: BusinessDate;
  /** When it was recorded. */
  @InstantProperty() recordedAt!: string;
  /** Who did it. */
  @ApiProperty({ type: RecordingActor })
  actor!: RecordingActor;
  /** The reason, note or description the actor gave; null when none. */
  why!: string | null;
  /** The invoices it touched. */
  invoiceIds!: string[];
  /** The event's data, in its current shape. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: projections.AuditEntry['data'];
  /** The customer's open balance per currency right after it. */
  @ApiProperty({ type: [BalanceAfter] })
  balanceAfter!: BalanceAfter[];
}

export class AuditTrail {
  customerId!: string;
  /** In stream order. */
  @ApiProperty({ type: [AuditEntry] })
  entries!: AuditEntry[];
}
