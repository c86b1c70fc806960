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

  it('given an outbox file of the second schema (no Reply-To), when opened, then its letters read as before and new ones keep their own', async () => {
    const second = openOutbox();
    const old = aLetter();
    await second.store(old);
    await second.close();
    const raw = new Database(file);
    raw.exec('ALTER TABLE letters DROP COLUMN reply_to; PRAGMA user_version = 2;');
    raw.close();

    const reopened = openOutbox();
    const replyTo = `reply+${aLetter({ level: 2 }).letterId}@replies.acme.example`;
    await reopened.store(aLetter({ level: 2, replyTo }));

    expect(await reopened.letter(old.letterId)).toEqual({ ...old, delivery: { state: 'pending', attempts: 0 } });
    expect(await reopened.letter(aLetter({ level: 2 }).letterId)).toMatchObject({ replyTo });
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
