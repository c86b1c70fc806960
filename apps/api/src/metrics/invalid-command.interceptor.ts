import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, catchError, throwError } from 'rxjs';
import { COMMAND_METRICS, CommandMetrics, NO_COMMAND_METRICS } from '@collections/accounts';
import { PERMISSION } from '../auth/auth.decorators';
import { RequestValidationError } from '../problems/problem-details';

/**
 * Counts a command the api refused before the command side saw it (a 400: the body, path or
 * query did not validate) as `invalid`, by its type: a command route's permission is its
 * command type. Every other outcome is counted by the command side itself.
 */
@Injectable()
export class InvalidCommandInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Optional() @Inject(COMMAND_METRICS) private readonly metrics: CommandMetrics = NO_COMMAND_METRICS,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof RequestValidationError) {
          const type = this.reflector.get<string | undefined>(PERMISSION, context.getHandler());
          if (type !== undefined) this.metrics.commandSettled(type, 'invalid', 0);
        }
        return throwError(() => error);
      }),
    );
  }
}
