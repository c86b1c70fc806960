import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { runCli } from '../cli/run-cli';
import { changeAmount, deleteNewest, tamper, writeBook } from './tamper';

const cli = (dataDir: string, ...args: string[]) => runCli(args, { DATA_DIR: dataDir });

describe('npm run cli -- anchor, and verify --anchor', () => {
  let dataDir: string;
  let anchors: string;
  let anchorFile: string;
  jest.setTimeout(30_000);

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'anchor-'));
    anchors = mkdtempSync(join(tmpdir(), 'anchors-'));
    await writeBook(dataDir, ['C-1', 'C-2', 'C-3']);
    const { code, stdout } = await cli(dataDir, 'anchor', '--to', anchors);
    expect(stdout).toMatch(/^Generated the anchor signing key in .*\n-----BEGIN PUBLIC KEY-----\n/);
    expect(stdout).toMatch(/Anchored 3 streams at position 12 in .*anchor-.*\.json \(Merkle root [0-9a-f]{64}\)\.\n$/);
    expect(code).toBe(0);
    anchorFile = join(anchors, readdirSync(anchors)[0]);
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(anchors, { recursive: true, force: true });
  });

  it('given an anchor, when more is recorded after it, then the store still verifies against it', async () => {
    await writeBook(dataDir, ['C-4']);
    const { code, stdout } = await cli(dataDir, 'verify', '--anchor', anchorFile);
    expect(stdout).toMatch(/: signature holds\.\nVerified 16 events in 4 streams: every chain holds\.\n$/);
    expect(code).toBe(0);
    // The key is generated once: a second anchor uses it and prints no key.
    expect((await cli(dataDir, 'anchor', '--to', anchors)).stdout).toMatch(/^Anchored 4 streams/);
    expect(statSync(join(dataDir, 'anchor-signing-key.pem')).mode & 0o077).toBe(0);
  });

  it('given the newest event of a stream deleted after the anchor, when verified against it, then the stream and the lost revision are named', async () => {
    tamper(dataDir, (db) => deleteNewest(db, 'collection-C-1'));
    const { code, stderr } = await cli(dataDir, 'verify', '--anchor', anchorFile);
    expect(stderr).toMatch(/^error: collection-C-1 at revision 3: shorter-than-anchor: /);
    expect(code).toBe(1);
    const one = await cli(dataDir, 'verify', '--customer', 'C-1', '--anchor', anchorFile);
    expect(one.stderr).toMatch(/^error: collection-C-1 at revision 3: shorter-than-anchor: /);
    expect(one.code).toBe(1);
  });

  it("given the store's newest event deleted after the anchor, when verified against it, then the store's cut below the anchored position is named too", async () => {
    // The newest event of the store is C-3's last, at the anchored position 12.
    tamper(dataDir, (db) => deleteNewest(db, 'collection-C-3'));
    const all = await cli(dataDir, 'verify', '--anchor', anchorFile);
    expect(all.stderr).toBe(
      'error: collection-C-3 at revision 3: shorter-than-anchor: the anchor recorded it up to revision 3; the store holds up to revision 2\n' +
        'error: the store at position 11: cut-below-anchor: the anchor recorded the store up to position 12; it ends at position 11: its newest events were cut\n' +
        "Verification FAILED: 1 of 11 events in 3 streams do not verify; the first is collection-C-3 at revision 3; and the store ends before the anchor's position 12.\n",
    );
    expect(all.code).toBe(1);

    // Another customer's stream holds what the anchor recorded of it, but the store as a whole was cut.
    const other = await cli(dataDir, 'verify', '--customer', 'C-1', '--anchor', anchorFile);
    expect(other.stderr).toBe(
      'error: the store at position 11: cut-below-anchor: the anchor recorded the store up to position 12; it ends at position 11: its newest events were cut\n' +
        "Verification FAILED: 4 events in 1 stream verify, but the store ends before the anchor's position 12.\n",
    );
    expect(other.code).toBe(1);
  });

  it('given a store that does not verify, when anchored, then no anchor is written', async () => {
    tamper(dataDir, (db) => changeAmount(db, 'collection-C-2', 1, 5));
    const { code, stderr } = await cli(dataDir, 'anchor', '--to', anchors);
    expect(stderr).toMatch(/^error: collection-C-2 at revision 1: hash-mismatch: .*\nNo anchor written/);
    expect(code).toBe(1);
    expect(readdirSync(anchors)).toHaveLength(1);
  });

  it('given an anchor whose recorded heads were edited, when verified, then it is refused before any stream is compared', async () => {
    const edited = JSON.parse(readFileSync(anchorFile, 'utf8'));
    edited.heads[0].revision = 2;
    writeFileSync(anchorFile, JSON.stringify(edited));
    const { code, stderr } = await cli(dataDir, 'verify', '--anchor', anchorFile);
    expect(stderr).toBe(
      `error: anchor ${anchorFile}: the heads listed are not the ones the statement signed (Merkle root or count differs)\n`,
    );
    expect(code).toBe(1);
  });

  it('given another public key than the signing one, when verified, then the anchor is refused', async () => {
    const other = join(anchors, 'other.pub.pem');
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const { code, stderr } = await cli(dataDir, 'verify', '--anchor', anchorFile, '--public-key', other);
    expect(stderr).toMatch(/^error: anchor .*: signed by key [0-9a-f]{64}, not by the public key given/);
    expect(code).toBe(1);
  });
});
