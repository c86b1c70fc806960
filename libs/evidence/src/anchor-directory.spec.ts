import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnchor } from './anchor';
import { latestAnchorCovering } from './anchor-directory';
import type { AnchoredHead } from './store-verification';

describe('the latest anchor covering a stream', () => {
  const keys = generateKeyPairSync('ed25519');
  let dir: string;
  const head = (streamId: string, revision: number): AnchoredHead => ({ streamId, revision, hash: `${revision}`.repeat(64).slice(0, 64) });
  /** An anchor file as `anchor --to` names it. */
  const writeAnchor = (createdAt: string, heads: AnchoredHead[]) => {
    const file = `anchor-${createdAt.replace(/[:.]/g, '-')}.json`;
    writeFileSync(join(dir, file), JSON.stringify(createAnchor(heads, heads.length, createdAt, keys)));
    return file;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'anchors-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given anchors made hourly, when asked for a stream in all of them, then the newest is found with its head of the stream', async () => {
    writeAnchor('2026-12-05T20:00:00.000Z', [head('collection-C-1', 3)]);
    const newest = writeAnchor('2026-12-05T22:00:00.000Z', [head('collection-C-1', 5), head('collection-C-2', 1)]);
    writeAnchor('2026-12-05T21:00:00.000Z', [head('collection-C-1', 4)]);

    const search = await latestAnchorCovering(dir, 'collection-C-1');

    expect(search).toMatchObject({ found: true, file: newest, head: head('collection-C-1', 5), unreadable: [] });
    expect(search.found && search.anchor.statement.createdAt).toBe('2026-12-05T22:00:00.000Z');
    // The file as kept, byte for byte, for whoever compares it with a copy kept elsewhere.
    expect(search.found && search.content).toBe(readFileSync(join(dir, newest), 'utf8'));
  });

  it('given a newer anchor that does not record the stream, when asked, then the latest one that does is found', async () => {
    const covering = writeAnchor('2026-12-05T20:00:00.000Z', [head('collection-C-1', 3)]);
    writeAnchor('2026-12-05T21:00:00.000Z', [head('collection-C-2', 0)]);

    expect(await latestAnchorCovering(dir, 'collection-C-1')).toMatchObject({ found: true, file: covering });
  });

  it('given a stream no anchor records, when asked, then none is found and the reason says so', async () => {
    writeAnchor('2026-12-05T20:00:00.000Z', [head('collection-C-1', 3)]);

    expect(await latestAnchorCovering(dir, 'collection-C-9')).toEqual({
      found: false,
      reason: 'none of the 1 anchor in the anchor directory records collection-C-9 (it was first recorded after the newest)',
      unreadable: [],
    });
  });

  it('given a newest file that is not an anchor, when asked, then it is passed over and named, and other files are ignored', async () => {
    const covering = writeAnchor('2026-12-05T20:00:00.000Z', [head('collection-C-1', 3)]);
    writeFileSync(join(dir, 'anchor-2026-12-05T23-00-00-000Z.json'), '{"statement":');
    writeFileSync(join(dir, 'anchor-2026-12-05T23-30-00-000Z.json'), JSON.stringify({ statement: { format: 'other/1' }, heads: [] }));
    writeFileSync(join(dir, 'notes.txt'), 'not an anchor');

    expect(await latestAnchorCovering(dir, 'collection-C-1')).toMatchObject({
      found: true,
      file: covering,
      unreadable: ['anchor-2026-12-05T23-30-00-000Z.json', 'anchor-2026-12-05T23-00-00-000Z.json'],
    });
  });

  it('given an empty directory, or none at all, when asked, then none is found and the reason says which', async () => {
    expect(await latestAnchorCovering(dir, 'collection-C-1')).toEqual({
      found: false,
      reason: 'the anchor directory holds no anchor',
      unreadable: [],
    });
    expect(await latestAnchorCovering(join(dir, 'missing'), 'collection-C-1')).toEqual({
      found: false,
      reason: 'the anchor directory does not exist',
      unreadable: [],
    });
  });
});
