import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createEventStore } from '@collections/event-store';
import { ANCHOR_PUBLIC_KEY_FILE, AnchoredHead, createAnchor, loadOrCreateAnchorKeys, verifyStore } from '@collections/evidence';
import { makePrivateDir } from '@collections/platform';
import { loadCliConfig } from '../config';
import { EXIT, ExitCode } from '../exit-codes';

export interface AnchorOptions {
  to: string;
}

/**
 * Writes a signed anchor of every stream's head into `--to` (a folder outside DATA_DIR, ideally on
 * other hands' storage). A store whose chains do not verify is not anchored: that would sign the
 * tampering.
 */
export async function anchor(options: AnchorOptions): Promise<ExitCode> {
  const config = loadCliConfig();
  if (!config) return EXIT.usage;
  const store = createEventStore(config.eventStore);
  try {
    const { streams, breaks, position } = await verifyStore(store);
    if (breaks.length > 0) {
      for (const { streamId, revision, reason, detail } of breaks)
        process.stderr.write(`error: ${streamId} at revision ${revision}: ${reason}: ${detail}\n`);
      process.stderr.write('No anchor written: the store does not verify (npm run cli -- verify).\n');
      return EXIT.failed;
    }
    const keys = loadOrCreateAnchorKeys(config.dataDir);
    if (keys.created) {
      process.stdout.write(
        `Generated the anchor signing key in ${config.dataDir}; keep a copy of its public key (${ANCHOR_PUBLIC_KEY_FILE}) away from the store:\n${keys.publicKeyPem}`,
      );
    }
    const heads = streams.flatMap(({ streamId, lastRevision, headHash }): AnchoredHead[] =>
      lastRevision === undefined || headHash === undefined ? [] : [{ streamId, revision: lastRevision, hash: headHash }],
    );
    const created = createAnchor(heads, position, new Date().toISOString(), keys);
    const dir = resolve(options.to);
    makePrivateDir(dir);
    const file = join(dir, `anchor-${created.statement.createdAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { flag: 'wx' });
    process.stdout.write(
      `Anchored ${heads.length.toLocaleString('en-US')} streams at position ${position ?? 'none'} in ${file} (Merkle root ${created.statement.merkleRoot}).\n`,
    );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
