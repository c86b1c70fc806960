import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { LetterNotDeliverableError } from '../errors';
import { Letter } from '../letter';
import { DeliveryReceipt, LetterDelivery } from './letter-delivery.port';
import { MailSender, composeMessage } from './mail-message';

export interface FileLetterDeliveryOptions extends MailSender {
  /** Where the `.eml` files go, e.g. `DATA_DIR/outbox`; created when missing. */
  directory: string;
  /** The Date header's clock; the wall clock when not set. */
  now?: () => Date;
}

/**
 * The hidden temporary files this transport writes: `.<letterId>.eml.<pid>.<uuid>.tmp`. Older
 * versions wrote them without the pid.
 */
const TEMPORARY = /^\.[A-Za-z0-9][A-Za-z0-9_-]*\.eml\.(?:(\d+)\.)?[0-9a-f-]{36}\.tmp$/;
/**
 * A temporary file lives for one write (milliseconds); one this old is abandoned whatever its
 * pid says (the pid may have been reused). It is also how often a long-running process sweeps.
 */
const ABANDONED_AFTER_MS = 10 * 60_000;

/** A letter id is a UUID (`letterIdFor`); anything else must not choose a file name. */
const SAFE_FILE_STEM = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The embedded transport: each letter becomes `<letterId>.eml`, an RFC 5322 message, for a
 * person or a print-and-post service to pick up. A file appears whole or not at all (written to
 * a hidden temporary file, flushed, then renamed), and a letter whose file exists is already
 * delivered, so a repeated hand-over writes nothing.
 */
export class FileLetterDelivery implements LetterDelivery {
  private readonly directory: string;
  private readonly now: () => Date;
  private sweep: { at: number; done: Promise<void> } | undefined;

  constructor(private readonly options: FileLetterDeliveryOptions) {
    this.directory = path.resolve(options.directory);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Removes what writers that died mid-write left (SIGKILL leaves them no chance to): when the
   * transport starts, and again each 10 minutes of a long-running process, for another process
   * killed meanwhile. The outbox calls it at the start of every run.
   */
  prepare(): Promise<void> {
    const at = Date.now();
    if (this.sweep === undefined || at - this.sweep.at >= ABANDONED_AFTER_MS) {
      this.sweep = { at, done: this.sweepAbandoned(at) };
    }
    return this.sweep.done;
  }

  async deliver(letter: Letter): Promise<DeliveryReceipt> {
    await this.prepare();
    if (!SAFE_FILE_STEM.test(letter.letterId)) {
      throw new LetterNotDeliverableError(letter.letterId, 'its id cannot name a file');
    }
    const fileName = `${letter.letterId}.eml`;
    const target = path.join(this.directory, fileName);
    const receipt = { transportId: `file:${fileName}` };
    if (await exists(target)) return receipt;

    await mkdir(this.directory, { recursive: true });
    const message = await composeMessage(letter, this.options, this.now());
    // Hidden (leading dot) so that a reader of *.eml never sees a partial file.
    const temporary = path.join(this.directory, `.${fileName}.${process.pid}.${randomUUID()}.tmp`);
    try {
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(message);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // Two runners racing on one letter both rename onto the same name: still one file.
      await rename(temporary, target);
    } catch (error) {
      // A failed write leaves nothing behind; the write's own error is the one to report.
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
    await syncDirectory(this.directory);
    return receipt;
  }

  /**
   * Only this transport's own pattern, and never a live writer's file: a file goes when its
   * process is gone, or when it is older than any write takes. Tidying never fails a run.
   */
  private async sweepAbandoned(at: number): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch {
      return; // no folder yet: nothing was ever written
    }
    for (const name of names) {
      const match = TEMPORARY.exec(name);
      if (!match) continue;
      const file = path.join(this.directory, name);
      const pid = match[1] === undefined ? undefined : Number(match[1]);
      try {
        const gone = pid !== undefined && pid !== process.pid && !isAlive(pid);
        if (gone || at - (await stat(file)).mtimeMs > ABANDONED_AFTER_MS) await rm(file, { force: true });
      } catch {
        // Removed meanwhile, or not ours to remove: the next sweep tries again.
      }
    }
  }
}

/** Whether a process with this id runs on this machine (signal 0 tests without sending anything). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** Makes the rename durable; some platforms cannot open a directory, and lose only that. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported here (e.g. Windows): the file is written, only its name may not be flushed yet.
  }
}
