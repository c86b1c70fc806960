import { createEventStore } from '@collections/event-store';
import { ANCHOR_PUBLIC_KEY_FILE, UnverifiedStoreError, writeAnchor } from '@collections/evidence';
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
    // The CLI is the edge: its anchors are dated by the system clock.
    const written = await writeAnchor(store, { dataDir: config.dataDir, dir: options.to, now: new Date().toISOString() });
    if (written.keyCreated) {
      process.stdout.write(
        `Generated the anchor signing key in ${config.dataDir}; keep a copy of its public key (${ANCHOR_PUBLIC_KEY_FILE}) away from the store:\n${written.publicKeyPem}`,
      );
    }
    const { streamCount, position, merkleRoot } = written.anchor.statement;
    process.stdout.write(
      `Anchored ${streamCount.toLocaleString('en-US')} streams at position ${position ?? 'none'} in ${written.file} (Merkle root ${merkleRoot}).\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof UnverifiedStoreError)) throw error;
    for (const { streamId, revision, reason, detail } of error.breaks)
      process.stderr.write(`error: ${streamId} at revision ${revision}: ${reason}: ${detail}\n`);
    process.stderr.write('No anchor written: the store does not verify (npm run cli -- verify).\n');
    return EXIT.failed;
  } finally {
    await store.close();
  }
}
