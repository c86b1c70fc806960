import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * DATA_DIR holds personal data (the event store, read models, letters) and the admin key: it is
 * the process owner's alone. Every entry point calls `preparePrivateDataDir` (or, when it writes
 * no file there, `usePrivateUmask`) before it opens anything, so every file any library creates
 * later — SQLite files and their -wal/-shm companions, `.eml` letters, temporary files — is 0600
 * and every directory 0700, whatever umask the process was started with.
 */
export const PRIVATE_UMASK = 0o077;
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** The generated admin key: a secret whose mode is checked by its reader, never repaired (see `readPrivateFile`). */
export const ADMIN_KEY_FILE = 'admin-api-key';
/** The generated secret customer links are signed with (libs/customer-links). */
export const LINK_SECRET_FILE = 'customer-link-secret';
const SECRET_FILES = new Set([ADMIN_KEY_FILE, LINK_SECRET_FILE]);

/** A data directory or secret that others could have written: the service refuses to start on it. */
export class UnsafeDataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeDataDirError';
  }
}

/** Files and directories this process creates from now on are its owner's alone. */
export function usePrivateUmask(): void {
  process.umask(PRIVATE_UMASK);
}

/** mkdir -p with 0700: what a library calls for the directory of a file it creates. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

const uidOfProcess = (): number | undefined => process.getuid?.();

/**
 * Sets the private umask, creates `dir` 0700 and tightens what an earlier version or another
 * umask left there: our own directories to 0700, our own files to 0600 (symlinks are not
 * followed). Secrets are left as found, for their reader to accept or refuse. Throws
 * UnsafeDataDirError when the directory belongs to someone else and others may write it.
 */
export function preparePrivateDataDir(dir: string, { uid = uidOfProcess() }: { uid?: number } = {}): void {
  usePrivateUmask();
  makePrivateDir(dir);
  // DATA_DIR itself may be a symlink an operator made; what is inside is never followed.
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) throw new UnsafeDataDirError(`DATA_DIR ${dir} is not a directory`);
  if (uid !== undefined && stat.uid !== uid) {
    if ((stat.mode & 0o022) !== 0) {
      throw new UnsafeDataDirError(
        `DATA_DIR ${dir} belongs to uid ${stat.uid} and others may write it; run the service as its owner, or: chown ${uid} ${dir} && chmod 700 ${dir}`,
      );
    }
    return;
  }
  tighten(dir, stat, uid);
}

function tighten(entry: string, stat: fs.Stats, uid: number | undefined): void {
  if (uid !== undefined && stat.uid !== uid) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE) fs.chmodSync(entry, PRIVATE_DIR_MODE);
    for (const name of fs.readdirSync(entry)) {
      const child = path.join(entry, name);
      if (SECRET_FILES.has(name)) continue;
      tighten(child, fs.lstatSync(child), uid);
    }
  } else if (stat.isFile() && (stat.mode & 0o077) !== 0) {
    fs.chmodSync(entry, stat.mode & 0o700);
  }
}

/**
 * Reads a secret that grants access (the admin key), refusing one that someone other than this
 * process's user may have written: owned by another user, group- or other-writable, a symlink,
 * or not a regular file. A secret that others may only read is made 0600.
 */
export function readPrivateFile(file: string, { uid = uidOfProcess() }: { uid?: number } = {}): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new UnsafeDataDirError(
        `${file} is a symbolic link; replace it with the key file itself (chmod 600, owned by the service's user)`,
      );
    }
    throw error;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UnsafeDataDirError(`${file} is not a regular file`);
    if (uid !== undefined && stat.uid !== uid) {
      throw new UnsafeDataDirError(
        `${file} belongs to uid ${stat.uid}, not to the service's user (uid ${uid}): someone else may have written it. ` +
          `Check its content, then: chown ${uid} ${file} && chmod 600 ${file}`,
      );
    }
    if ((stat.mode & 0o022) !== 0) {
      throw new UnsafeDataDirError(
        `${file} is writable by ${(stat.mode & 0o020) !== 0 ? 'its group' : 'other users'} (mode ${(stat.mode & 0o777).toString(8)}): ` +
          `someone else may have written it. Check its content, then: chmod 600 ${file}`,
      );
    }
    if ((stat.mode & 0o077) !== 0) fs.fchmodSync(fd, PRIVATE_FILE_MODE);
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}
