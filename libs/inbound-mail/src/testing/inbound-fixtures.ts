import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Raw messages as mail programs and servers write them, with LETTER_ID and REPLY_DOMAIN standing
 * for the letter they answer and the reply addresses' domain:
 *
 * - `outlook-reply`: a person's reply from Outlook to the letter's reply address, text and HTML,
 *   quoted text and a PDF attachment;
 * - `gmail-in-reply-to`: a Gmail reply to the sender's address, naming the letter by In-Reply-To only;
 * - `out-of-office`: Exchange's automatic reply (Auto-Submitted: auto-replied);
 * - `dsn-bounce`: Postfix's delivery status notification, the original's headers as text/rfc822-headers;
 * - `ndr-with-original`: Exchange's non-delivery report, the original as message/rfc822 (Message-ID only).
 */
export type InboundFixture = 'outlook-reply' | 'gmail-in-reply-to' | 'out-of-office' | 'dsn-bounce' | 'ndr-with-original';

/** The fixture with its placeholders filled in and CRLF line ends, as it arrives over SMTP. */
export function inboundFixture(name: InboundFixture, { letterId, domain }: { letterId: string; domain: string }): Buffer {
  const text = readFileSync(join(__dirname, `${name}.eml`), 'utf8')
    .replace(/LETTER_ID/g, letterId)
    .replace(/REPLY_DOMAIN/g, domain)
    .replace(/\r?\n/g, '\r\n');
  return Buffer.from(text, 'utf8');
}
