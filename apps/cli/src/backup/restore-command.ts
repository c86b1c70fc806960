import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { PRIVATE_FILE_MODE, makePrivateDir } from '@collections/platform';
import { loadCliConfig } from '../config';
import { EXIT, ExitCode } from '../exit-codes';
import { BackedUpFile, BackupCheckError, BackupManifest, checkBackup, readManifest } from './backup-manifest';

export interface RestoreOptions {
  from: string;
  /** Delete what DATA_DIR holds first; without it a non-empty DATA_DIR is refused. */
  force?: boolean;
}

/**
 * Restores a backup into DATA_DIR (stop the api first): the backup is checked whole against its
 * manifest before anything is written, and each file again as it is copied. Read models are not
 * in a backup: the api's projector rebuilds them from the restored event store when it starts
 * (or `cli rebuild` beforehand).
 */
export async function restoreDataDir(options: RestoreOptions): Promise<ExitCode> {
  const config = loadCliConfig();
  if (!config) return EXIT.usage;
  if (config.eventStore.kind !== 'embedded') {
    process.stderr.write('error: restore writes the embedded stores in DATA_DIR; EVENT_STORE=eventstoredb is restored by its own tools\n');
    return EXIT.usage;
  }
  const dataDir = config.dataDir;
  const source = path.resolve(options.from);
  const started = performance.now();

  let manifest: BackupManifest;
  try {
    manifest = await readManifest(source);
    await checkBackup(source, manifest);
  } catch (error) {
    if (!(error instanceof BackupCheckError)) throw error;
    process.stderr.write(`error: refusing to restore from ${source}: ${error.message}\n`);
    return EXIT.failed;
  }

  const present = await fs.readdir(dataDir);
  if (present.length > 0 && !options.force) {
    const shown = present.sort().slice(0, 5).join(', ') + (present.length > 5 ? ', …' : '');
    process.stderr.write(
      `error: DATA_DIR ${dataDir} is not empty (${shown}): restore would overwrite it. Restore into an empty ` +
        `DATA_DIR, or stop the api and pass --force to delete what DATA_DIR holds first.\n`,
    );
    return EXIT.usage;
  }
  // Everything goes, the read models included: they would hold checkpoints past the restored store.
  for (const entry of present) await fs.rm(path.join(dataDir, entry), { recursive: true, force: true });

  try {
    for (const file of manifest.files) await restoreFile(source, dataDir, file);
  } catch (error) {
    if (!(error instanceof BackupCheckError)) throw error;
    process.stderr.write(
      `error: ${error.message}\nDATA_DIR ${dataDir} is restored in part: restore again with --force from a sound backup.\n`,
    );
    return EXIT.failed;
  }

  const seconds = (performance.now() - started) / 1000;
  const bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  process.stdout.write(
    `Restored ${manifest.files.length} files (${(bytes / 1e6).toFixed(1)} MB) into ${dataDir} in ${seconds.toFixed(2)} s: ` +
      `the event store at position ${manifest.eventStore.lastPosition.toLocaleString('en-US')} ` +
      `(${manifest.eventStore.events.toLocaleString('en-US')} events), as backed up at ${manifest.eventStoreCopiedAt}.\n` +
      'Read models are not in a backup: the api rebuilds them from the event store when it starts ' +
      '(or run `npm run cli -- rebuild` first).\n',
  );
  return EXIT.ok;
}

/**
 * Copies one file through a temporary name, hashing what it writes, and renames it into place
 * only if it is what the manifest says: a backup changed after the check is still refused.
 */
async function restoreFile(source: string, dataDir: string, file: BackedUpFile): Promise<void> {
  const destination = path.join(dataDir, file.path);
  makePrivateDir(path.dirname(destination));
  const temporary = `${destination}.restoring.tmp`;
  const hash = createHash('sha256');
  const handle = await fs.open(temporary, 'wx', PRIVATE_FILE_MODE);
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path.join(source, file.path))) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      await handle.write(chunk as Buffer);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (bytes !== file.bytes || hash.digest('hex') !== file.sha256) {
    await fs.rm(temporary, { force: true });
    throw new BackupCheckError([`${file.path}: changed while it was restored`]);
  }
  await fs.rename(temporary, destination);
}
