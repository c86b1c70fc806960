import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { PRIVATE_DIR_MODE, makePrivateDir, openSqliteFileAsFound } from '@collections/platform';
import { AppConfig } from '@collections/config';
import { loadCliConfig } from '../config';
import { EXIT, ExitCode } from '../exit-codes';
import { NO_PROGRESS, Progress, progressBar } from '../progress';
import { BackedUpFile, BackupManifest, MANIFEST_FILE, MANIFEST_FORMAT, listFiles, sha256Of } from './backup-manifest';

export interface BackupOptions {
  to: string;
  /** true or false forces the progress bar on or off; undefined shows it on a terminal. */
  progress?: boolean;
}

/** The embedded event store's file in DATA_DIR (`createEventStore`). */
export const EVENT_STORE_FILE = 'events.sqlite';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'];
/** One backup step copies every page: a step reads one snapshot, while a stepwise copy starts over whenever another process commits. */
const ALL_PAGES = 0x7fffffff;

type Plan = { path: string; how: BackedUpFile['copiedWith'] };

/**
 * Copies everything DATA_DIR holds but the rebuildable read models into a new private directory,
 * while the api and other processes keep writing: each SQLite file through SQLite's online backup
 * API (a consistent snapshot; WAL lets writers go on meanwhile), other files as they are. Files
 * that follow the event store (the engine's checkpoints, the letters outbox, letters) are copied
 * before it, so a restore never holds a checkpoint past the store's last event: what lies between
 * is handled again, and those handlers are idempotent. Writes manifest.json last.
 */
export async function backupDataDir(options: BackupOptions): Promise<ExitCode> {
  const config = loadCliConfig();
  if (!config) return EXIT.usage;
  if (config.eventStore.kind !== 'embedded') {
    process.stderr.write(
      'error: backup copies the embedded stores in DATA_DIR; with EVENT_STORE=eventstoredb back up EventStoreDB and MongoDB ' +
        'themselves (docs/operations.md, "Backups and restores")\n',
    );
    return EXIT.usage;
  }
  const dataDir = config.dataDir;
  const target = path.resolve(options.to);
  const refusal = await unusableTarget(dataDir, target);
  if (refusal) {
    process.stderr.write(`error: ${refusal}\n`);
    return EXIT.usage;
  }

  const started = performance.now();
  const startedAt = new Date().toISOString();
  const { plans, notCopied } = await planBackup(dataDir, config);
  if (!plans.some((plan) => plan.path === EVENT_STORE_FILE)) {
    process.stderr.write(`error: DATA_DIR ${dataDir} has no event store (${EVENT_STORE_FILE}): nothing to back up\n`);
    return EXIT.failed;
  }
  await makePrivateTarget(target);
  const progress: Progress = (options.progress ?? process.stderr.isTTY) ? progressBar(plans.length, 'files') : NO_PROGRESS;
  const files: BackedUpFile[] = [];
  let eventStore: BackupManifest['eventStore'] = { path: EVENT_STORE_FILE, lastPosition: 0, events: 0 };
  let eventStoreCopiedAt = startedAt;
  try {
    for (const plan of plans) {
      const destination = path.join(target, plan.path);
      makePrivateDir(path.dirname(destination));
      if (plan.how === 'sqlite-backup') {
        const head = await copySqliteFile(path.join(dataDir, plan.path), destination, plan.path === EVENT_STORE_FILE);
        if (plan.path === EVENT_STORE_FILE && head) {
          eventStore = { path: EVENT_STORE_FILE, ...head };
          eventStoreCopiedAt = head.at;
        }
      } else if (!(await copyPlainFile(path.join(dataDir, plan.path), destination))) {
        notCopied.push({ path: plan.path, why: 'gone before it was copied' });
        progress.advance(1);
        continue;
      }
      const stat = await fs.stat(destination);
      files.push({ path: plan.path, bytes: stat.size, sha256: await sha256Of(destination), copiedWith: plan.how });
      progress.advance(1);
    }
  } finally {
    progress.stop();
  }
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    startedAt,
    eventStoreCopiedAt,
    eventStore: { path: eventStore.path, lastPosition: eventStore.lastPosition, events: eventStore.events },
    files,
    notCopied,
  };
  await writeFileDurably(path.join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

  const seconds = (performance.now() - started) / 1000;
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  process.stdout.write(
    `Backed up ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) of ${dataDir} to ${target} in ${seconds.toFixed(2)} s: ` +
      `the event store at position ${eventStore.lastPosition.toLocaleString('en-US')} ` +
      `(${eventStore.events.toLocaleString('en-US')} events).\n` +
      (notCopied.length > 0 ? `Not copied: ${notCopied.map((entry) => `${entry.path} (${entry.why})`).join('; ')}.\n` : ''),
  );
  return EXIT.ok;
}

