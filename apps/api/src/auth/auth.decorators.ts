import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Permission } from './roles';
import { Actor } from '@collections/accounts';

export const PERMISSION = 'collections:permission';
export const PUBLIC = 'collections:public';

/** The permission an endpoint needs; an endpoint without one (and not @Public) is refused. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION, permission);

/** Open to anyone without a key: only health checks, which must also be listed in PUBLIC_ROUTES (authenticate.ts). */
export const Public = () => SetMetadata(PUBLIC, true);

export type AuthenticatedRequest = FastifyRequest & { actor: Actor };

/** The authenticated actor of the request. */
export const CurrentActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor => context.switchToHttp().getRequest<AuthenticatedRequest>().actor,
);
