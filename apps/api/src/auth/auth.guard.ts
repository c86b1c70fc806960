import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyRegistry } from './api-keys';
import { AuthenticatedRequest, CUSTOMER_LINK, PERMISSION, PUBLIC } from './auth.decorators';
import { authenticate, isCustomerLinkRoute } from './authenticate';
import { Permission, isAllowed } from './roles';
import { Actor } from '@collections/accounts';

/**
 * Every endpoint needs a bearer API key whose role holds the endpoint's permission. The key was
 * already checked in front of the router (requireApiKey), which keeps the actor on the request;
 * without one it is checked here, so that a handler is never reached unauthenticated, however the
 * application was assembled.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (this.reflector.getAllAndOverride<Permission | undefined>(CUSTOMER_LINK, targets) !== undefined) {
      // The customer's own routes: the handler opens the token; no key is asked for, and none counts.
      // Both the route and the handler must say so, or nobody gets through.
      if (!isCustomerLinkRoute(request.routeOptions.url)) throw new ForbiddenException('This endpoint is not open to anyone');
      return true;
    }
    const actor = (request.actor as Actor | null) ?? authenticate(request, this.keys);

    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION, targets);
    // Fail closed: an endpoint that forgot to declare its permission is open to nobody but admins.
    if (actor.role !== 'admin' && (permission === undefined || !isAllowed(actor.role, permission))) {
      throw new ForbiddenException(`Role ${actor.role} may not ${permission ?? 'use this endpoint'}`);
    }
    request.actor = actor;
    return true;
  }
}