/** Why `target` cannot take a backup, if it cannot: inside DATA_DIR (or holding it), or not empty. */
async function unusableTarget(dataDir: string, target: string): Promise<string | undefined> {
  const inside = (dir: string, parent: string) => dir === parent || dir.startsWith(parent + path.sep);
  if (inside(target, dataDir) || inside(dataDir, target)) {
    return `the backup directory ${target} and DATA_DIR ${dataDir} must not contain one another`;
  }
  const entries = await fs.readdir(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0) return `the backup directory ${target} is not empty: back up into a new or empty directory`;
  return undefined;
}

/** The backup holds the admin key and personal data: 0700 like DATA_DIR, and ours. */
async function makePrivateTarget(target: string): Promise<void> {
  makePrivateDir(target);
  const stat = await fs.lstat(target);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new Error(`the backup directory ${target} is not a directory of this user's`);
  }
  if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE) await fs.chmod(target, PRIVATE_DIR_MODE);
}

/** What to copy and how, followers first and the event store last; what not to copy and why. */
async function planBackup(dataDir: string, config: AppConfig): Promise<{ plans: Plan[]; notCopied: BackupManifest['notCopied'] }> {
  const readModels =
    config.readStore.kind === 'embedded' ? path.relative(dataDir, config.readStore.file).split(path.sep).join('/') : undefined;
  const entries = await listFiles(dataDir);
  const sqliteFiles = new Set<string>();
  for (const entry of entries) if (await isSqliteFile(path.join(dataDir, entry))) sqliteFiles.add(entry);

  const plans: Plan[] = [];
  const notCopied: BackupManifest['notCopied'] = [];
  for (const entry of entries) {
    const companionOf = SQLITE_COMPANIONS.map((suffix) => (entry.endsWith(suffix) ? entry.slice(0, -suffix.length) : '')).find((base) =>
      sqliteFiles.has(base),
    );
    if (entry === readModels || (companionOf !== undefined && companionOf === readModels)) {
      notCopied.push({ path: entry, why: 'the read models: rebuilt from the event store' });
    } else if (companionOf !== undefined) {
      continue; // in the snapshot of its database
    } else if (entry.endsWith('.tmp')) {
      notCopied.push({ path: entry, why: 'a file being written' });
    } else if (!(await fs.lstat(path.join(dataDir, entry))).isFile()) {
      notCopied.push({ path: entry, why: 'not a regular file' });
    } else {
      plans.push({ path: entry, how: sqliteFiles.has(entry) ? 'sqlite-backup' : 'file-copy' });
    }
  }
  const rank = (plan: Plan) => (plan.path === EVENT_STORE_FILE ? 2 : plan.how === 'sqlite-backup' ? 0 : 1);
  plans.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  return { plans, notCopied };
}

async function isSqliteFile(file: string): Promise<boolean> {
  const handle = await fs.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW).catch(() => undefined);
  if (!handle) return false;
  try {
    if (!(await handle.stat()).isFile()) return false;
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    return bytesRead === header.length && header.equals(SQLITE_HEADER);
  } finally {
    await handle.close();
  }
}

/**
 * A consistent copy of a live SQLite file. For the event store, its head is read in the same
 * read transaction as the copy (the backup step reuses the connection's open snapshot), so the
 * manifest's position is exactly the copy's last event.
 */
async function copySqliteFile(
  source: string,
  destination: string,
  readHead: boolean,
): Promise<{ lastPosition: number; events: number; at: string } | undefined> {
  const db = openSqliteFileAsFound(source);
  try {
    db.exec('BEGIN');
    try {
      const at = new Date().toISOString();
      const head = readHead
        ? (db.prepare('SELECT coalesce(max(position), 0) AS lastPosition, count(*) AS events FROM events').get() as {
            lastPosition: number;
            events: number;
          })
        : undefined;
      await db.backup(destination, { progress: () => ALL_PAGES });
      return head && { ...head, at };
    } finally {
      db.exec('COMMIT');
    }
  } finally {
    db.close();
  }
}

/** Copies a plain file (a letter, the admin key); false when it went meanwhile (a letter moved or a temporary file). */
async function copyPlainFile(source: string, destination: string): Promise<boolean> {
  try {
    await fs.copyFile(source, destination, fs.constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function writeFileDurably(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp`;
  const handle = await fs.open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temporary, file);
}
