import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { anchorExcerptOf, anchorExcerptProblems, createAnchor } from './anchor';
import { merkleProofOf, merkleRootFromProof, merkleRootOf } from './merkle';
import type { AnchoredHead } from './store-verification';

const headsOf = (count: number): AnchoredHead[] =>
  Array.from({ length: count }, (_, i) => ({
    streamId: `collection-C-${String(i).padStart(3, '0')}`,
    revision: i % 7,
    hash: `${i}`.padStart(64, 'a'),
  }));

describe('Merkle inclusion proofs', () => {
  it('given any number of heads, when each head’s proof is followed, then it leads to the root; another head with it does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), (count, pick) => {
        const heads = headsOf(count);
        const root = merkleRootOf(heads);
        const index = pick % count;
        const proof = merkleProofOf(heads, index);
        expect(merkleRootFromProof(heads[index], proof)).toBe(root);
        expect(merkleRootFromProof({ ...heads[index], revision: heads[index].revision + 1 }, proof)).not.toBe(root);
        if (count > 1) expect(merkleRootFromProof(heads[(index + 1) % count], proof)).not.toBe(root);
        // A proof is at most one step a level.
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(count)));
      }),
    );
  });
});

describe('an anchor excerpt', () => {
  const keys = generateKeyPairSync('ed25519');
  const heads = headsOf(5);
  const anchor = createAnchor(heads, 42, '2024-06-30T12:00:00.000Z', keys);

  it('given an anchor, when excerpted for one stream, then it holds that stream’s head and no other stream’s id, and it verifies', () => {
    const excerpt = anchorExcerptOf(anchor, 'collection-C-003');
    expect(excerpt).toMatchObject({ format: 'collections-anchor-excerpt/1', head: heads[3], statement: anchor.statement });
    for (const other of heads.filter((head) => head.streamId !== 'collection-C-003'))
      expect(JSON.stringify(excerpt)).not.toContain(other.streamId);
    expect(anchorExcerptProblems(excerpt!, keys.publicKey)).toEqual([]);
    expect(anchorExcerptOf(anchor, 'collection-NONE')).toBeUndefined();
  });

  it('given an excerpt whose head was edited, or checked with another key, then it is refused, saying why', () => {
    const excerpt = anchorExcerptOf(anchor, 'collection-C-001')!;
    expect(anchorExcerptProblems({ ...excerpt, head: { ...excerpt.head, revision: 9 } }, keys.publicKey)).toEqual([
      'the head of collection-C-001 is not one the statement signed (its proof leads to another Merkle root)',
    ]);
    expect(anchorExcerptProblems({ ...excerpt, statement: { ...excerpt.statement, position: 43 } }, keys.publicKey)).toEqual([
      'the signature does not match the statement',
    ]);
    expect(anchorExcerptProblems(excerpt, generateKeyPairSync('ed25519').publicKey)[0]).toMatch(
      /^signed by key [0-9a-f]{64}, not by the public key given/,
    );
    expect(anchorExcerptProblems({ ...excerpt, proof: [{ side: 'up', hash: 'x' }] } as never, keys.publicKey)).toEqual([
      'not an anchor excerpt of format collections-anchor-excerpt/1',
    ]);
  });
});
