import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { aLetter } from '../testing/letter-fixtures';
import { SqliteLetterOutbox } from './sqlite-letter-outbox';

// What every outbox does is the LetterOutbox contract (letter-outbox.contract.ts), run against this
// adapter by test/letters/letter-outbox.contract-spec.ts. Here: what only the SQLite file has.
describe('SqliteLetterOutbox', () => {
  let directory: string;
  let file: string;
  const open: SqliteLetterOutbox[] = [];
  const openOutbox = (): SqliteLetterOutbox => {
    const outbox = new SqliteLetterOutbox(file);
    open.push(outbox);
    return outbox;
  };

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'letters-outbox-'));
    file = path.join(directory, 'letters.sqlite');
  });

  afterEach(async () => {
    for (const outbox of open.splice(0)) await outbox.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('given an outbox file of the first schema (text only), when opened, then its letters read as before and new ones keep their HTML', async () => {
    const first = openOutbox();
    const old = aLetter();
    await first.store(old);
    await first.close();
    const raw = new Database(file);
    raw.exec('ALTER TABLE letters DROP COLUMN html; ALTER TABLE letters DROP COLUMN reply_to; PRAGMA user_version = 1;');
    raw.close();

    const reopened = openOutbox();
    const withHtml = aLetter({ level: 2, html: '<p>Second</p>' });
    await reopened.store(withHtml);

    expect(await reopened.letter(old.letterId)).not.toHaveProperty('html');
    expect(await reopened.letter(withHtml.letterId)).toMatchObject({ html: '<p>Second</p>' });
    expect(await reopened.store({ ...old, html: '<p>rendered again</p>' })).toBe('already-stored');
  });

  it('given an outbox file of the second schema (no Reply-To, no failed state), when opened, then its letters read as before, in order, and can bounce, and new ones keep their own Reply-To', async () => {
    const first = openOutbox();
    const [one, two] = [aLetter({ level: 1 }), aLetter({ level: 2, html: '<p>Second</p>' })];
    await first.store(one);
    await first.store(two);
    await first.close();
    const raw = new Database(file);
    raw.exec('ALTER TABLE letters DROP COLUMN reply_to; ALTER TABLE letters DROP COLUMN failed_at; PRAGMA user_version = 2;');
    raw.close();

    const reopened = openOutbox();
    const replyTo = `reply+${aLetter({ level: 3 }).letterId}@replies.acme.example`;
    await reopened.store(aLetter({ level: 3, replyTo }));

    expect((await reopened.lettersOf('ACME-1')).map((letter) => letter.letterId)).toEqual([
      one.letterId,
      two.letterId,
      aLetter({ level: 3 }).letterId,
    ]);
    expect(await reopened.letter(one.letterId)).toEqual({ ...one, delivery: { state: 'pending', attempts: 0 } });
    expect(await reopened.letter(two.letterId)).toMatchObject({ html: '<p>Second</p>', delivery: { state: 'pending', attempts: 0 } });
    expect(await reopened.letter(aLetter({ level: 3 }).letterId)).toMatchObject({ replyTo });
    expect(await reopened.markBounced(one.letterId, { at: '2024-02-21T08:00:00.000Z', reason: 'bounced' })).toBe('marked');
    expect((await reopened.letter(one.letterId))?.delivery.state).toBe('failed');
  });

  it('given a file written by a newer schema, when opened, then it is refused', async () => {
    const outbox = openOutbox();
    await outbox.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();

    expect(() => new SqliteLetterOutbox(file)).toThrow(/schema version 99/);
  });
});
