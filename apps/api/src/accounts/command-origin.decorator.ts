import { CallHandler, ExecutionContext, Injectable, NestInterceptor, createParamDecorator } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Observable, map } from 'rxjs';
import { AuthenticatedRequest } from '../auth/auth.decorators';
import { RequestValidationError } from '../problems/problem-details';
import { CommandOrigin, CommandOutcome } from '@collections/accounts';

/** Printable ASCII without spaces, as a header value can carry it unquoted. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
export const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function header(request: AuthenticatedRequest, name: string, pattern: RegExp): string | undefined {
  const value = request.headers[name.toLowerCase()];
  if (Array.isArray(value)) throw new RequestValidationError([{ pointer: `header:${name}`, detail: `${name} may be sent once` }]);
  if (value === undefined) return undefined;
  if (!pattern.test(value)) {
    throw new RequestValidationError([{ pointer: `header:${name}`, detail: `${name} must match ${pattern.source}` }]);
  }
  return value;
}

/** Who sent the command and how: the actor, the Idempotency-Key, the request it came in. */
export const Origin = createParamDecorator((_: unknown, context: ExecutionContext): CommandOrigin => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  // A command's body is a JSON object or nothing. Validation would take JSON's null for no body
  // (and accept it where every field is optional), though the OpenAPI document says an object.
  if (request.body === null) throw new RequestValidationError([{ pointer: '', detail: 'the body must be a JSON object' }]);
  return {
    actor: request.actor,
    idempotencyKey: header(request, 'Idempotency-Key', IDEMPOTENCY_KEY),
    keyScope: 'client',
    correlationId: header(request, 'X-Correlation-Id', CORRELATION_ID),
    request: { method: request.method, route: request.routeOptions.url, params: request.params, body: request.body },
  };
});

/** Answers 201 for a command that appended and 200 for an idempotent replay, with the revision. */
@Injectable()
export class CommandOutcomeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<CommandOutcome>): Observable<Omit<CommandOutcome, 'replayed'>> {
    return next.handle().pipe(
      map(({ customerId, revision, replayed }) => {
        context
          .switchToHttp()
          .getResponse<FastifyReply>()
          .status(replayed ? 200 : 201);
        return { customerId, revision };
      }),
    );
  }
}
