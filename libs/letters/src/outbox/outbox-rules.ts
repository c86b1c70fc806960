import { Letter } from '../letter';

/**
 * What every LetterOutbox adapter decides the same way: which fields make two letters the same
 * letter, the canonical form of a run's instant, the default batch and claim, and how a failed
 * hand-over is described in the letter's record.
 */

/** At most this many letters in one run when the caller sets no limit. */
export const DEFAULT_BATCH = 100;
/** How long a run owns a letter it is handing over, unless the adapter is told otherwise. */
export const DEFAULT_CLAIM_MS = 10 * 60_000;
/** A failure's description is cut to this many characters. */
export const MAX_ERROR_LENGTH = 2_000;

/** The fields that make two letters under one id the same letter. */
export const COMPARED_FIELDS = [
  'customerId',
  'kind',
  'level',
  'channel',
  'tone',
  'sentOn',
  'invoiceIds',
  'to',
  'subject',
  // The HTML is rendered from the same view as the text: comparing the text compares both, and
  // letters stored before the HTML existed stay the same letter. The Reply-To follows from the
  // letter id, and letters stored before it existed stay the same letter too.
  'text',
] as const satisfies readonly (keyof Letter)[];

/** The compared fields in which the offered letter differs from the stored one (none: the same letter). */
export function differingFields(stored: Letter, offered: Letter): string[] {
  return COMPARED_FIELDS.filter((field) => JSON.stringify(stored[field]) !== JSON.stringify(offered[field]));
}

/** The run's instant in one canonical form, so stored instants compare as strings. */
export function instant(value: string): string {
  const ms = Date.parse(value);
  if (typeof value !== 'string' || Number.isNaN(ms)) throw new RangeError(`now must be an ISO 8601 instant, not ${value}`);
  return new Date(ms).toISOString();
}

/** The run's batch size: `limit`, or the default; anything but a positive whole number is refused. */
export function batchLimit(limit: number | undefined): number {
  const batch = limit ?? DEFAULT_BATCH;
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`limit must be a positive whole number, not ${batch}`);
  return batch;
}

/** An error as the letter's record keeps it: nodemailer's code and SMTP reply code when there are. */
export function describeFailure(error: unknown): string {
  let text: string;
  if (error instanceof Error) {
    const { code, responseCode } = error as Error & { code?: unknown; responseCode?: unknown };
    const tags = [code, responseCode].filter((tag) => typeof tag === 'string' || typeof tag === 'number');
    text = `${tags.length > 0 ? `${tags.join(' ')}: ` : ''}${error.message}`;
  } else {
    text = String(error);
  }
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
