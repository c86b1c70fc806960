import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyRegistry } from './api-keys';
import { AuthenticatedRequest, PERMISSION, PUBLIC } from './auth.decorators';
import { Permission, isAllowed } from './roles';

const BEARER = /^Bearer ([^\s]+)$/i;

/** Every endpoint needs a bearer API key whose role holds the endpoint's permission. */
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
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException('Send an API key as "Authorization: Bearer <key>"');
    const actor = this.keys.authenticate(match[1]);
    if (!actor) throw new UnauthorizedException('The API key is not valid');

    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION, targets);
    // Fail closed: an endpoint that forgot to declare its permission is open to nobody but admins.
    if (actor.role !== 'admin' && (permission === undefined || !isAllowed(actor.role, permission))) {
      throw new ForbiddenException(`Role ${actor.role} may not ${permission ?? 'use this endpoint'}`);
    }
    request.actor = actor;
    return true;
  }
}
