import { createHash } from 'node:crypto';
import { canonicalJson } from '@collections/platform';
import type { AnchoredHead } from './store-verification';

/**
 * The Merkle tree of an anchor's heads (RFC 6962 style: leaves and nodes hashed with different
 * prefixes, so a node can never pass for a leaf; an odd node goes up a level as it is). Its root is
 * what the anchor signs; an inclusion proof shows one head is in it without naming the others.
 */
const sha256 = (...parts: (string | Buffer)[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const leafOf = ({ streamId, revision, hash }: AnchoredHead): Buffer => sha256('\x00', canonicalJson({ streamId, revision, hash }));
const nodeOf = (left: Buffer, right: Buffer): Buffer => sha256('\x01', left, right);

/** One step up from a leaf to the root: the sibling's hash, and on which side it stands. */
export interface MerkleStep {
  side: 'left' | 'right';
  hash: string;
}

/** The root of the heads in the order given (an anchor sorts them by stream id), hex. */
export function merkleRootOf(heads: readonly AnchoredHead[]): string {
  if (heads.length === 0) return sha256('').toString('hex');
  let level = heads.map(leafOf);
  while (level.length > 1) level = levelAbove(level);
  return level[0].toString('hex');
}

/** The siblings from the head at `index` up to the root: with the head, they give the root back. */
export function merkleProofOf(heads: readonly AnchoredHead[], index: number): MerkleStep[] {
  const steps: MerkleStep[] = [];
  let level = heads.map(leafOf);
  let at = index;
  while (level.length > 1) {
    const sibling = at % 2 === 0 ? at + 1 : at - 1;
    // The last node of an odd level has no sibling: it goes up as it is, and the proof has no step.
    if (sibling < level.length) steps.push({ side: at % 2 === 0 ? 'right' : 'left', hash: level[sibling].toString('hex') });
    level = levelAbove(level);
    at = Math.floor(at / 2);
  }
  return steps;
}

/** The root that a head and its proof lead to, hex; the anchor's root if the head is in it. */
export function merkleRootFromProof(head: AnchoredHead, proof: readonly MerkleStep[]): string {
  let node = leafOf(head);
  for (const { side, hash } of proof) {
    const sibling = Buffer.from(hash, 'hex');
    node = side === 'left' ? nodeOf(sibling, node) : nodeOf(node, sibling);
  }
  return node.toString('hex');
}

function levelAbove(level: readonly Buffer[]): Buffer[] {
  const above: Buffer[] = [];
  for (let i = 0; i < level.length; i += 2) above.push(i + 1 < level.length ? nodeOf(level[i], level[i + 1]) : level[i]);
  return above;
}
