/** An RFC 9457 problem details object, as every error response carries it. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The refused business rule, for 422s (a DomainErrorCode, or a policy's refusal). */
  code?: string;
  /** Every invalid field, for 400s (and a refused policy document's 422): a JSON pointer into the request and what is wrong with it. */
  errors?: { pointer: string; detail: string }[];
  /** Where in a refused file the problem is: `line 12` (CSV) or an XML path (camt.053). */
  location?: string;
  /** Why a customer's link opens nothing (`invalid`, `expired`, `revoked`), on the customer routes' 404 and 410. */
  reason?: LinkRefusalReason;
  /** GET /health/ready's checks, on its 503. */
  checks?: Record<string, { status: string }>;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs: stable identifiers clients can switch on; not meant to be fetched. */
export const problemType = (slug: string): string => `urn:collections:problem:${slug}`;

/** A bad request body, query or path; `errors` names every field. */
export class RequestValidationError extends Error {
  constructor(readonly errors: { pointer: string; detail: string }[]) {
    super(`The request is invalid: ${errors.map((error) => `${error.pointer} ${error.detail}`).join('; ')}`);
    this.name = 'RequestValidationError';
  }
}

/** A collection policy whose overrides send customers to policies that were never recorded. */
export class UnknownPolicyError extends Error {
  constructor(readonly errors: { pointer: string; detail: string }[]) {
    super(
      `The policy's overrides name policies that have no recorded version: ${errors.map((error) => `${error.pointer} ${error.detail}`).join('; ')}`,
    );
    this.name = 'UnknownPolicyError';
  }
}

/** The request conflicts with what is under way (a what-if still running): 409 with its `code`; asking again later may succeed. */
export class ConflictError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/**
 * Why a customer's link opens nothing. `invalid` (malformed, forged, or naming no account) says
 * nothing about any customer; `expired` and `revoked` are told apart, so the page can offer a
 * fresh link.
 */
export const LINK_REFUSAL_REASONS = ['invalid', 'expired', 'revoked'] as const;
export type LinkRefusalReason = (typeof LINK_REFUSAL_REASONS)[number];

/** A customer's link that opens nothing: 404 when it is not one of ours, 410 when it was and no longer works. */
export class LinkNotValidError extends Error {
  readonly status: 404 | 410;
  constructor(
    readonly reason: LinkRefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'LinkNotValidError';
    this.status = reason === 'invalid' ? 404 : 410;
  }
}

/**
 * A business rule outside the decider refuses the request (a policy's limit): 422 with its `code`,
 * and `errors` when the refusal is about one field, so that a form can show it next to it.
 */
export class BusinessRuleRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors?: { pointer: string; detail: string }[],
  ) {
    super(message);
    this.name = 'BusinessRuleRefusal';
  }
}
