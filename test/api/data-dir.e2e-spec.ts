import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import request from 'supertest';

/** The built entry points (`npm run build` first). */
const DIST = join(__dirname, '../../dist/apps');
const API = join(DIST, 'api/src/main.js');
const CLI = join(DIST, 'cli/src/main.js');
const PROJECTOR = join(DIST, 'projector/src/main.js');
const POLICY_ENGINE = join(DIST, 'policy-engine/src/main.js');

interface Run {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts a built entry point as a careless start script would: umask 000, so nothing is masked for it. */
function underUmask000(script: string, args: string[], env: Record<string, string>): Run {
  const child = spawn('/bin/sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, script, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', POLICY_RUN_INTERVAL_MINUTES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits until the process says `ready` (it stays up), or fails with what it said when it ended first. */
async function until(run: Run, ready: RegExp): Promise<RegExpExecArray> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const match = ready.exec(run.output());
    if (match) return match;
    if (run.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never saw ${ready}:\n${run.output()}`);
}

async function stop(run: Run): Promise<void> {
  run.child.kill('SIGTERM');
  await run.exited;
}

/** Every entry under `dir` (the directory itself included) with its permission bits, in octal. */
function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (path: string) => {
    const stat = lstatSync(path);
    found[relative(dir, path) || '.'] = (stat.mode & 0o777).toString(8);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

const privateModes = (dir: string) =>
  Object.fromEntries(Object.entries(modes(dir)).map(([path]) => [path, lstatSync(join(dir, path)).isDirectory() ? '700' : '600']));

/** What an earlier version under umask 000 left: everything open, except the key (see the refusal tests). */
function loosen(dir: string): void {
  for (const path of Object.keys(modes(dir))) {
    // Secrets that grant access are refused when others could have written them, never repaired.
    if (path === 'admin-api-key' || path === 'customer-link-secret') continue;
    chmodSync(join(dir, path), lstatSync(join(dir, path)).isDirectory() ? 0o777 : 0o666);
  }
}

describe("DATA_DIR is the service user's alone", () => {
  let root: string;
  let dataDir: string;
  jest.setTimeout(120_000);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'collections-data-dir-'));
    dataDir = join(root, 'not', 'yet', 'there');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('given umask 000, when the api, the CLI, the projector and the policy engine each run on it, then it is 0700 and every file 0600', async () => {
    // The api creates the directory, the admin key, the event store, the read models, the letters outbox and the engine's state.
    const api = underUmask000(API, [], { DATA_DIR: dataDir, PORT: '0' });
    const [, baseUrl] = await until(api, /listening on (http:\/\/localhost:\d+)/);
    const key = /^ {2}(\S+)$/m.exec(api.output())?.[1] as string;
    await request(baseUrl)
      .post('/customers/C-1/invoices')
      .set('Authorization', `Bearer ${key}`)
      .send({ invoiceId: 'INV-1', amount: 125_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' })
      .expect(201);
    // While it runs: SQLite's -wal and -shm companions take their database's mode.
    const whileRunning = modes(dataDir);
    expect(Object.keys(whileRunning)).toEqual(
      expect.arrayContaining([
        '.',
        'admin-api-key',
        'customer-link-secret',
        'events.sqlite',
        'events.sqlite-wal',
        'events.sqlite-shm',
        'read-models.sqlite',
        'read-models.sqlite-wal',
        'letters.sqlite',
        'letters.sqlite-wal',
        'letters.sqlite-shm',
        'policy-engine.sqlite',
        'policy-engine.sqlite-wal',
      ]),
    );
    expect(whileRunning).toEqual(privateModes(dataDir));
    await stop(api);
    expect(modes(dataDir)).toEqual(privateModes(dataDir));
    for (const parent of [join(root, 'not'), join(root, 'not', 'yet')]) expect((lstatSync(parent).mode & 0o777).toString(8)).toBe('700');

    // The CLI writes letters (.eml files in outbox/), and tightens what an earlier version left open.
    loosen(dataDir);
    const cli = underUmask000(CLI, ['policy', 'run', '--from', '2024-02-06', '--to', '2024-02-16'], { DATA_DIR: dataDir });
    expect({ code: await cli.exited, output: cli.output() }).toEqual({ code: 0, output: expect.stringContaining('Letters: 2 delivered') });
    const afterCli = modes(dataDir);
    expect(Object.keys(afterCli).filter((path) => path.startsWith('outbox/') && path.endsWith('.eml'))).toHaveLength(2);
    expect(afterCli).toEqual(privateModes(dataDir));

    // Each also creates files under the umask it set: the projector its read models, the engine its state.
    loosen(dataDir);
    rmSync(join(dataDir, 'read-models.sqlite'));
    const projector = underUmask000(PROJECTOR, ['--once'], { DATA_DIR: dataDir });
    expect({ code: await projector.exited, output: projector.output() }).toEqual({ code: 0, output: expect.any(String) });
    expect(modes(dataDir)).toEqual(privateModes(dataDir));

    loosen(dataDir);
    rmSync(join(dataDir, 'policy-engine.sqlite'));
    const engine = underUmask000(POLICY_ENGINE, [], { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    await until(engine, /Policy engine running/);
    await stop(engine);
    expect(modes(dataDir)).toEqual(expect.objectContaining({ 'read-models.sqlite': '600', 'policy-engine.sqlite': '600' }));
    expect(modes(dataDir)).toEqual(privateModes(dataDir));
  });

  describe('the admin key file', () => {
    let keyDir: string;
    let keyFile: string;

    beforeEach(() => {
      keyDir = mkdtempSync(join(root, 'key-'));
      keyFile = join(keyDir, 'admin-api-key');
      writeFileSync(keyFile, 'a-key-someone-may-have-planted-0\n', { mode: 0o600 });
    });

    it('given one its group may write, then the api refuses to start, naming the file and the fix', async () => {
      chmodSync(keyFile, 0o620);
      const api = underUmask000(API, [], { DATA_DIR: keyDir, PORT: '0' });
      expect(await api.exited).toBe(1);
      expect(api.output()).toContain(`${keyFile} is writable by its group`);
      expect(api.output()).toContain(`chmod 600 ${keyFile}`);
      // Left as found: repairing it would accept whatever was written into it.
      expect((lstatSync(keyFile).mode & 0o777).toString(8)).toBe('620');
    });

    // Giving a file away takes root; without it, libs/platform's spec covers the rule with another uid.
    const asRoot = process.getuid?.() === 0 ? it : it.skip;
    asRoot('given one owned by another user, then the api refuses to start, naming the file and the fix', async () => {
      chownSync(keyFile, 65534, 65534);
      const api = underUmask000(API, [], { DATA_DIR: keyDir, PORT: '0' });
      expect(await api.exited).toBe(1);
      expect(api.output()).toContain(`${keyFile} belongs to uid 65534`);
      expect(api.output()).toContain(`chown 0 ${keyFile} && chmod 600 ${keyFile}`);
    });
  });
});
