import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { DomainError, TotalTooLargeError } from '@collections/domain';
import { WrongExpectedRevisionError } from '@collections/event-store';
import { PolicyError } from '@collections/policy';
import { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_LOG, RequestLog } from '../config/request-log';
import { UnreadableBodyError } from '../http/request-body';
import { StatementFormatError } from '@collections/cash-application';
import { InboundMailError } from '@collections/inbound-mail';
import {
  BusinessRuleRefusal,
  LinkNotValidError,
  ConflictError,
  NotFoundError,
  PROBLEM_CONTENT_TYPE,
  ProblemDetails,
  RequestValidationError,
  UnknownPolicyError,
  problemType,
} from './problem-details';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from '@collections/accounts';
import { NotReadyError } from '../health/readiness';

/** Fastify's own refusals (body too large, a bad Content-Length…) reach Nest as an HttpException caused by one of these. */
interface FastifyError {
  code: string;
  statusCode: number;
  message: string;
}

const isFastifyError = (error: unknown): error is FastifyError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as FastifyError).code === 'string' &&
  (error as FastifyError).code.startsWith('FST_') &&
  typeof (error as FastifyError).statusCode === 'number';

/**
 * Turns every error into an RFC 9457 problem+json response. Only errors we did not foresee
 * become 500s, with a generic text: their details go to the log, never to the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(REQUEST_LOG) private readonly requestLog: RequestLog) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = { ...this.toProblem(error), instance: request.url };
    // Not being ready is an answer (the request log has it), not a failure to log at every probe.
    if (problem.status >= 500 && !(error instanceof NotReadyError)) this.logFailure(error, request);
    if (reply.sent || reply.raw.headersSent) {
      // A streamed export failed half-way: all we can do is cut it off.
      reply.raw.destroy();
      return;
    }
    if (problem.status === HttpStatus.UNAUTHORIZED) reply.header('WWW-Authenticate', 'Bearer');
    void reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  /** With the request's id, as its line in the request log has it. */
  private logFailure(error: unknown, request: FastifyRequest): void {
    this.requestLog.logger.error({ reqId: request.id, err: error }, 'the request failed');
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof RequestValidationError) {
      return { ...base(400, 'invalid-request', 'Invalid request', error.message), errors: error.errors };
    }
    if (error instanceof DomainError) {
      if (error.code === 'account-not-found') {
        return { ...base(404, 'customer-not-found', 'Customer not found', error.message), code: error.code };
      }
      // Revoking a link twice conflicts with what is recorded; nothing about it is a rule to fix.
      const status = error.code === 'link-already-revoked' ? 409 : 422;
      return { ...base(status, error.code, 'Business rule refused the command', error.message), code: error.code };
    }
    if (error instanceof TotalTooLargeError) {
      return { ...base(422, 'total-too-large', 'The total cannot be given exactly', error.message), code: 'total-too-large' };
    }
    if (error instanceof PolicyError) return policyProblem(error);
    if (error instanceof UnknownPolicyError) {
      return { ...base(422, 'policy-unknown', 'Policy replacement refused', error.message), code: 'policy-unknown', errors: error.errors };
    }
    if (error instanceof NotFoundError) return base(404, 'not-found', 'Not found', error.message);
    if (error instanceof ConflictError) return { ...base(409, error.code, 'Conflict', error.message), code: error.code };
    if (error instanceof LinkNotValidError) {
      return { ...base(error.status, 'link-not-valid', 'This link does not open a page', error.message), reason: error.reason };
    }
    if (error instanceof BusinessRuleRefusal) {
      return {
        ...base(422, error.code, 'Business rule refused the request', error.message),
        code: error.code,
        ...(error.errors && { errors: error.errors }),
      };
    }
    if (error instanceof ConcurrencyConflictError) return base(409, 'concurrency-conflict', 'Conflict', error.message);
    // Outside the retried account commands (a policy replacement): someone else appended first.
    if (error instanceof WrongExpectedRevisionError) {
      return base(409, 'concurrency-conflict', 'Conflict', `${error.message}: it was changed meanwhile; read it again and retry`);
    }
    if (error instanceof IdempotencyKeyReusedError) {
      return base(422, 'idempotency-key-reused', 'Idempotency-Key reused', error.message);
    }
    if (error instanceof UnreadableBodyError) return bodyProblem(error);
    if (error instanceof StatementFormatError) {
      return { ...base(422, 'bad-statement', 'Bank statement refused', error.message), location: error.location };
    }
    if (error instanceof InboundMailError) {
      // Not an e-mail at all is a bad request; an e-mail that answers no letter of ours is refused.
      return error.isMalformed
        ? base(400, 'not-a-message', 'Not an e-mail message', error.message)
        : { ...base(422, error.refusal, 'Message refused', error.message), code: error.refusal };
    }
    if (error instanceof NotReadyError) return { ...base(503, 'not-ready', 'Not ready', error.message), checks: error.checks };
    if (error instanceof HttpException && isFastifyError(error.cause)) return fastifyProblem(error.cause);
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
      return base(status, slug(status), titleOf(status), detail);
    }
    return base(500, 'internal-error', 'Internal Server Error', 'The server failed to handle the request; it has been logged');
  }
}

/**
 * A refused policy replacement. A version that does not follow the one in force conflicts with
 * it (409); the rest are refused documents (422). The document arrives as the body's `policy`,
 * hence the pointers' prefix.
 */
function policyProblem(error: PolicyError): ProblemDetails {
  const status = error.code === 'policy-version-not-increased' ? 409 : 422;
  const errors = error.problems.map(({ pointer, message }) => ({ pointer: `/policy${pointer}`, detail: message }));
  return {
    ...base(status, error.code, 'Policy replacement refused', error.message),
    code: error.code,
    ...(errors.length > 0 ? { errors } : {}),
  };
}

function bodyProblem(error: UnreadableBodyError): ProblemDetails {
  return error.refusal === 'malformed-json'
    ? base(400, 'malformed-json', 'Malformed JSON', error.message)
    : base(415, 'unsupported-encoding', 'Unsupported encoding', error.message);
}

function fastifyProblem(error: FastifyError): ProblemDetails {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return base(413, 'body-too-large', 'Request body too large', 'The request body exceeds the size limit');
  }
  return base(error.statusCode, 'bad-body', 'Bad request', error.message);
}

function base(status: number, type: string, title: string, detail: string): ProblemDetails {
  return { type: problemType(type), title, status, detail };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
};

const titleOf = (status: number): string => TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Request Error');
const slug = (status: number): string => titleOf(status).toLowerCase().replace(/\s+/g, '-');
