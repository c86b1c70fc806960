import { FastifyReply, FastifyRequest } from 'fastify';
import { IncomingHttpHeaders } from 'node:http';
import pino, { DestinationStream, Logger } from 'pino';

/**
 * The request log names only what is known to be safe — an allow-list, not a list of what to
 * hide — so a credential sent anywhere unexpected (a query parameter, a cookie, X-Api-Key,
 * Proxy-Authorization, a header of any name) never reaches it.
 */
export const LOGGED_REQUEST_HEADERS = [
  'user-agent',
  'content-type',
  'content-length',
  'accept',
  'accept-encoding',
  'x-correlation-id',
  'last-event-id',
] as const;
export const LOGGED_RESPONSE_HEADERS = ['content-type', 'content-length', 'location', 'retry-after'] as const;

/** The query parameters the API declares; their values are logged, every other one's is not. */
export const LOGGED_QUERY_PARAMETERS = [
  'asOf',
  'from',
  'to',
  'currency',
  'groupBy',
  'period',
  'page',
  'pageSize',
  'state',
  'segment',
  'status',
  'collectorId',
  'invoiceId',
  'customerId',
  'fromRevision',
  'maxCount',
  'limit',
  'format',
  'after',
  'types',
  'live',
  'kind',
  'cursor',
  'ownerTeam',
  'ownerId',
  'pastTarget',
  'weeks',
  'knownAt',
] as const;

export const REDACTED = '[REDACTED]';
/** A name as long as the shortest key the service accepts could itself be one: hidden too. */
const LONGEST_LOGGED_NAME = 15;

const ALLOWED_PARAMETERS = new Set<string>(LOGGED_QUERY_PARAMETERS);

/** The token of a customer's link (/pay/<token>…), which opens that customer's page to whoever holds it. */
const CUSTOMER_LINK_PATH = /^\/pay\/[^/]+/;

/** A path the URL parser would give back unchanged (no dot segments, nothing to encode): most of them. */
const PLAIN_PATH = /^(?:\/[\w~:@%-][\w.~:@%-]*)*\/?$/;

/** The path, with a customer link's token and the values of undeclared query parameters (and over-long names) replaced. */
export function safeUrl(url: string): string {
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  let pathname: string;
  let parameters: URLSearchParams;
  if (PLAIN_PATH.test(path) && path !== '') {
    pathname = path;
    parameters = new URLSearchParams(mark === -1 ? '' : url.slice(mark + 1));
  } else {
    try {
      const parsed = new URL(url, 'http://localhost');
      ({ pathname, searchParams: parameters } = parsed);
    } catch {
      return REDACTED;
    }
  }
  // A customer's link is its credential, like a key: its token is never written.
  pathname = pathname.replace(CUSTOMER_LINK_PATH, `/pay/${REDACTED}`);
  const query = [...parameters].map(([name, value]) =>
    ALLOWED_PARAMETERS.has(name)
      ? `${name}=${encodeURIComponent(value)}`
      : `${name.length <= LONGEST_LOGGED_NAME ? encodeURIComponent(name) : REDACTED}=${REDACTED}`,
  );
  return query.length === 0 ? pathname : `${pathname}?${query.join('&')}`;
}

/** The request log and the pino logger everything else in the api logs through. */
export interface RequestLog {
  logger: Logger;
  /** Writes the request's one line; a Fastify onResponse hook (and the feed's, when its stream ends). */
  completed(request: FastifyRequest, reply: FastifyReply): void;
}

/** Provider token of the api's RequestLog. */
export const REQUEST_LOG = Symbol('REQUEST_LOG');

const requestHeaders = (headers: IncomingHttpHeaders) => {
  const logged: Record<string, unknown> = {};
  for (const name of LOGGED_REQUEST_HEADERS) if (headers[name] !== undefined) logged[name] = headers[name];
  return logged;
};

const responseHeaders = (reply: FastifyReply) => {
  const logged: Record<string, unknown> = {};
  for (const name of LOGGED_RESPONSE_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) logged[name] = value;
  }
  return logged;
};

/**
 * The HTTP request log: one JSON line per request, as it completes, with what the allow-lists
 * name. The api writes it from a Fastify hook (every request, refusals included), straight from
 * Fastify's request and reply: no per-request child logger, listener or serializer pass.
 */
export function createRequestLog(level: string, destination?: DestinationStream): RequestLog {
  const logger = destination === undefined ? pino({ level }) : pino({ level }, destination);
  return {
    logger,
    completed(request, reply) {
      if (!logger.isLevelEnabled('info')) return;
      const { statusCode } = reply.raw;
      logger.info(
        {
          req: {
            id: request.id,
            method: request.method,
            url: safeUrl(request.url),
            headers: requestHeaders(request.headers),
            remoteAddress: request.socket.remoteAddress,
            remotePort: request.socket.remotePort,
          },
          res: { statusCode, headers: responseHeaders(reply) },
          responseTime: Math.round(reply.elapsedTime),
        },
        statusCode >= 500 ? 'request errored' : 'request completed',
      );
    },
  };
}
