import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { loadConfig } from '@collections/config';
import { SettableClock } from '@collections/domain';
import { SqliteEventStore } from '@collections/event-store';
import { ANCHOR_PUBLIC_KEY_FILE, Anchor, anchorProblems, publicKeyFrom } from '@collections/evidence';
import { SmtpTestServer } from '@collections/letters/testing/smtp-test-server';
import { AnchorSchedule, createEngineContext } from '@collections/policy-engine';
import { changeAmount, tamper, writeBookTo } from './tamper';

/**
 * ANCHOR_DIR, ANCHOR_EVERY_MINUTES and ANCHOR_MAIL_TO where the policy engine is hosted. Only the
 * interval timers are faked: the schedule's turn comes when the test advances them, while the
 * store, the event processor and SMTP run on real time.
 */
const EVERY_MINUTES = 15;

describe('scheduled anchors, where the policy engine is hosted', () => {
  let root: string;
  let dataDir: string;
  let anchors: string;
  let store: SqliteEventStore;
  let server: SmtpTestServer;
  let clock: SettableClock;
  let app: INestApplicationContext | undefined;
  let schedule: AnchorSchedule;
  let errors: jest.SpyInstance;

  beforeEach(async () => {
    // Everything but setInterval and clearInterval runs on real time.
    jest.useFakeTimers({
      doNotFake: [
        'Date',
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
      ],
    });
    root = mkdtempSync(join(tmpdir(), 'scheduled-anchors-'));
    dataDir = join(root, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    anchors = join(root, 'anchors');
    server = await SmtpTestServer.start();
    store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    await writeBookTo(store, ['C-1', 'C-2', 'C-3']);
    clock = new SettableClock('2024-03-01T10:00:00.000Z');
    errors = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    jest.useRealTimers();
    errors.mockRestore();
    await store.close();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** The engine as its process hosts it, with the anchors' settings; resolves once the anchor at start is done. */
  async function startEngine(env: Record<string, string> = {}, { hosted = true } = {}): Promise<void> {
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      POLICY_RUN_INTERVAL_MINUTES: '0',
      ANCHOR_DIR: anchors,
      ANCHOR_EVERY_MINUTES: String(EVERY_MINUTES),
      ...env,
    });
    app = await createEngineContext(config, { hosted, clock, eventStore: store, logger: false });
    await app.init();
    schedule = app.get(AnchorSchedule);
    await schedule.whenIdle();
  }
  const withMail = {
    SMTP_HOST: '127.0.0.1',
    LETTERS_FROM: 'Receivables <receivables@seller.example>',
    ANCHOR_MAIL_TO: 'audit@auditors.example,partner@auditors.example',
  };
  async function nextTurn(at: string): Promise<void> {
    clock.set(at);
    jest.advanceTimersByTime(EVERY_MINUTES * 60_000);
    await schedule.whenIdle();
  }
  const anchorFiles = () => (existsSync(anchors) ? readdirSync(anchors).sort() : []);
  const readAnchor = (file: string) => JSON.parse(readFileSync(join(anchors, file), 'utf8')) as Anchor;
  const publicKeyPem = () => readFileSync(join(dataDir, ANCHOR_PUBLIC_KEY_FILE), 'utf8');

  it("given ANCHOR_DIR, when the engine starts and every ANCHOR_EVERY_MINUTES after, then a signed anchor of the store is written, dated by the engine's clock", async () => {
    await startEngine();
    expect(anchorFiles()).toHaveLength(1);
    const first = readAnchor(anchorFiles()[0]);
    expect(first.statement).toMatchObject({ createdAt: '2024-03-01T10:00:00.000Z', streamCount: 3, position: 12 });
    expect(anchorProblems(first, publicKeyFrom(publicKeyPem()))).toEqual([]);

    await writeBookTo(store, ['C-4']);
    await nextTurn('2024-03-01T10:15:00.000Z');

    const files = anchorFiles();
    expect(files).toHaveLength(2);
    expect(readAnchor(files[1]).statement).toMatchObject({ createdAt: '2024-03-01T10:15:00.000Z', streamCount: 4, position: 16 });
    expect(errors).not.toHaveBeenCalled();

    // When the engine shuts down, its timers stop: no turn comes any more.
    await app?.close();
    app = undefined;
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(3 * EVERY_MINUTES * 60_000);
    expect(anchorFiles()).toEqual(files);
  });

  it('given ANCHOR_MAIL_TO, when an anchor is written, then it is e-mailed to the auditors with the anchor and the public key attached', async () => {
    await startEngine({ ...withMail, SMTP_PORT: String(server.port) });

    const [file] = anchorFiles();
    const anchor = readAnchor(file);
    expect(server.received).toHaveLength(1);
    const [{ mailFrom, rcptTo, message }] = server.received;
    expect(mailFrom).toBe('receivables@seller.example');
    expect(rcptTo).toEqual(['audit@auditors.example', 'partner@auditors.example']);
    expect(message.header('message-id')).toBe(`<${basename(file, '.json')}@collections>`);
    expect(message.header('subject')).toBe('Collections anchor of 2024-03-01T10:00:00.000Z: 3 streams at position 12');
    expect(message.header('x-collections-anchor-merkle-root')).toBe(anchor.statement.merkleRoot);
    expect(message.part('text/plain')?.body).toContain(`Merkle root  ${anchor.statement.merkleRoot}`);
    expect(message.part('application/json')?.body).toBe(readFileSync(join(anchors, file), 'utf8'));
    expect(message.part('application/json')?.header('content-disposition')).toMatch(new RegExp(`^attachment; filename=${file}$`));
    expect(message.part('application/x-pem-file')?.body).toBe(publicKeyPem());
  });

  it('given the mail server refusing, when anchors are written, then each file is written regardless and the refused mail goes out after the next anchor', async () => {
    server.refuseMessages(451, 'Requested action aborted: local error in processing');
    await startEngine({ ...withMail, SMTP_PORT: String(server.port) });

    const [first] = anchorFiles();
    expect(server.received).toEqual([]);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`^Mailing ${first} failed \\(1 anchors await mail;`)));

    server.acceptMessages();
    await nextTurn('2024-03-01T10:15:00.000Z');

    const files = anchorFiles();
    expect(files).toHaveLength(2);
    expect(server.received.map(({ message }) => message.header('message-id'))).toEqual(
      files.map((file) => `<${basename(file, '.json')}@collections>`),
    );
  });

  it('given a store whose chain does not verify, when its turn comes, then no anchor is written, the refusal is logged, and the schedule goes on', async () => {
    tamper(dataDir, (db) => changeAmount(db, 'collection-C-2', 1, 5));
    await startEngine();

    expect(anchorFiles()).toEqual([]);
    expect(errors).toHaveBeenCalledWith(
      expect.stringMatching(/^No anchor written: 1 stream does not verify; the first is collection-C-2 at revision 1 \(hash-mismatch: /),
    );

    // Put back as it was, the store verifies, and the next turn anchors it.
    tamper(dataDir, (db) => changeAmount(db, 'collection-C-2', 1, 2_000));
    await nextTurn('2024-03-01T10:15:00.000Z');
    expect(anchorFiles()).toHaveLength(1);
  });

  it('given the engine not hosted (the CLI, an api with POLICY_ENGINE=off), then no anchor is scheduled', async () => {
    await startEngine({}, { hosted: false });
    expect(jest.getTimerCount()).toBe(0);
    expect(anchorFiles()).toEqual([]);
  });
});
