import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import type { EventStore } from '@collections/event-store';
import { makePrivateDir } from '@collections/platform';
import { Anchor, createAnchor } from './anchor';
import type { ChainBreak } from './chain-verification';
import { loadOrCreateAnchorKeys } from './signing-key';
import { AnchoredHead, verifyStore } from './store-verification';

export interface WriteAnchorOptions {
  /** DATA_DIR: where the signing key is (generated there on the first anchor). */
  dataDir: string;
  /** The directory the anchor file goes into (created 0700 if missing). */
  dir: string;
  /** The anchor's createdAt (ISO 8601): the caller's clock, so that a schedule and its tests agree on it. */
  now: string;
}

export interface WrittenAnchor {
  /** The anchor file's absolute path. */
  file: string;
  anchor: Anchor;
  /** The signing key's public key (SPKI PEM): what auditors check anchors with. */
  publicKeyPem: string;
  /** True when this anchor generated the signing key: the caller shows its public key, once. */
  keyCreated: boolean;
}

/** The store's chains do not verify: no anchor was written, since it would sign the tampering. */
export class UnverifiedStoreError extends Error {
  constructor(readonly breaks: readonly ChainBreak[]) {
    const [first] = breaks;
    super(
      `No anchor written: ${breaks.length === 1 ? '1 stream does' : `${breaks.length} streams do`} not verify; the first is ${first.streamId} at revision ${first.revision} (${first.reason}: ${first.detail})`,
    );
    this.name = 'UnverifiedStoreError';
  }
}

/**
 * Verifies every chain in the store, then writes a signed anchor of every stream's head and the
 * store's position into `dir`: what `npm run cli -- anchor` and the engine's schedule both do.
 * Refuses (UnverifiedStoreError) a store that does not verify.
 */
export async function writeAnchor(store: EventStore, { dataDir, dir, now }: WriteAnchorOptions): Promise<WrittenAnchor> {
  const { streams, breaks, position } = await verifyStore(store);
  if (breaks.length > 0) throw new UnverifiedStoreError(breaks);
  const keys = loadOrCreateAnchorKeys(dataDir);
  const heads = streams.flatMap(({ streamId, lastRevision, headHash }): AnchoredHead[] =>
    lastRevision === undefined || headHash === undefined ? [] : [{ streamId, revision: lastRevision, hash: headHash }],
  );
  const anchor = createAnchor(heads, position, now, keys);
  const target = resolve(dir);
  makePrivateDir(target);
  const file = join(target, anchorFileName(anchor.statement.createdAt));
  writeWhole(file, `${JSON.stringify(anchor, null, 2)}\n`);
  return { file, anchor, publicKeyPem: keys.publicKeyPem, keyCreated: keys.created };
}

/**
 * `anchor-<createdAt>-<8 random hex>.json`: sorted by name, anchors are in time order; the random
 * part keeps apart two anchors of the same millisecond (two engine instances writing into one
 * shared directory, or the CLI beside the schedule).
 */
export function anchorFileName(createdAt: string): string {
  return `anchor-${createdAt.replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.json`;
}

/**
 * Written under a dot-name first, flushed, then renamed into place: whatever ships the directory
 * elsewhere (rsync, a sync agent) never sees half an anchor under its final name.
 */
function writeWhole(file: string, content: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.partial`);
  // 'wx': never through a file (or symlink) someone else put there first.
  const fd = openSync(temporary, 'wx');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}
