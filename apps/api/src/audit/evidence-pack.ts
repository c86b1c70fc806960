import { createHash, KeyObject } from 'node:crypto';
import { zipSync } from 'fflate';
import { Actor, CustomerHistory, foldAccount } from '@collections/accounts';
import { BusinessDate, CollectionEvent, streamIdOf } from '@collections/domain';
import { AnchorExcerpt, AnchorSearch, anchorExcerptOf, anchorExcerptProblems, verifyRecordedStream } from '@collections/evidence';
import { MailSender, StoredLetter, composeMessage } from '@collections/letters';
import { accountView } from './account-view';
import { historyJsonLines } from './history-entry';
import { verificationView } from './verification-view';
import { evidencePackReadme } from './evidence-pack-readme';

/**
 * The evidence pack for an agency referral or a court: one customer's recorded history, the
 * account as of each step that took it out of house, the letters as sent, the chain's verification
 * and the latest anchor that covers it, with a manifest of every file's SHA-256. Every file is made
 * from one read of the stream, so they all describe the same events.
 */
export const EVIDENCE_PACK_FORMAT = 'collections-evidence-pack/1';

/** The steps whose dates get the account's state, and the word each file is named by. */
const MILESTONES = {
  ReferredToAgency: 'agency-referral',
  LegalActionInitiated: 'legal-action',
  WrittenOff: 'write-off',
} as const satisfies Partial<Record<CollectionEvent['type'], string>>;

