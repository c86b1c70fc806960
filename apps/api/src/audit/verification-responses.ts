import { ApiProperty } from '@nestjs/swagger';
import type { ChainBreakReason } from '@collections/evidence';
import { CountProperty } from '../openapi/response-properties';

const BREAK_REASONS: readonly ChainBreakReason[] = [
  'hash-mismatch',
  'hash-missing',
  'revision-out-of-order',
  'anchor-hash-mismatch',
  'shorter-than-anchor',
];

/** Where the stream stops verifying. */
export class ChainBreakView {
  /** The first revision that does not verify. */
  @CountProperty()
  revision!: number;
  /** hash-mismatch: its content or place is not what was recorded; hash-missing: its hash was removed; revision-out-of-order: an event moved or went missing. */
  @ApiProperty({ enum: BREAK_REASONS })
  reason!: ChainBreakReason;
  detail!: string;
}

/** The customer's stream checked against its hash chain, read from the event store itself. */
export class CustomerVerification {
  customerId!: string;
  streamId!: string;
  /** True when every event from `chainedFrom` on is where and what its hash says. */
  verified!: boolean;
  /** Events that verified (all of them when `verified`). */
  @CountProperty()
  events!: number;
  /** The revision of the last event that verified; null when none did. */
  @CountProperty({ nullable: true })
  lastRevision!: number | null;
  /** The hash of that event: compare it with an anchor's or an earlier answer's. */
  @ApiProperty({ type: 'string', nullable: true })
  headHash!: string | null;
  /**
   * The first revision that carries a hash: 0 when the whole stream is chained; later for a stream
   * recorded before the chain existed (the events before it are not covered); null when none is.
   */
  @CountProperty({ nullable: true })
  chainedFrom!: number | null;
  /** The first break; null when the stream verifies. */
  @ApiProperty({ type: ChainBreakView, nullable: true })
  broken!: ChainBreakView | null;
}
