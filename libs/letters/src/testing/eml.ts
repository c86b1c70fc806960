/**
 * Reads back the messages the letter adapters produce, for tests (there is no mail parser among
 * the dependencies): unfolds headers, decodes RFC 2047 encoded words and a quoted-printable or
 * base64 body, gives the body with \n line ends, and splits a multipart body into its parts.
 */
export interface ParsedMessage {
  /** Header values by lower-case name, in order; a repeated header has several. */
  headers: ReadonlyMap<string, readonly string[]>;
  /** The one value of a header; throws if it appears more than once. */
  header(name: string): string | undefined;
  body: string;
  /** A multipart message's parts, in order, each parsed as a message; none for a single part. */
  parts: readonly ParsedMessage[];
  /** The one part of this media type (e.g. `text/html`), at any depth; throws if there are several. */
  part(mediaType: string): ParsedMessage | undefined;
}

export function parseMessage(raw: Buffer | string): ParsedMessage {
  const source = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
  const normalized = source.replace(/\r\n/g, '\n');
  const split = normalized.indexOf('\n\n');
  if (split < 0) throw new Error('The message has no blank line between headers and body');
  const headers = new Map<string, string[]>();
  // Unfolding (RFC 5322 §2.2.3): a line starting with white space continues the one before.
  for (const line of normalized
    .slice(0, split)
    .replace(/\n(?=[ \t])/g, '')
    .split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`Not a header line: ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = decodeEncodedWords(line.slice(colon + 1).trim());
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  const header = (name: string): string | undefined => {
    const values = headers.get(name.toLowerCase());
    if (values && values.length > 1) throw new Error(`Header ${name} appears ${values.length} times`);
    return values?.[0];
  };
  const encodedBody = normalized.slice(split + 2);
  const contentType = header('content-type') ?? 'text/plain';
  const boundary = /^multipart\/[^;]+;.*\bboundary="?([^";]+)"?/is.exec(contentType)?.[1];
  if (boundary !== undefined) {
    const parts = splitParts(encodedBody, boundary).map((part) => parseMessage(part));
    return { headers, header, body: encodedBody, parts, part: partOf(parts) };
  }
  const encoding = (header('content-transfer-encoding') ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(encodedBody)
      : encoding === 'base64'
        ? Buffer.from(encodedBody.replace(/\s+/g, ''), 'base64')
        : Buffer.from(encodedBody, 'latin1');
  return { headers, header, body: bytes.toString('utf8').replace(/\r\n/g, '\n'), parts: [], part: partOf([]) };
}

/** RFC 2046 §5.1.1: the parts lie between `--boundary` lines, up to `--boundary--`. */
function splitParts(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of body.split('\n')) {
    if (line.trimEnd() === `--${boundary}--`) break;
    if (line.trimEnd() === `--${boundary}`) {
      if (current !== undefined) parts.push(current.join('\n'));
      current = [];
    } else {
      current?.push(line);
    }
  }
  // Joining the lines leaves out the line break before each delimiter, which belongs to it.
  if (current !== undefined) parts.push(current.join('\n'));
  return parts;
}

function partOf(parts: readonly ParsedMessage[]): ParsedMessage['part'] {
  return (mediaType) => {
    const found = parts.flatMap((part) => {
      const type = (part.header('content-type') ?? 'text/plain').split(';')[0].trim().toLowerCase();
      const nested = part.part(mediaType);
      return [...(type === mediaType.toLowerCase() ? [part] : []), ...(nested === undefined ? [] : [nested])];
    });
    if (found.length > 1) throw new Error(`The message has ${found.length} ${mediaType} parts`);
    return found[0];
  };
}

function decodeQuotedPrintable(text: string): Buffer {
  const withoutSoftBreaks = text.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < withoutSoftBreaks.length; index++) {
    const char = withoutSoftBreaks[index];
    const hex = withoutSoftBreaks.slice(index + 1, index + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(withoutSoftBreaks.charCodeAt(index) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047: `=?UTF-8?Q?...?=` and `=?UTF-8?B?...?=`; white space between two encoded words is dropped. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_word, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}
