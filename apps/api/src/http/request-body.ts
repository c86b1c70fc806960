import { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';

/** The largest body the api reads; a larger one is refused with 413 before it is parsed. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** Bank statements (camt.053 XML, CSV) run to many entries: they may be larger than a command. */
export const STATEMENT_LIMIT_BYTES = 32 * 1024 * 1024;

/** A reply to a letter may carry attachments: as large as mail servers commonly accept. */
export const INBOUND_MAIL_LIMIT_BYTES = 25 * 1024 * 1024;

export type BodyRefusal = 'malformed-json' | 'unsupported-encoding';

/** A body the api will not read: answered as a 400 or 415 problem. */
export class UnreadableBodyError extends Error {
  constructor(
    readonly refusal: BodyRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'UnreadableBodyError';
  }
}

/** application/json and every +json type (application/merge-patch+json…), whatever their parameters. */
const JSON_TYPES = /^application\/(?:[\w.-]+\+)?json(?=\s*(?:;|$))/i;
/** The media types a bank statement comes as; read as text, parsed by the endpoint that takes them. */
const STATEMENT_TYPES = /^(?:application\/xml|text\/xml|text\/csv)(?=\s*(?:;|$))/i;
/** A raw e-mail (POST /inbound-mail): read as bytes, since its parts declare their own charsets. */
const MESSAGE_TYPES = /^message\/rfc822(?=\s*(?:;|$))/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** Bodies are sent as they are: compressed ones are refused. */
function compressed(request: FastifyRequest): UnreadableBodyError | undefined {
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    return new UnreadableBodyError('unsupported-encoding', `Content-Encoding ${encoding} is not supported: send the body uncompressed`);
  }
  return undefined;
}

/** Compressed bodies, and charsets other than UTF-8, are refused. */
function unsupportedEncoding(request: FastifyRequest): UnreadableBodyError | undefined {
  const refusal = compressed(request);
  if (refusal) return refusal;
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1].toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return new UnreadableBodyError('unsupported-encoding', `The charset ${charset} is not supported: send UTF-8`);
  }
  return undefined;
}

/**
 * How the api reads request bodies. JSON (application/json and any +json type) is parsed with
 * secure-json-parse, which refuses a "__proto__" key outright: JSON.parse would keep it as a
 * plain key that validation cannot see. An empty JSON body is an empty object, so validation
 * names every missing field. Any other media type is read (within the limit) and ignored, as
 * if no body had been sent: validation then says what the command needs.
 */
export function readRequestBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPES, { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request, text: string, done) => {
    const refusal = unsupportedEncoding(request);
    if (refusal) return done(refusal, undefined);
    if (text === '') return done(null, {});
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'ignore' }));
    } catch (error) {
      done(new UnreadableBodyError('malformed-json', `The request body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
  fastify.addContentTypeParser(STATEMENT_TYPES, { parseAs: 'string', bodyLimit: STATEMENT_LIMIT_BYTES }, (request, text: string, done) => {
    done(unsupportedEncoding(request) ?? null, text);
  });
  fastify.addContentTypeParser(MESSAGE_TYPES, { parseAs: 'buffer', bodyLimit: INBOUND_MAIL_LIMIT_BYTES }, (request, raw: Buffer, done) => {
    const refusal = compressed(request);
    done(refusal ?? null, refusal ? undefined : raw);
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (request, _body, done) => {
    done(unsupportedEncoding(request) ?? null, undefined);
  });
}
