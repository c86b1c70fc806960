import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { PRIVATE_FILE_MODE, makePrivateDir, readPrivateFile } from '@collections/platform';

/** The anchors' Ed25519 private key (PKCS#8 PEM, 0600) and its public key beside it. */
export const ANCHOR_KEY_FILE = 'anchor-signing-key.pem';
export const ANCHOR_PUBLIC_KEY_FILE = 'anchor-signing-key.pub.pem';

export interface AnchorKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** True when this call generated it: the caller shows the public key, once. */
  created: boolean;
}

/**
 * The signing key, generated once into DATA_DIR as the admin API key is: refused when someone
 * other than the service's user could have written it (readPrivateFile).
 */
export function loadOrCreateAnchorKeys(dataDir: string): AnchorKeys {
  const file = join(dataDir, ANCHOR_KEY_FILE);
  if (existsSync(file)) {
    const privateKey = createPrivateKey(readPrivateFile(file));
    const publicKey = createPublicKey(privateKey);
    return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), created: false };
  }
  makePrivateDir(dataDir);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  // 'wx': never through a file (or symlink) someone else put there first.
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  writeFileSync(join(dataDir, ANCHOR_PUBLIC_KEY_FILE), publicKeyPem, { mode: 0o644, flag: 'w' });
  return { privateKey, publicKey, publicKeyPem, created: true };
}

/** A public key from a PEM file (an operator's copy of the one printed when the key was made). */
export const publicKeyFrom = (pem: string): KeyObject => createPublicKey(pem);
