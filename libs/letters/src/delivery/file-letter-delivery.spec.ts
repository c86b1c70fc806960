import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LetterNotDeliverableError } from '../errors';
import { SqliteLetterOutbox } from '../outbox/sqlite-letter-outbox';
import { parseMessage } from '../testing/eml';
import { aLetter } from '../testing/letter-fixtures';
import { FileLetterDelivery } from './file-letter-delivery';
import { LetterDelivery } from './letter-delivery.port';

// The real file system, but a rename that can be made to fail (a full or vanished disk).
const failingRenames: Error[] = [];
jest.mock('node:fs/promises', () => {
  const actual = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
  return {
    ...actual,
    rename: (...args: Parameters<typeof actual.rename>) => {
      const failure = failingRenames.shift();
      return failure === undefined ? actual.rename(...args) : Promise.reject(failure);
    },
  };
});

/** The pid of a process that has ended. */
const deadPid = (): string => spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();

const SENT_AT = new Date('2024-02-20T09:30:00Z');
const FROM = '"Acme Receivables" <receivables@acme.example>';

describe('FileLetterDelivery', () => {
  let directory: string;
  let outboxDirectory: string;
  let delivery: FileLetterDelivery;

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'letters-file-'));
    outboxDirectory = path.join(directory, 'outbox');
    delivery = new FileLetterDelivery({ directory: outboxDirectory, from: FROM, now: () => SENT_AT });
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const files = (): string[] => readdirSync(outboxDirectory).sort();

  it('given an e-mail letter, when delivered, then <letterId>.eml is an RFC 5322 message that parses back to the letter', async () => {
    const letter = aLetter({
      subject: 'Zahlungserinnerung – Rechnung INV-1',
      text: 'Sehr geehrte Damen und Herren,\n\nbitte zahlen Sie €1.250,00.\n.\nEnde\n',
    });

    const receipt = await delivery.deliver(letter);

    expect(receipt).toEqual({ transportId: `file:${letter.letterId}.eml` });
    expect(files()).toEqual([`${letter.letterId}.eml`]);
    const raw = readFileSync(path.join(outboxDirectory, `${letter.letterId}.eml`));
    expect(raw.toString('latin1')).toMatch(/^[\x20-\x7e\r\n\t]*$/); // 7-bit clean: the encoding is nodemailer's
    expect(raw.toString('latin1').replace(/\r\n/g, '')).not.toMatch(/\n/); // CRLF line ends only
    const message = parseMessage(raw);
    expect(message.header('from')).toBe('Acme Receivables <receivables@acme.example>');
    expect(message.header('to')).toBe('payables@buyer.example');
    expect(message.header('subject')).toBe(letter.subject);
    expect(message.header('message-id')).toBe(`<${letter.letterId}@collections>`);
    expect(message.header('date')).toBe('Tue, 20 Feb 2024 09:30:00 +0000');
    expect(message.header('mime-version')).toBe('1.0');
    expect(message.header('content-type')).toBe('text/plain; charset=utf-8');
    expect(message.header('x-collections-letter-id')).toBe(letter.letterId);
    expect(message.header('x-collections-customer-id')).toBe('ACME-1');
    expect(message.header('x-collections-channel')).toBe('email');
    expect(message.header('x-collections-kind')).toBe('reminder');
    expect(message.header('x-collections-level')).toBe('1');
    expect(message.body).toBe(letter.text);
  });

  it("given a letter with its own Reply-To, when delivered, then replies go to the letter's address; one without replies to the sender's", async () => {
    const own = aLetter({ replyTo: `reply+${aLetter().letterId}@replies.acme.example` });
    const older = aLetter({ level: 2 });
    const withSenderReplyTo = new FileLetterDelivery({
      directory: outboxDirectory,
      from: FROM,
      replyTo: 'ar@acme.example',
      now: () => SENT_AT,
    });

    await withSenderReplyTo.deliver(own);
    await withSenderReplyTo.deliver(older);

    const read = (letterId: string) => parseMessage(readFileSync(path.join(outboxDirectory, `${letterId}.eml`)));
    expect(read(own.letterId).header('reply-to')).toBe(own.replyTo);
    expect(read(older.letterId).header('reply-to')).toBe('ar@acme.example');
  });

  it('given a letter with its HTML, when delivered, then the message is multipart/alternative with the text and the HTML', async () => {
    const letter = aLetter({
      text: 'Please pay €1,250.00.\n',
      html: '<!DOCTYPE html>\n<html><body><p>Please pay €1,250.00.</p><table><tr><td>INV-1</td></tr></table></body></html>\n',
    });

    await delivery.deliver(letter);

    const message = parseMessage(readFileSync(path.join(outboxDirectory, `${letter.letterId}.eml`)));
    expect(message.header('content-type')).toMatch(/^multipart\/alternative; boundary=/);
    expect(message.parts.map((part) => part.header('content-type'))).toEqual(['text/plain; charset=utf-8', 'text/html; charset=utf-8']);
    expect(message.part('text/plain')?.body).toBe(letter.text);
    expect(message.part('text/html')?.body).toBe(letter.html);
  });

  it('given a postal letter without an address, when delivered, then the file has no To header and the same text', async () => {
    const letter = aLetter({ channel: 'letter', to: undefined });

    await delivery.deliver(letter);

    const message = parseMessage(readFileSync(path.join(outboxDirectory, `${letter.letterId}.eml`)));
    expect(message.header('to')).toBeUndefined();
    expect(message.header('x-collections-channel')).toBe('letter');
    expect(message.body).toBe(letter.text);
  });

  it('given a letter delivered before, when delivered again, then there is still exactly one file, unchanged', async () => {
    const letter = aLetter();
    const first = await delivery.deliver(letter);
    const written = readFileSync(path.join(outboxDirectory, `${letter.letterId}.eml`));

    const later = new FileLetterDelivery({ directory: outboxDirectory, from: FROM, now: () => new Date('2024-02-21T00:00:00Z') });
    const second = await later.deliver(letter);

    expect(second).toEqual(first);
    expect(files()).toEqual([`${letter.letterId}.eml`]);
    expect(readFileSync(path.join(outboxDirectory, `${letter.letterId}.eml`))).toEqual(written);
  });

  it('given the file was written but the outbox never marked it (a crash), when the outbox runs, then no second file appears and the letter is marked', async () => {
    const outbox = new SqliteLetterOutbox(path.join(directory, 'letters.sqlite'));
    try {
      const letter = aLetter();
      await outbox.store(letter);
      await delivery.deliver(letter); // the transport's part happened; the mark did not

      const run = await outbox.deliverPending(delivery, { now: '2024-02-20T10:00:00Z' });

      expect(run.delivered).toEqual([{ letterId: letter.letterId, transportId: `file:${letter.letterId}.eml` }]);
      expect(files()).toEqual([`${letter.letterId}.eml`]);
      expect(await outbox.deliverPending(delivery, { now: '2024-02-20T11:00:00Z' })).toEqual({ delivered: [], failed: [] });
    } finally {
      await outbox.close();
    }
  });

  it('given several letters through the outbox, when delivered, then one file each and no temporary files are left', async () => {
    const outbox = new SqliteLetterOutbox(path.join(directory, 'letters.sqlite'));
    try {
      const letters = [aLetter({ level: 1 }), aLetter({ level: 2 }), aLetter({ level: 3, channel: 'sms', to: undefined })];
      for (const letter of letters) await outbox.store(letter);

      await outbox.deliverPending(delivery, { now: '2024-02-20T10:00:00Z' });

      expect(readdirSync(outboxDirectory, { withFileTypes: false }).sort()).toEqual(
        letters.map((letter) => `${letter.letterId}.eml`).sort(),
      );
    } finally {
      await outbox.close();
    }
  });

  it("given temporary files left by a writer that was killed, when the next letter is delivered, then they are gone and a live writer's stays", async () => {
    // given: a process that has ended, and one that runs (this test's parent)
    const dead = deadPid();
    const killed = `.${aLetter({ level: 3 }).letterId}.eml.${dead}.00000000-0000-4000-8000-000000000001.tmp`;
    const live = `.${aLetter({ level: 4 }).letterId}.eml.${process.ppid}.00000000-0000-4000-8000-000000000002.tmp`;
    const oldStyle = `.${aLetter({ level: 5 }).letterId}.eml.00000000-0000-4000-8000-000000000003.tmp`;
    mkdirSync(outboxDirectory, { recursive: true });
    for (const name of [killed, live, oldStyle]) writeFileSync(path.join(outboxDirectory, name), 'partial');
    const eleven = new Date(Date.now() - 11 * 60_000);
    utimesSync(path.join(outboxDirectory, oldStyle), eleven, eleven);
    const letter = aLetter();

    // when
    await delivery.deliver(letter);

    // then
    expect(files()).toEqual([live, `${letter.letterId}.eml`].sort());
  });

  it('given a write that fails after its temporary file was made, when delivered, then it fails with that error and leaves no file behind', async () => {
    failingRenames.push(Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' }));

    await expect(delivery.deliver(aLetter())).rejects.toThrow('ENOSPC');

    expect(files()).toEqual([]);
    // and the next hand-over writes the letter whole
    await delivery.deliver(aLetter());
    expect(files()).toEqual([`${aLetter().letterId}.eml`]);
  });

  it('given a run killed while writing a letter it had claimed, when the next run finds nothing due, then it still removes the temporary file and reports the letter as claimed', async () => {
    // given: the killed run claimed the letter and got as far as its temporary file
    const outbox = new SqliteLetterOutbox(path.join(directory, 'letters.sqlite'));
    try {
      const letter = aLetter();
      await outbox.store(letter);
      const leftBehind = `.${letter.letterId}.eml.${deadPid()}.00000000-0000-4000-8000-000000000009.tmp`;
      let killed!: () => void;
      const dying: LetterDelivery = {
        deliver: () => {
          mkdirSync(outboxDirectory, { recursive: true });
          writeFileSync(path.join(outboxDirectory, leftBehind), 'From: half a messa');
          killed();
          return new Promise(() => undefined); // the process is gone: this never settles
        },
      };
      const wasKilled = new Promise<void>((resolve) => (killed = resolve));
      void outbox.deliverPending(dying, { now: '2024-02-20T10:00:00.000Z' });
      await wasKilled;

      // when: the next run, five minutes later, with a new transport
      const rerun = await outbox.deliverPending(delivery, { now: '2024-02-20T10:05:00.000Z' });

      // then
      expect(rerun).toEqual({ delivered: [], failed: [] });
      expect(files()).toEqual([]);
      expect(await outbox.pendingLetters('2024-02-20T10:05:00.000Z')).toEqual({
        pending: 1,
        claimed: 1,
        claimedUntil: '2024-02-20T10:10:00.000Z',
      });
      // and once the claim lapses, the letter goes, whole
      expect((await outbox.deliverPending(delivery, { now: '2024-02-20T10:10:00.000Z' })).delivered).toHaveLength(1);
      expect(files()).toEqual([`${letter.letterId}.eml`]);
    } finally {
      await outbox.close();
    }
  });

  it('given a temporary file older than any write, whose pid now names a live process, when a run starts, then it is removed', async () => {
    // given: the pid was reused by a live process (this test's parent)
    const stale = `.${aLetter().letterId}.eml.${process.ppid}.00000000-0000-4000-8000-000000000004.tmp`;
    mkdirSync(outboxDirectory, { recursive: true });
    writeFileSync(path.join(outboxDirectory, stale), 'partial');
    const eleven = new Date(Date.now() - 11 * 60_000);
    utimesSync(path.join(outboxDirectory, stale), eleven, eleven);

    // when
    await delivery.prepare();

    // then
    expect(files()).toEqual([]);
  });

  it('given a file of another pattern in the folder, when a run starts, then it is left alone', async () => {
    mkdirSync(outboxDirectory, { recursive: true });
    const others = ['.printer-lock.tmp', `.${aLetter().letterId}.eml.${deadPid()}.tmp`, 'notes.tmp'];
    for (const name of others) writeFileSync(path.join(outboxDirectory, name), 'not ours');
    const eleven = new Date(Date.now() - 11 * 60_000);
    for (const name of others) utimesSync(path.join(outboxDirectory, name), eleven, eleven);

    await delivery.prepare();

    expect(files()).toEqual([...others].sort());
  });

  it('given the outbox directory cannot be written, when delivered, then it fails (and the outbox would keep the letter pending)', async () => {
    writeFileSync(outboxDirectory, 'not a directory');
    await expect(delivery.deliver(aLetter())).rejects.toThrow(/EEXIST|ENOTDIR/);
  });

  it('given a letter id that could name another file, when delivered, then it is refused', async () => {
    await expect(delivery.deliver(aLetter({ letterId: '../escape' }))).rejects.toThrow(LetterNotDeliverableError);
    await expect(delivery.deliver(aLetter({ letterId: '.hidden' }))).rejects.toThrow(LetterNotDeliverableError);
  });
});
