import type { RecordedEvent } from '@collections/event-store';
import { chainHash, storedHashOf } from './chain';

export type ChainBreakReason =
  /** The stored hash is not the hash of the event's content after its predecessor: changed, or moved. */
  | 'hash-mismatch'
  /** An event without a hash after chained events: its hash was removed, or it was put there later. */
  | 'hash-missing'
  /** The stream's revisions are not 0, 1, 2… in the order the store holds them: an event moved or went missing. */
  | 'revision-out-of-order'
  /** The anchor recorded another hash at this revision. */
  | 'anchor-hash-mismatch'
  /** The anchor recorded the stream up to this revision; the store no longer holds it. */
  | 'shorter-than-anchor';

export interface ChainBreak {
  streamId: string;
  /** The first revision that does not verify. */
  revision: number;
  reason: ChainBreakReason;
  detail: string;
}

/** One stream as verified: how far, where its chain starts, and its first break. */
export interface StreamVerification {
  streamId: string;
  events: number;
  /** The revision of its last event; undefined for a stream the store does not have. */
  lastRevision: number | undefined;
  /** The verified hash of its last event (its link): what an anchor records of it. */
  headHash: string | undefined;
  /**
   * The first revision that carries a hash; 0 for a stream chained from its start, later for a
   * stream recorded before the chain existed (the events before it are not covered), undefined
   * when no event of it has one.
   */
  chainedFrom: number | undefined;
  broken: ChainBreak | undefined;
}

/**
 * Checks a stream's events in the order the store holds them, one at a time, so that a pass over
 * the whole store keeps only a few fields per stream. Stops at the stream's first break.
 */
export class StreamChainCheck {
  private events = 0;
  private lastRevision: number | undefined;
  private headHash: string | undefined;
  /** The stored hash of the last event, which the next one chains to (null: none). */
  private previousHash: string | null = null;
  private chainedFrom: number | undefined;
  private broken: ChainBreak | undefined;
  /** Verified hashes at the revisions an anchor asks about. */
  readonly hashesAt = new Map<number, string>();

  constructor(
    readonly streamId: string,
    private readonly watchedRevision?: number,
  ) {}

  /** Adds the stream's next event as the store gives it; false once the stream is broken. */
  add(event: RecordedEvent): boolean {
    if (this.broken) return false;
    const expectedRevision = this.lastRevision === undefined ? 0 : this.lastRevision + 1;
    if (event.revision !== expectedRevision) {
      // The first revision not as recorded is the one that should have come here (missing or moved).
      return this.fail(expectedRevision, 'revision-out-of-order', `expected revision ${expectedRevision} here, found ${event.revision}`);
    }
    const stored = storedHashOf(event.metadata);
    const computed = chainHash(event, this.previousHash);
    if (stored === undefined && this.chainedFrom !== undefined) {
      return this.fail(event.revision, 'hash-missing', `no hash, after a chain that starts at revision ${this.chainedFrom}`);
    }
    if (stored !== undefined && stored !== computed) {
      return this.fail(event.revision, 'hash-mismatch', `the ${event.type} event's content or place does not match its hash`);
    }
    if (stored !== undefined && this.chainedFrom === undefined) this.chainedFrom = event.revision;
    this.events++;
    this.lastRevision = event.revision;
    this.headHash = computed;
    this.previousHash = stored ?? null;
    if (event.revision === this.watchedRevision) this.hashesAt.set(event.revision, computed);
    return true;
  }

  /** The stream checked against what an anchor recorded of it (its revision and hash then). */
  checkAnchoredHead(revision: number, hash: string): void {
    if (this.broken) return;
    const found = this.hashesAt.get(revision);
    if (found === undefined) {
      const held = this.lastRevision === undefined ? 'no events' : `up to revision ${this.lastRevision}`;
      this.fail(revision, 'shorter-than-anchor', `the anchor recorded it up to revision ${revision}; the store holds ${held}`);
    } else if (found !== hash) {
      this.fail(revision, 'anchor-hash-mismatch', `the anchor recorded another hash at revision ${revision}`);
    }
  }

  result(): StreamVerification {
    const { streamId, events, lastRevision, headHash, chainedFrom, broken } = this;
    return { streamId, events, lastRevision, headHash, chainedFrom, broken };
  }

  private fail(revision: number, reason: ChainBreakReason, detail: string): false {
    this.broken = { streamId: this.streamId, revision, reason, detail };
    return false;
  }
}
