import { UnauthorizedException } from '@nestjs/common';
import { FastifyRequest, onRequestHookHandler } from 'fastify';
import { ApiKeyRegistry } from './api-keys';
import { AuthenticatedRequest } from './auth.decorators';
import { Actor } from '@collections/accounts';
import { CONSOLE_PREFIX } from '../console/serve-console';

const BEARER = /^Bearer ([^\s]+)$/i;

/** The only API requests answered without a key (their handlers are also marked @Public). */
export const PUBLIC_ROUTES: readonly { method: string; path: string }[] = [
  { method: 'GET', path: '/health' },
  { method: 'HEAD', path: '/health' },
  // Liveness and readiness probes (orchestrators send no key).
  { method: 'GET', path: '/health/live' },
  { method: 'HEAD', path: '/health/live' },
  { method: 'GET', path: '/health/ready' },
  { method: 'HEAD', path: '/health/ready' },
];

/**
 * Whether a matched route answers without a key: PUBLIC_ROUTES, and the web console's files
 * (reading `/`, which redirects to it, and anything under /app/: the page shell, which holds no
 * data; every call the console makes sends the person's key).
 */
export function isPublicRoute(method: string, route: string | undefined): boolean {
  if (route === undefined) return false;
  if (PUBLIC_ROUTES.some((publicRoute) => publicRoute.method === method && publicRoute.path === route)) return true;
  return (method === 'GET' || method === 'HEAD') && (route === '/' || route.startsWith(CONSOLE_PREFIX));
}

/** Where the customer's own routes are: `/pay/<token>/…`, whose signed token is their only credential. */
export const CUSTOMER_LINK_ROUTE_PREFIX = '/pay/:token/';

/**
 * Whether a matched route is a customer's own (self-service): it takes no API key, so a staff key
 * sent with it counts for nothing, and its handler (@CustomerLink) checks the token instead.
 */
export const isCustomerLinkRoute = (route: string | undefined): boolean => route?.startsWith(CUSTOMER_LINK_ROUTE_PREFIX) ?? false;

/** The actor whose key the request carries as `Authorization: Bearer <key>`; 401 otherwise. */
export function authenticate(request: FastifyRequest, keys: ApiKeyRegistry): Actor {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (!match) throw new UnauthorizedException('Send an API key as "Authorization: Bearer <key>"');
  const actor = keys.authenticate(match[1]);
  if (!actor) throw new UnauthorizedException('The API key is not valid');
  return actor;
}

/**
 * Authentication in front of everything the HTTP server answers — Nest's routes, the OpenAPI
 * document and UI (which Swagger registers on Fastify directly, past Nest's guards), unknown
 * paths, and whatever is registered later — so that only public routes (isPublicRoute) and the customers'
 * own routes (isCustomerLinkRoute, whose token their handlers check) answer without a key.
 * A Fastify onRequest hook, added before anything else; the AuthGuard then checks the role per
 * route. A refusal goes to Nest's error handler, which answers it as a problem+json 401.
 */
export function requireApiKey(keys: ApiKeyRegistry): onRequestHookHandler {
  return (request, _reply, done) => {
    // The route Fastify matched (undefined for an unknown path), not the raw URL.
    if (isPublicRoute(request.method, request.routeOptions.url) || isCustomerLinkRoute(request.routeOptions.url)) return done();
    try {
      // Kept for the AuthGuard, which then checks the role without hashing the key again.
      (request as AuthenticatedRequest).actor = authenticate(request, keys);
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}