export interface EvidencePackFile {
  name: string;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** manifest.json: what the pack covers and every other file's size and hash. */
export interface EvidencePackManifest {
  format: typeof EVIDENCE_PACK_FORMAT;
  customerId: string;
  streamId: string;
  /** When the pack was made, by the service's clock. */
  generatedAt: string;
  /** Who asked for it (the API key's actor). */
  generatedBy: Actor;
  /** The stream as read for the pack: its events, its last revision and that event's global position in the store. */
  covers: { events: number; revision: number; position: number };
  /** The anchor included (anchor.json), and whether the stream agrees with it; null when there is none. */
  anchor: { file: string; createdAt: string; revision: number; agrees: boolean } | null;
  /** Why no anchor is included. */
  anchorMissing?: string;
  files: EvidencePackFile[];
}

export interface EvidencePackInput {
  customerId: string;
  /** The customer's stream, read once (a stream without events has no pack). */
  stream: CustomerHistory;
  letters: readonly StoredLetter[];
  sender: MailSender;
  /** The search of the anchor directory; a string when there is none to search (why). */
  anchors: AnchorSearch | string;
  /** The anchors' public key, to check the included anchor's signature; undefined when the service has none. */
  anchorPublicKey: KeyObject | undefined;
  generatedAt: string;
  generatedBy: Actor;
}

export interface EvidencePack {
  zip: Uint8Array;
  manifest: EvidencePackManifest;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export async function buildEvidencePack(input: EvidencePackInput): Promise<EvidencePack> {
  const { customerId, stream, generatedAt } = input;
  const streamId = streamIdOf(customerId);
  const last = stream.recorded[stream.recorded.length - 1];
  const files = new Map<string, Uint8Array>();
  const add = (name: string, content: string | Uint8Array) => files.set(name, typeof content === 'string' ? Buffer.from(content) : content);

  add('README.txt', evidencePackReadme(customerId));
  add('history.jsonl', historyJsonLines(stream.recorded));
  add('verification.json', json(verificationView(customerId, verifyRecordedStream(streamId, stream.recorded))));
  for (const { name, asOf } of milestonesOf(stream)) {
    add(name, json(accountView(customerId, asOf, foldAccount(stream.history, asOf))));
  }
  for (const letter of input.letters) add(`letters/${letter.letterId}.eml`, await letterMessage(letter, input.sender));
  const anchor = anchorFiles(input, streamId);
  for (const [name, content] of Object.entries(anchor.files)) add(name, content);

  const manifest: EvidencePackManifest = {
    format: EVIDENCE_PACK_FORMAT,
    customerId,
    streamId,
    generatedAt,
    generatedBy: input.generatedBy,
    covers: { events: stream.recorded.length, revision: last.revision, position: last.position },
    anchor: anchor.summary,
    ...(anchor.missing === undefined ? {} : { anchorMissing: anchor.missing }),
    files: [...files].map(([name, bytes]) => ({ name, size: bytes.length, sha256: sha256(bytes) })),
  };
  // The same instant on every entry, from the Clock: the pack's bytes depend on what it holds, not on when it was zipped.
  const zip = zipSync(
    { 'manifest.json': Buffer.from(json(manifest)), ...Object.fromEntries(files) },
    { level: 6, mtime: new Date(generatedAt) },
  );
  return { zip, manifest };
}

/** `state/<date>-<step>.json` for each referral, legal action and write-off, by the day it happened on. */
function milestonesOf({ history }: CustomerHistory): { name: string; asOf: BusinessDate }[] {
  const named = new Map<string, BusinessDate>();
  for (const { event, metadata } of history) {
    const step = (MILESTONES as Partial<Record<string, string>>)[event.type];
    // Two of a kind on one day leave the account in one state: one file.
    if (step !== undefined) named.set(`state/${metadata.occurredAt}-${step}.json`, metadata.occurredAt);
  }
  return [...named].map(([name, asOf]) => ({ name, asOf }));
}

/**
 * The letter as it went out: the stored text through the same composer the file outbox uses, dated
 * when it was delivered (a letter still pending: the start of the day it was sent on). Its
 * Message-ID is the letter's, as on the wire.
 */
function letterMessage(letter: StoredLetter, sender: MailSender): Promise<Buffer> {
  return composeMessage(letter, sender, new Date(letter.delivery.deliveredAt ?? `${letter.sentOn}T00:00:00.000Z`));
}

/**
 * anchor.json — the anchor's excerpt for this stream: the signed statement, the stream's head and
 * its Merkle proof, so the pack names no other customer — and anchor-check.json, or why there are none.
 */
function anchorFiles(
  { anchors, anchorPublicKey, stream }: EvidencePackInput,
  streamId: string,
): { files: Record<string, string>; summary: EvidencePackManifest['anchor']; missing?: string } {
  if (typeof anchors === 'string') return { files: {}, summary: null, missing: anchors };
  const passedOver = anchors.unreadable.length === 0 ? {} : { passedOver: anchors.unreadable };
  if (!anchors.found) return { files: {}, summary: null, missing: `${anchors.reason}${note(anchors.unreadable)}` };
  const { file, anchor, head } = anchors;
  // Found by its head, so the anchor records the stream.
  const excerpt = anchorExcerptOf(anchor, streamId) as AnchorExcerpt;
  const { broken } = verifyRecordedStream(streamId, stream.recorded, head);
  const signature =
    anchorPublicKey === undefined
      ? { checked: false, reason: "the service holds no public key of the anchors' signing key" }
      : { checked: true, problems: anchorExcerptProblems(excerpt, anchorPublicKey) };
  const check = {
    anchorFile: file,
    createdAt: anchor.statement.createdAt,
    keyId: anchor.statement.keyId,
    streamId,
    anchored: { revision: head.revision, hash: head.hash },
    // The stream still holds the anchored event, unchanged, with a whole chain up to it.
    agrees: broken === undefined,
    broken: broken === undefined ? null : { revision: broken.revision, reason: broken.reason, detail: broken.detail },
    signature,
    ...passedOver,
  };
  return {
    files: { 'anchor.json': json(excerpt), 'anchor-check.json': json(check) },
    summary: { file, createdAt: anchor.statement.createdAt, revision: head.revision, agrees: check.agrees },
  };
}

const note = (unreadable: readonly string[]) => (unreadable.length === 0 ? '' : `; passed over, as not anchors: ${unreadable.join(', ')}`);
