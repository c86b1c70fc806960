import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ANCHOR_FORMAT, Anchor } from './anchor';
import type { AnchoredHead } from './store-verification';

/**
 * The anchors kept in a directory (`anchor --to DIR`, ANCHOR_DIR), named by `anchorFileName`
 * (anchor-writer.ts) so that the names sort in the order the anchors were made.
 */
export const ANCHOR_FILE_NAME = /^anchor-.+\.json$/;

/** The newest anchor of a directory that records a stream's head. */
export interface CoveringAnchor {
  /** The file's name within the directory. */
  file: string;
  anchor: Anchor;
  /** The file as it is kept, byte for byte: what a copy of it elsewhere can be compared with. */
  content: string;
  /** What the anchor recorded of the stream. */
  head: AnchoredHead;
}

export type AnchorSearch =
  | ({ found: true } & CoveringAnchor & { unreadable: string[] })
  | {
      found: false;
      /** Why there is none, in words for whoever reads it (without the directory's path). */
      reason: string;
      unreadable: string[];
    };

/**
 * The latest anchor in `dir` whose heads include `streamId`. Files are read newest first (by
 * name) and the search stops at the first that covers the stream: streams are never removed, so
 * an older anchor covers a stream only if a newer one does too, and an anchor of a large store is
 * a large file. A file that is not an anchor (unreadable, not JSON, another format) is passed over
 * and named in `unreadable`, so that the caller can say so rather than quietly present an older one.
 */
export async function latestAnchorCovering(dir: string, streamId: string): Promise<AnchorSearch> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      found: false,
      reason: code === 'ENOENT' ? 'the anchor directory does not exist' : `the anchor directory cannot be read (${code})`,
      unreadable: [],
    };
  }
  const files = names.filter((name) => ANCHOR_FILE_NAME.test(name)).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  const unreadable: string[] = [];
  for (const file of files) {
    const read = await readAnchor(join(dir, file));
    if (read === undefined) {
      unreadable.push(file);
      continue;
    }
    const head = read.anchor.heads.find((candidate) => candidate.streamId === streamId);
    if (head !== undefined) return { found: true, file, ...read, head, unreadable };
  }
  const read = files.length - unreadable.length;
  const reason =
    read === 0
      ? 'the anchor directory holds no anchor'
      : `none of the ${read} anchor${read === 1 ? '' : 's'} in the anchor directory records ${streamId} (it was first recorded after the newest)`;
  return { found: false, reason, unreadable };
}

/** The file as an anchor of this format, or undefined; its signature is the reader's to check (anchorProblems). */
async function readAnchor(file: string): Promise<{ anchor: Anchor; content: string } | undefined> {
  try {
    const content = await readFile(file, 'utf8');
    const anchor = JSON.parse(content) as Anchor;
    const wellFormed =
      anchor?.statement?.format === ANCHOR_FORMAT &&
      Array.isArray(anchor.heads) &&
      anchor.heads.every((head) => typeof head?.streamId === 'string' && Number.isInteger(head.revision) && typeof head.hash === 'string');
    return wellFormed ? { anchor, content } : undefined;
  } catch {
    return undefined;
  }
}
