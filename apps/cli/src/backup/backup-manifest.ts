import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'collections-backup/1';

export interface BackedUpFile {
  /** Relative to DATA_DIR (and to the backup directory), `/`-separated. */
  path: string;
  bytes: number;
  sha256: string;
  /** `sqlite-backup`: SQLite's online backup API, a consistent snapshot; `file-copy`: the bytes as read. */
  copiedWith: 'sqlite-backup' | 'file-copy';
}

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  /** When the backup started and when the event store's snapshot was taken (ISO 8601, UTC). */
  startedAt: string;
  eventStoreCopiedAt: string;
  /** The event store's last global position and its number of events in the copy (0 and 0: empty). */
  eventStore: { path: string; lastPosition: number; events: number };
  files: BackedUpFile[];
  /** What DATA_DIR held that a restore need not bring back, and why. */
  notCopied: { path: string; why: string }[];
}

/** A backup that does not match its manifest: restore names every problem and copies nothing. */
export class BackupCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`the backup does not match its manifest:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'BackupCheckError';
  }
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A manifest path a restore may write: relative, inside the directory, no `..`. A tampered
 * manifest must not make restore write outside DATA_DIR.
 */
export function isSafeRelativePath(relative: string): boolean {
  if (relative === '' || relative.includes('\\') || path.posix.isAbsolute(relative)) return false;
  return relative.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

export async function readManifest(backupDir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await fs.readFile(path.join(backupDir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BackupCheckError([`${MANIFEST_FILE} is missing: not a backup, or one that did not finish`]);
    }
    throw error;
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch {
    throw new BackupCheckError([`${MANIFEST_FILE} is not JSON`]);
  }
  if (manifest?.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) {
    throw new BackupCheckError([`${MANIFEST_FILE} is not a ${MANIFEST_FORMAT} manifest`]);
  }
  const unsafe = manifest.files.filter((file) => typeof file?.path !== 'string' || !isSafeRelativePath(file.path));
  if (unsafe.length > 0) {
    throw new BackupCheckError(unsafe.map((file) => `${JSON.stringify(file?.path)}: not a path inside the backup`));
  }
  return manifest;
}

/**
 * Every file of the manifest is there with its size and SHA-256, and nothing else is: a missing,
 * changed or added file is named. Reads every byte.
 */
export async function checkBackup(backupDir: string, manifest: BackupManifest): Promise<void> {
  const problems: string[] = [];
  for (const file of manifest.files) {
    const where = path.join(backupDir, file.path);
    const stat = await fs.lstat(where).catch(() => undefined);
    if (!stat) problems.push(`${file.path}: missing`);
    else if (!stat.isFile()) problems.push(`${file.path}: not a regular file`);
    else if (stat.size !== file.bytes) problems.push(`${file.path}: changed (${stat.size} bytes, the manifest says ${file.bytes})`);
    else if ((await sha256Of(where)) !== file.sha256) problems.push(`${file.path}: changed (its SHA-256 differs from the manifest's)`);
  }
  const listed = new Set([MANIFEST_FILE, ...manifest.files.map((file) => file.path)]);
  for (const found of await listFiles(backupDir)) {
    if (!listed.has(found)) problems.push(`${found}: not in the manifest`);
  }
  if (problems.length > 0) throw new BackupCheckError(problems);
}

/** Every entry below `dir` that is not a directory, as `/`-separated relative paths, sorted. */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await listFiles(dir, relative)));
    else found.push(relative);
  }
  return found.sort();
}
