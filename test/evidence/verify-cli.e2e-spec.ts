import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/run-cli';
import { changeAmount, deleteNewest, swap, tamper, writeBook } from './tamper';

const cli = (dataDir: string, ...args: string[]) => runCli(args, { DATA_DIR: dataDir });

describe('npm run cli -- verify', () => {
  let dataDir: string;
  jest.setTimeout(30_000);

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'verify-'));
    await writeBook(dataDir, ['C-1', 'C-2', 'C-3']);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given a book written through the command side, when verified, then every chain holds', async () => {
    const { code, stdout, stderr } = await cli(dataDir, 'verify');
    expect(stderr).toBe('');
    expect(stdout).toBe('Verified 12 events in 3 streams: every chain holds.\n');
    expect(code).toBe(0);
  });

  it("given one event's data changed in the SQLite file, when verified, then its stream and revision are named", async () => {
    tamper(dataDir, (db) => changeAmount(db, 'collection-C-2', 2, 40));
    const { code, stderr } = await cli(dataDir, 'verify');
    expect(stderr).toMatch(/^error: collection-C-2 at revision 2: hash-mismatch: /);
    expect(stderr).toMatch(/the first is collection-C-2 at revision 2\.\n$/);
    expect(code).toBe(1);
  });

  it('given two events of a stream swapped, when verified, then the first moved revision is named', async () => {
    tamper(dataDir, (db) => swap(db, 'collection-C-3', 1, 2));
    const { code, stderr } = await cli(dataDir, 'verify');
    expect(stderr).toMatch(/^error: collection-C-3 at revision 1: hash-mismatch: /);
    expect(code).toBe(1);
  });

  it("given only one customer's stream is asked for, when another stream was changed, then that customer's still verifies", async () => {
    tamper(dataDir, (db) => changeAmount(db, 'collection-C-2', 0, 1));
    const other = await cli(dataDir, 'verify', '--customer', 'C-1');
    expect(other).toMatchObject({ code: 0, stdout: 'Verified 4 events in 1 stream: every chain holds.\n' });
    const changed = await cli(dataDir, 'verify', '--customer', 'C-2');
    expect(changed.stderr).toMatch(/^error: collection-C-2 at revision 0: hash-mismatch/);
    expect(changed.code).toBe(1);
    const unknown = await cli(dataDir, 'verify', '--customer', 'NOBODY');
    expect(unknown).toMatchObject({ code: 1, stderr: 'error: customer NOBODY has no stream (collection-NOBODY)\n' });
  });

  it('given the newest event of a stream deleted, when verified without an anchor, then the chain alone cannot tell', async () => {
    // What is left is a valid chain: only an anchor's recorded head shows the loss (see the anchor tests).
    tamper(dataDir, (db) => deleteNewest(db, 'collection-C-1'));
    const { code, stdout } = await cli(dataDir, 'verify');
    expect(stdout).toBe('Verified 11 events in 3 streams: every chain holds.\n');
    expect(code).toBe(0);
  });
});
