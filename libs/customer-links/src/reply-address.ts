/**
 * Every letter's Reply-To is an address of its own, `reply+<letterId>@<INBOUND_MAIL_DOMAIN>`, so a
 * reply names the letter (and through it the customer) whatever the customer's mail program does
 * to the subject and the quoted text. Letter ids are UUIDs: safe in an address's local part.
 */
export const REPLY_PREFIX = 'reply+';

export const replyAddressFor = (letterId: string, domain: string): string => `${REPLY_PREFIX}${letterId}@${domain}`;

const LETTER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The letter a reply address names, when it is one of ours on `domain`; undefined otherwise. */
export function letterIdOfReplyAddress(address: string, domain: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return undefined;
  const local = address.slice(0, at);
  if (!local.toLowerCase().startsWith(REPLY_PREFIX)) return undefined;
  const letterId = local.slice(REPLY_PREFIX.length).toLowerCase();
  return LETTER_ID.test(letterId) ? letterId : undefined;
}
