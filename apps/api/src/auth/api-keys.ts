import { createHash, randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_KEY_FILE, PRIVATE_FILE_MODE, UnsafeDataDirError, makePrivateDir, readPrivateFile } from '@collections/platform';
import { Actor } from '@collections/accounts';
import { ApiKey, MIN_KEY_LENGTH } from '@collections/config';

const hash = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Looks actors up by the hash of their key, so the table never holds a key in plain text. */
export class ApiKeyRegistry {
  private readonly actors = new Map<string, Actor>();

  constructor(keys: ApiKey[]) {
    for (const { key, actor } of keys) this.actors.set(hash(key), actor);
  }

  authenticate(key: string): Actor | undefined {
    return this.actors.get(hash(key));
  }
}

/**
 * In embedded mode without API_KEYS, an admin key is generated on first start into
 * DATA_DIR/admin-api-key (0600) and reported once, so `npm start` is usable at once. Later starts
 * reuse it without printing it again, unless someone other than the service's user could have
 * written it (see readPrivateFile): then the start is refused rather than an admin key accepted
 * that anyone may have planted.
 */
export function loadOrCreateAdminKey(dataDir: string): { apiKey: ApiKey; created: boolean } {
  const file = join(dataDir, ADMIN_KEY_FILE);
  const actor: Actor = { id: 'admin', role: 'admin' };
  if (existsSync(file)) {
    const key = readPrivateFile(file).trim();
    if (key.length < MIN_KEY_LENGTH || /\s/.test(key)) {
      throw new UnsafeDataDirError(`${file} does not hold a key of ${MIN_KEY_LENGTH}+ characters; delete it to have a new one generated`);
    }
    return { apiKey: { key, actor }, created: false };
  }
  makePrivateDir(dataDir);
  const key = randomBytes(24).toString('base64url');
  // 'wx': never through a file (or symlink) someone else put there first.
  writeFileSync(file, `${key}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  return { apiKey: { key, actor }, created: true };
}
