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

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}
