import { HttpException, HttpStatus } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenAPIObject } from '@nestjs/swagger';
import fastifyRateLimit from '@fastify/rate-limit';
import { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { RateLimit, RateLimits, rateLimitOf } from '@collections/config';
import { AuthenticatedRequest } from '../auth/auth.decorators';
import { isCustomerLinkRoute, isPublicRoute } from '../auth/authenticate';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem-details';

const BEARER = /^Bearer ([^\s]+)$/i;

/** A customer's own route (/pay/:token/…): limited per link, by the role `customer`'s limit. */
const isLinkRequest = (request: FastifyRequest): boolean => isCustomerLinkRoute(request.routeOptions.url);

/** The limit of the request's key, by its role, or of its link; `null` where nothing limits it. */
const limitOf = (request: FastifyRequest, limits: RateLimits): RateLimit | null => {
  if (isLinkRequest(request)) return rateLimitOf(limits, 'customer');
  const { actor } = request as Partial<AuthenticatedRequest>;
  return actor ? rateLimitOf(limits, actor.role) : null;
};

/** What a request is counted by: its key, or on a customer's route its link (the token in the path), never its address. */
const credentialOf = (request: FastifyRequest): string =>
  isLinkRequest(request)
    ? `link:${(request.params as { token?: string }).token ?? ''}`
    : (BEARER.exec(request.headers.authorization ?? '')?.[1] ?? '');

const inWords = (ms: number): string =>
  ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;

/**
 * Requests per API key, with the limit of the key's role (RATE_LIMITS): past it, 429 as
 * problem+json with Retry-After and the RateLimit-* headers. Counted by the hash of the key, not by
 * address, so the keys of one proxy or office do not share a limit, and two keys of one actor do not
 * either. A customer's own routes (/pay/:token/…) take no key: each link is counted apart, by the
 * hash of its token, with the limit of the role `customer`. The probes (/health*) and the console's files are never limited; nor are requests
 * without a valid key, which authentication refuses before this runs. Counts are per process: n
 * api replicas let a key make n times its limit.
 */
export async function limitRequestRates(app: NestFastifyApplication, limits: RateLimits): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: true,
    // A per-route onRequest hook: it runs after the app's own onRequest hooks, authentication
    // included, so the request's actor (and role) is known.
    hook: 'onRequest',
    // RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (the IETF draft's names) and Retry-After.
    enableDraftSpec: true,
    // Only limited requests are counted: the others are not worth a hash (the probes come often).
    keyGenerator: (request) =>
      limitOf(request, limits) === null ? '' : createHash('sha256').update(credentialOf(request)).digest('base64url'),
    allowList: (request) => isPublicRoute(request.method, request.routeOptions.url) || limitOf(request, limits) === null,
    max: (request) => limitOf(request, limits)?.max ?? Number.MAX_SAFE_INTEGER,
    timeWindow: (request) => limitOf(request, limits)?.windowMs ?? 60_000,
    errorResponseBuilder: (request, { max, ttl }) =>
      new HttpException(
        `${isLinkRequest(request) ? 'This link' : 'This API key'} may make ${max} requests in ${inWords(limitOf(request, limits)?.windowMs ?? 60_000)}; retry in ${Math.ceil(ttl / 1000)} s (Retry-After)`,
        HttpStatus.TOO_MANY_REQUESTS,
      ),
  });
}

/**
 * Every operation that needs a key, and every customer's route, may answer 429: the limiter stands
 * in front of all of them, so the document says so once here rather than on every controller.
 */
export function documentRateLimits(document: OpenAPIObject): void {
  const seconds = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } });
  for (const [template, path] of Object.entries(document.paths)) {
    // The customers' own routes need no key, but each link has its limit.
    const byLink = template.startsWith('/pay/{token}/');
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const) {
      const operation = path[method];
      if (!operation || (!byLink && Array.isArray(operation.security) && operation.security.length === 0)) continue;
      operation.responses['429'] = {
        description: byLink
          ? "Too many requests with this link in the window (RATE_LIMITS' customer limit)"
          : "Too many requests for this API key in the role's window (RATE_LIMITS)",
        headers: {
          'Retry-After': seconds('Seconds until the window resets'),
          'RateLimit-Limit': seconds(
            byLink ? 'Requests this link may make in a window' : "Requests this key may make in a window (its role's limit)",
          ),
          'RateLimit-Remaining': seconds('Requests left in this window'),
          'RateLimit-Reset': seconds('Seconds until the window resets'),
        },
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
  }
}
