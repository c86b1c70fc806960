import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Permission } from './roles';
import { Actor } from '@collections/accounts';

export const PERMISSION = 'collections:permission';
export const PUBLIC = 'collections:public';
export const CUSTOMER_LINK = 'collections:customer-link';

/** The permission an endpoint needs; an endpoint without one (and not @Public) is refused. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION, permission);

/** Open to anyone without a key: only health checks, which must also be listed in PUBLIC_ROUTES (authenticate.ts). */
export const Public = () => SetMetadata(PUBLIC, true);

/**
 * A customer's own route (/pay/:token/…): no API key, the signed token in the path is the only
 * credential, and the handler opens it. It names the command it sends (or `ReadAccount`), as a
 * permission would. The route must also be one `isCustomerLinkRoute` (authenticate.ts) knows:
 * the guard refuses a handler marked so on any other path.
 */
export const CustomerLink = (does: Permission) => SetMetadata(CUSTOMER_LINK, does);

export type AuthenticatedRequest = FastifyRequest & { actor: Actor };

/** The authenticated actor of the request. */
export const CurrentActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor => context.switchToHttp().getRequest<AuthenticatedRequest>().actor,
);
