import { createHash } from 'node:crypto';

/**
 * HTTP conditional reads (RFC 9110 §13.1.2) of a read model's answer: an entity tag names one
 * answer, and a client that sends it back in `If-None-Match` is told `304 Not Modified` when it is
 * still the answer, with no body, so polling an unchanged list costs almost nothing.
 */

/** A strong entity tag of whatever identifies an answer (a read-model position and the question, or the body). */
export function entityTag(...parts: unknown[]): string {
  return `"${createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 27)}"`;
}

/** Whether `If-None-Match` names this tag (or `*`): compared weakly, as the RFC says for this header. */
export function noneMatchHolds(ifNoneMatch: string | undefined, tag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const opaque = (candidate: string) => candidate.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === opaque(tag));
}
