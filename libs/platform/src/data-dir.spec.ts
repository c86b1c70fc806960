import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_KEY_FILE, UnsafeDataDirError, preparePrivateDataDir, readPrivateFile } from './data-dir';

const modeOf = (file: string): number => statSync(file).mode & 0o777;
const octal = (mode: number): string => mode.toString(8);

describe('the private data directory', () => {
  let root: string;
  let umask: number;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'collections-data-dir-'));
    // As a careless start script would run us: nothing masked.
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('given umask 000 and no directory, when prepared, then the directory is 0700 and every file created in it afterwards 0600, SQLite companions included', () => {
    const dir = join(root, 'nested', 'data');

    preparePrivateDataDir(dir);
    writeFileSync(join(dir, 'plain.txt'), 'x');
    mkdirSync(join(dir, 'outbox'));
    writeFileSync(join(dir, 'outbox', 'L-1.eml'), 'x');
    const db = new Database(join(dir, 'events.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');

    try {
      expect(octal(modeOf(dir))).toBe('700');
      expect(octal(modeOf(join(dir, 'outbox')))).toBe('700');
      expect(readdirSync(dir).sort()).toEqual(['events.sqlite', 'events.sqlite-shm', 'events.sqlite-wal', 'outbox', 'plain.txt']);
      for (const file of ['plain.txt', 'events.sqlite', 'events.sqlite-wal', 'events.sqlite-shm', 'outbox/L-1.eml']) {
        expect({ file, mode: octal(modeOf(join(dir, file))) }).toEqual({ file, mode: '600' });
      }
    } finally {
      db.close();
    }
  });

  it('given a directory an earlier version left open, when prepared, then our directories become 0700 and our files 0600, and neither symlinks nor the key file are touched', () => {
    const dir = join(root, 'data');
    const outside = join(root, 'outside.txt');
    mkdirSync(join(dir, 'outbox'), { recursive: true, mode: 0o777 });
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, 'events.sqlite'), 'x', { mode: 0o666 });
    writeFileSync(join(dir, 'outbox', 'L-1.eml'), 'x', { mode: 0o644 });
    writeFileSync(join(dir, ADMIN_KEY_FILE), 'k', { mode: 0o666 });
    writeFileSync(outside, 'x', { mode: 0o644 });
    symlinkSync(outside, join(dir, 'link'));

    preparePrivateDataDir(dir);

    expect(octal(modeOf(dir))).toBe('700');
    expect(octal(modeOf(join(dir, 'outbox')))).toBe('700');
    expect(octal(modeOf(join(dir, 'events.sqlite')))).toBe('600');
    expect(octal(modeOf(join(dir, 'outbox', 'L-1.eml')))).toBe('600');
    // Repaired, a key someone else may have written would pass its reader's check: left to be refused.
    expect(octal(modeOf(join(dir, ADMIN_KEY_FILE)))).toBe('666');
    expect(octal(modeOf(outside))).toBe('644');
  });

  it('given a directory of another user that others may write, when prepared, then it is refused with the fix', () => {
    const dir = join(root, 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const otherUser = (process.getuid?.() ?? 0) + 1;

    expect(() => preparePrivateDataDir(dir, { uid: otherUser })).toThrow(UnsafeDataDirError);
    expect(() => preparePrivateDataDir(dir, { uid: otherUser })).toThrow(`chmod 700 ${dir}`);
    chmodSync(dir, 0o755);
    expect(() => preparePrivateDataDir(dir, { uid: otherUser })).not.toThrow();
  });
});

describe('reading a secret from the data directory', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'collections-secret-'));
    file = join(dir, ADMIN_KEY_FILE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given a 0600 file of ours, then it is read', () => {
    writeFileSync(file, 'the-key\n', { mode: 0o600 });
    expect(readPrivateFile(file)).toBe('the-key\n');
  });

  it('given a file others may only read, then it is read and made 0600', () => {
    writeFileSync(file, 'the-key\n');
    chmodSync(file, 0o644);
    expect(readPrivateFile(file)).toBe('the-key\n');
    expect(octal(modeOf(file))).toBe('600');
  });

  it.each([
    ['620', 'writable by its group'],
    ['602', 'writable by other users'],
    ['666', 'writable by its group'],
  ])('given a file of mode %s, then it is refused, naming the file and the fix', (mode, why) => {
    writeFileSync(file, 'planted-key\n');
    chmodSync(file, parseInt(mode, 8));
    expect(() => readPrivateFile(file)).toThrow(UnsafeDataDirError);
    expect(() => readPrivateFile(file)).toThrow(`${file} is ${why}`);
    expect(() => readPrivateFile(file)).toThrow(`chmod 600 ${file}`);
  });

  it('given a file owned by another user, then it is refused, naming the file and the fix', () => {
    writeFileSync(file, 'planted-key\n', { mode: 0o600 });
    const owner = statSync(file).uid;
    expect(() => readPrivateFile(file, { uid: owner + 1 })).toThrow(`${file} belongs to uid ${owner}`);
    expect(() => readPrivateFile(file, { uid: owner + 1 })).toThrow(`chown ${owner + 1} ${file} && chmod 600 ${file}`);
  });

  it('given a symbolic link, then it is refused rather than followed', () => {
    const target = join(dir, 'elsewhere');
    writeFileSync(target, 'planted-key\n', { mode: 0o600 });
    symlinkSync(target, file);
    expect(() => readPrivateFile(file)).toThrow(`${file} is a symbolic link`);
  });
});
