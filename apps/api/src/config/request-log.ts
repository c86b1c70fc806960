import { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { DestinationStream } from 'pino';
import { HttpLogger, pinoHttp } from 'pino-http';

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
  'collectorId',
  'invoiceId',
  'customerId',
  'fromRevision',
  'maxCount',
  'format',
  'after',
  'types',
  'live',
] as const;

export const REDACTED = '[REDACTED]';
/** A name as long as the shortest key the service accepts could itself be one: hidden too. */
const LONGEST_LOGGED_NAME = 15;

const pick = (headers: IncomingHttpHeaders | OutgoingHttpHeaders | undefined, names: readonly string[]) =>
  Object.fromEntries(names.filter((name) => headers?.[name] !== undefined).map((name) => [name, headers?.[name]]));

/** The path, with the values of undeclared query parameters (and over-long names) replaced. */
export function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://localhost');
  } catch {
    return REDACTED;
  }
  const allowed = new Set<string>(LOGGED_QUERY_PARAMETERS);
  const query = [...parsed.searchParams].map(([name, value]) =>
    allowed.has(name)
      ? `${name}=${encodeURIComponent(value)}`
      : `${name.length <= LONGEST_LOGGED_NAME ? encodeURIComponent(name) : REDACTED}=${REDACTED}`,
  );
  return query.length === 0 ? parsed.pathname : `${parsed.pathname}?${query.join('&')}`;
}

/** pino-std-serializers' view of a request and a response, as pino-http hands them to ours. */
interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  remoteAddress?: string;
}
interface SerializedResponse {
  statusCode: number;
  headers: OutgoingHttpHeaders;
}

/**
 * The HTTP request logger: one line per request, as it completes. The api installs it in front
 * of everything (authentication included, so refused requests are logged too) and nestjs-pino
 * logs through its logger.
 */
export function createRequestLog(level: string, destination?: DestinationStream): HttpLogger {
  return pinoHttp(
    {
      level,
      serializers: {
        req: (req: SerializedRequest) => ({
          id: req.id,
          method: req.method,
          url: safeUrl(req.url),
          headers: pick(req.headers, LOGGED_REQUEST_HEADERS),
          remoteAddress: req.remoteAddress,
        }),
        res: (res: SerializedResponse) => ({ statusCode: res.statusCode, headers: pick(res.headers, LOGGED_RESPONSE_HEADERS) }),
      },
    },
    destination as DestinationStream,
  );
}
