import { KeyObject, createHash, sign, verify } from 'node:crypto';
import { canonicalJson } from '@collections/platform';
import type { AnchoredHead } from './store-verification';
import { MerkleStep, merkleProofOf, merkleRootFromProof, merkleRootOf } from './merkle';

/**
 * An anchor: every stream's head (revision and hash) and the store's position at one moment,
 * reduced to a Merkle root and signed with the service's Ed25519 key. Kept outside the store (and
 * the reach of whoever can change it), it shows later what the store held then: a stream that lost
 * its newest events, or whose anchored event changed, no longer matches.
 */
export const ANCHOR_FORMAT = 'collections-anchor/1';

/** What the signature covers. */
export interface AnchorStatement {
  format: typeof ANCHOR_FORMAT;
  createdAt: string;
  /** The store's last global position; null for an empty store. */
  position: number | null;
  streamCount: number;
  /** The Merkle root of the heads, hex. */
  merkleRoot: string;
  /** SHA-256 of the signing key's public key (DER, SPKI), hex: which key signed it. */
  keyId: string;
}

export interface Anchor {
  statement: AnchorStatement;
  /** Sorted by stream id: the Merkle tree's leaves in order. */
  heads: AnchoredHead[];
  /** Ed25519 over the canonical JSON of the statement, base64. */
  signature: string;
}

const sha256 = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();

export const keyIdOf = (publicKey: KeyObject): string => sha256(publicKey.export({ type: 'spki', format: 'der' })).toString('hex');

export function createAnchor(
  heads: readonly AnchoredHead[],
  position: number | undefined,
  createdAt: string,
  keys: { privateKey: KeyObject; publicKey: KeyObject },
): Anchor {
  const sorted = [...heads].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  const statement: AnchorStatement = {
    format: ANCHOR_FORMAT,
    createdAt,
    position: position ?? null,
    streamCount: sorted.length,
    merkleRoot: merkleRootOf(sorted),
    keyId: keyIdOf(keys.publicKey),
  };
  const signature = sign(null, Buffer.from(canonicalJson(statement)), keys.privateKey).toString('base64');
  return { statement, heads: sorted, signature };
}

/**
 * The store ends before the position an anchor recorded: events it held then, at its end, are gone
 * (cut off, or an older copy of the store put back). Stream by stream the heads show which streams
 * lost events; this shows the store as a whole, also when only one customer's stream is verified.
 */
export interface StoreCut {
  /** The store's last global position now; undefined for a store without events. */
  position: number | undefined;
  /** The position the anchor recorded. */
  anchoredPosition: number;
  detail: string;
}

/** The store's position now against the anchor's (positions only grow, so a lower one is a cut); undefined when it holds. */
export function storeCutBelow(statement: Pick<AnchorStatement, 'position'>, position: number | undefined): StoreCut | undefined {
  const anchoredPosition = statement.position;
  if (anchoredPosition === null || (position !== undefined && position >= anchoredPosition)) return undefined;
  const now = position === undefined ? 'holds no events' : `ends at position ${position}`;
  return {
    position,
    anchoredPosition,
    detail: `the anchor recorded the store up to position ${anchoredPosition}; it ${now}: its newest events were cut`,
  };
}

/** Why an anchor cannot be trusted (before any stream is compared with it); empty when it can. */
export function anchorProblems(anchor: Anchor, publicKey: KeyObject): string[] {
  const { statement, heads, signature } = anchor;
  if (statement?.format !== ANCHOR_FORMAT || !Array.isArray(heads) || typeof signature !== 'string') {
    return [`not an anchor of format ${ANCHOR_FORMAT}`];
  }
  const problems = signatureProblems(statement, signature, publicKey);
  if (statement.streamCount !== heads.length || merkleRootOf(heads) !== statement.merkleRoot)
    problems.push('the heads listed are not the ones the statement signed (Merkle root or count differs)');
  return problems;
}

export const ANCHOR_EXCERPT_FORMAT = 'collections-anchor-excerpt/1';

/**
 * One stream's part of an anchor, for people who may see that stream only (an agency, a court):
 * the signed statement, the stream's head and the Merkle proof that the head is one of the
 * statement's leaves. It shows what the anchor recorded of the stream without naming any other.
 */
export interface AnchorExcerpt {
  format: typeof ANCHOR_EXCERPT_FORMAT;
  statement: AnchorStatement;
  signature: string;
  head: AnchoredHead;
  /** From the head's leaf up to the statement's root. */
  proof: MerkleStep[];
}

/** The excerpt of the anchor for one stream; undefined when the anchor does not record it. */
export function anchorExcerptOf(anchor: Anchor, streamId: string): AnchorExcerpt | undefined {
  const index = anchor.heads.findIndex((head) => head.streamId === streamId);
  if (index === -1) return undefined;
  const { statement, signature } = anchor;
  return { format: ANCHOR_EXCERPT_FORMAT, statement, signature, head: anchor.heads[index], proof: merkleProofOf(anchor.heads, index) };
}

export const isAnchorExcerpt = (value: unknown): value is AnchorExcerpt =>
  (value as Partial<AnchorExcerpt> | null)?.format === ANCHOR_EXCERPT_FORMAT;

/** Why an excerpt cannot be trusted: its statement's signature, and its head's proof against the signed root. */
export function anchorExcerptProblems(excerpt: AnchorExcerpt, publicKey: KeyObject): string[] {
  const { statement, signature, head, proof } = excerpt;
  if (
    statement?.format !== ANCHOR_FORMAT ||
    typeof signature !== 'string' ||
    typeof head?.streamId !== 'string' ||
    !Array.isArray(proof) ||
    !proof.every((step) => (step?.side === 'left' || step?.side === 'right') && /^[0-9a-f]{64}$/.test(step.hash))
  ) {
    return [`not an anchor excerpt of format ${ANCHOR_EXCERPT_FORMAT}`];
  }
  const problems = signatureProblems(statement, signature, publicKey);
  if (merkleRootFromProof(head, proof) !== statement.merkleRoot)
    problems.push(`the head of ${head.streamId} is not one the statement signed (its proof leads to another Merkle root)`);
  return problems;
}

function signatureProblems(statement: AnchorStatement, signature: string, publicKey: KeyObject): string[] {
  if (statement.keyId !== keyIdOf(publicKey))
    return [`signed by key ${statement.keyId}, not by the public key given (${keyIdOf(publicKey)})`];
  if (!verify(null, Buffer.from(canonicalJson(statement)), publicKey, Buffer.from(signature, 'base64')))
    return ['the signature does not match the statement'];
  return [];
}
