import { UnauthorizedException } from '@nestjs/common';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiKeyRegistry } from './api-keys';
import { Actor } from '@collections/accounts';

const BEARER = /^Bearer ([^\s]+)$/i;

/** The only requests answered without a key (their handlers are also marked @Public). */
export const PUBLIC_ROUTES: readonly { method: string; path: string }[] = [
  { method: 'GET', path: '/health' },
  { method: 'HEAD', path: '/health' },
];

/** The actor whose key the request carries as `Authorization: Bearer <key>`; 401 otherwise. */
export function authenticate(request: Request, keys: ApiKeyRegistry): Actor {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (!match) throw new UnauthorizedException('Send an API key as "Authorization: Bearer <key>"');
  const actor = keys.authenticate(match[1]);
  if (!actor) throw new UnauthorizedException('The API key is not valid');
  return actor;
}

/**
 * Authentication in front of everything the HTTP server answers — Nest's routes, the OpenAPI
 * document and UI (which Swagger mounts on express directly, past Nest's guards), unknown paths,
 * and whatever is mounted later — so that only PUBLIC_ROUTES answer without a key. Installed
 * before anything else; the AuthGuard then checks the role per route. A refusal goes to Nest's
 * error handler, which answers it as a problem+json 401.
 */
export function requireApiKey(keys: ApiKeyRegistry): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    if (PUBLIC_ROUTES.some(({ method, path }) => request.method === method && request.path === path)) return next();
    try {
      authenticate(request, keys);
      next();
    } catch (error) {
      next(error);
    }
  };
}
