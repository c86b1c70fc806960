import type { AddressObject, HeaderLines, ParsedMail } from 'mailparser';
import { parseAddressHeader } from 'mailparser';
import { letterIdOfReplyAddress } from '@collections/customer-links';

/** A letter's Message-ID is `<letterId@collections>` (libs/letters, mail-message.ts). */
const LETTER_MESSAGE_ID = /<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@collections>/gi;
const LETTER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const addressesOf = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field === undefined ? [] : [field])
    .flatMap((object) => object.value.flatMap((entry) => [entry.address, ...(entry.group ?? []).map((member) => member.address)]))
    .filter((address): address is string => address !== undefined);

/** The addresses of a header as its raw lines have it (Delivered-To, X-Original-To: mailparser keeps them unparsed). */
const addressesInLines = (lines: HeaderLines, name: string): string[] =>
  lines.filter((line) => line.key === name).flatMap((line) => addressesOf(parseAddressHeader(line.line.slice(line.line.indexOf(':') + 1))));

/** The letters named by message ids in a header value (In-Reply-To, References), the latest first. */
function lettersInMessageIds(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return [...text.matchAll(LETTER_MESSAGE_ID)].map((match) => match[1].toLowerCase()).reverse();
}

/**
 * The letter a message answers. A recipient that is a letter's reply address says it best (the
 * envelope's RCPT TO first: headers can be rewritten, the envelope is what reached us), then the
 * threading headers, which mail programs keep even when the reply goes to the sender's address.
 */
export function letterAnswered(mail: ParsedMail, domain: string, envelopeRecipients: readonly string[] = []): string | undefined {
  const recipients = [
    ...envelopeRecipients,
    ...addressesOf(mail.to),
    ...addressesOf(mail.cc),
    ...addressesInLines(mail.headerLines, 'delivered-to'),
    ...addressesInLines(mail.headerLines, 'x-original-to'),
  ];
  for (const address of recipients) {
    const letterId = letterIdOfReplyAddress(address, domain);
    if (letterId !== undefined) return letterId;
  }
  return [...lettersInMessageIds(mail.inReplyTo), ...lettersInMessageIds(mail.references)][0];
}

/**
 * The letter a bounce returns, from the original's headers it carries (a message/rfc822 or
 * text/rfc822-headers part, parsed by the caller): our own X-Collections-Letter-Id, else the
 * letter's Message-ID, else its Reply-To.
 */
export function letterReturned(original: ParsedMail, domain: string): string | undefined {
  const header = original.headers.get('x-collections-letter-id');
  if (typeof header === 'string' && LETTER_ID.test(header.trim())) return header.trim().toLowerCase();
  const byMessageId = lettersInMessageIds(original.messageId)[0];
  if (byMessageId !== undefined) return byMessageId;
  return addressesOf(original.replyTo)
    .map((address) => letterIdOfReplyAddress(address, domain))
    .find((letterId) => letterId !== undefined);
}
