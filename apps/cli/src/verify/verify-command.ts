import { streamIdOf } from '@collections/domain';
import { createEventStore } from '@collections/event-store';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ANCHOR_PUBLIC_KEY_FILE,
  Anchor,
  AnchorExcerpt,
  ChainBreak,
  StoreCut,
  StreamVerification,
  anchorExcerptProblems,
  anchorProblems,
  isAnchorExcerpt,
  lastPositionOf,
  publicKeyFrom,
  storeCutBelow,
  verifyStore,
  verifyStream,
} from '@collections/evidence';
import { loadCliConfig } from '../config';
import { EXIT, ExitCode } from '../exit-codes';

export interface VerifyOptions {
  /** Only this customer's stream. */
  customer?: string;
  /**
   * An anchor file (npm run cli -- anchor): its signature, and every stream's head it records; or an
   * evidence pack's anchor.json, one stream's excerpt of an anchor: its signature, its proof, and that stream.
   */
  anchor?: string;
  /** The anchors' public key (PEM); DATA_DIR's copy by default. */
  publicKey?: string;
}

/**
 * Checks every stream's hash chain (or one customer's) through the event store port, so it works
 * on the embedded store and EventStoreDB alike. Prints each broken stream with its first bad
 * revision, the first break first, and exits 1; streams recorded before the chain are named with
 * the revision their chain starts at. With an anchor, a store that now ends before the anchor's
 * position was cut: that fails too, also when only one customer's stream is checked.
 */
export async function verify(options: VerifyOptions): Promise<ExitCode> {
  const config = loadCliConfig();
  if (!config) return EXIT.usage;
  let anchor: Anchor | AnchorExcerpt | undefined;
  if (options.anchor !== undefined) {
    try {
      anchor = JSON.parse(readFileSync(options.anchor, 'utf8')) as Anchor | AnchorExcerpt;
      const publicKey = publicKeyFrom(readFileSync(options.publicKey ?? join(config.dataDir, ANCHOR_PUBLIC_KEY_FILE), 'utf8'));
      const problems = isAnchorExcerpt(anchor) ? anchorExcerptProblems(anchor, publicKey) : anchorProblems(anchor, publicKey);
      if (problems.length > 0) {
        for (const problem of problems) process.stderr.write(`error: anchor ${options.anchor}: ${problem}\n`);
        return EXIT.failed;
      }
    } catch (error) {
      process.stderr.write(`error: anchor ${options.anchor}: ${(error as Error).message}\n`);
      return EXIT.failed;
    }
    process.stdout.write(`Anchor ${options.anchor} of ${anchor.statement.createdAt}: signature holds.\n`);
  }
  // An excerpt (an evidence pack's anchor.json) records one stream: that stream is what is verified.
  const excerptStream = anchor !== undefined && isAnchorExcerpt(anchor) ? anchor.head.streamId : undefined;
  if (excerptStream !== undefined && options.customer !== undefined && streamIdOf(options.customer) !== excerptStream) {
    process.stderr.write(`error: the anchor excerpt ${options.anchor} records ${excerptStream}, not customer ${options.customer}\n`);
    return EXIT.usage;
  }
  const store = createEventStore(config.eventStore);
  try {
    const streamId = excerptStream ?? (options.customer === undefined ? undefined : streamIdOf(options.customer));
    if (streamId !== undefined) {
      const anchoredHead =
        anchor === undefined ? undefined : isAnchorExcerpt(anchor) ? anchor.head : anchor.heads.find((head) => head.streamId === streamId);
      const stream = await verifyStream(store, streamId, anchoredHead);
      if (stream.lastRevision === undefined && stream.broken === undefined) {
        const missing =
          options.customer === undefined
            ? `the store has no stream ${streamId}`
            : `customer ${options.customer} has no stream (${streamId})`;
        process.stderr.write(`error: ${missing}\n`);
        return EXIT.failed;
      }
      const cut = anchor && storeCutBelow(anchor.statement, await lastPositionOf(store));
      return report([stream], stream.broken ? [stream.broken] : [], stream.events, cut);
    }
    const { streams, breaks, events, position } = await verifyStore(store, (anchor as Anchor | undefined)?.heads);
    return report(streams, breaks, events, anchor && storeCutBelow(anchor.statement, position));
  } finally {
    await store.close();
  }
}

function report(streams: StreamVerification[], breaks: ChainBreak[], events: number, cut: StoreCut | undefined): ExitCode {
  for (const stream of streams.filter(({ broken, chainedFrom }) => !broken && chainedFrom !== 0)) {
    process.stdout.write(
      stream.chainedFrom === undefined
        ? `note: ${stream.streamId} was recorded before the hash chain: revisions 0-${stream.lastRevision} are not covered\n`
        : `note: ${stream.streamId} is chained from revision ${stream.chainedFrom}; revisions 0-${stream.chainedFrom - 1} were recorded before the chain\n`,
    );
  }
  for (const { streamId, revision, reason, detail } of breaks) {
    process.stderr.write(`error: ${streamId} at revision ${revision}: ${reason}: ${detail}\n`);
  }
  if (cut) process.stderr.write(`error: the store at position ${cut.position ?? 'none'}: cut-below-anchor: ${cut.detail}\n`);
  const counted = `${events.toLocaleString('en-US')} events in ${streams.length.toLocaleString('en-US')} stream${streams.length === 1 ? '' : 's'}`;
  if (breaks.length > 0) {
    process.stderr.write(
      `Verification FAILED: ${breaks.length} of ${counted} do not verify; the first is ${breaks[0].streamId} at revision ${breaks[0].revision}${cut ? `; and the store ends before the anchor's position ${cut.anchoredPosition}` : ''}.\n`,
    );
    return EXIT.failed;
  }
  if (cut) {
    process.stderr.write(
      `Verification FAILED: ${counted} verify, but the store ends before the anchor's position ${cut.anchoredPosition}.\n`,
    );
    return EXIT.failed;
  }
  process.stdout.write(`Verified ${counted}: every chain holds.\n`);
  return EXIT.ok;
}
