import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINK_SECRET_FILE, PRIVATE_FILE_MODE, UnsafeDataDirError, makePrivateDir, readPrivateFile } from '@collections/platform';

/** The shortest secret accepted: 256 bits of base64url. */
export const MIN_LINK_SECRET_LENGTH = 32;

/**
 * The secret customer links are signed with: CUSTOMER_LINK_SECRET when set (production, where
 * the policy engine that writes letters and the api that opens their links are different
 * processes), otherwise generated once into DATA_DIR/customer-link-secret (0600) and read from
 * there by every process of the embedded mode. A new secret invalidates every link sent.
 */
export function loadOrCreateLinkSecret(dataDir: string, configured: string | undefined): string {
  if (configured !== undefined) return configured;
  const file = join(dataDir, LINK_SECRET_FILE);
  if (existsSync(file)) {
    const secret = readPrivateFile(file).trim();
    if (secret.length < MIN_LINK_SECRET_LENGTH || /\s/.test(secret)) {
      throw new UnsafeDataDirError(
        `${file} does not hold a secret of ${MIN_LINK_SECRET_LENGTH}+ characters; delete it to have one generated`,
      );
    }
    return secret;
  }
  makePrivateDir(dataDir);
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx': never through a file someone else put there first.
    writeFileSync(file, `${secret}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process of the same DATA_DIR wrote it first: theirs is the secret.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateLinkSecret(dataDir, configured);
    throw error;
  }
}
