import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { LINK_REFUSAL_REASONS, LinkRefusalReason, PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem-details';

export class InvalidField {
  @ApiProperty({
    description: 'A JSON pointer to the field it names, in the body, query or path it came in: /amount, /installments/1/dueOn, /asOf',
  })
  pointer!: string;
  @ApiProperty()
  detail!: string;
}

/** The one Problem schema of the OpenAPI document: what every error response carries (RFC 9457). */
export class Problem implements ProblemDetails {
  @ApiProperty({ description: 'A stable URN clients can switch on (urn:collections:problem:…); not meant to be fetched' })
  type!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599 })
  status!: number;
  @ApiProperty()
  detail!: string;
  @ApiPropertyOptional({ description: 'The request path' })
  instance?: string;
  @ApiPropertyOptional({ description: 'The refused business rule, on 422s' })
  code?: string;
  @ApiPropertyOptional({ type: [InvalidField], description: 'Every invalid field, on 400s' })
  errors?: InvalidField[];
  @ApiPropertyOptional({
    enum: LINK_REFUSAL_REASONS,
    description: "Why a customer's link opens nothing, on the customer routes' 404 and 410",
  })
  reason?: LinkRefusalReason;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object', properties: { status: { enum: ['up', 'down'] } }, required: ['status'] },
    description: 'Every check of GET /health/ready and what it found, on its 503',
  })
  checks?: Record<string, { status: string }>;
}

const WHEN: Record<number, string> = {
  400: 'The request is invalid: `errors` names every field',
  401: 'No valid API key',
  403: "The key's role may not do this",
  404: 'No such customer, invoice, policy or other resource',
  409: 'A concurrent change, or an Idempotency-Key reused with another request',
  410: 'The link expired or was revoked (`reason`): ask for a fresh one',
  413: 'The body is too large',
  415: 'The charset or content encoding of the body is not supported',
  422: 'A business rule refuses it: `code` names the rule',
};

/** A problem+json response with the shared Problem schema, saying when the endpoint gives it. */
export const ProblemResponse = (status: number, description: string) =>
  applyDecorators(
    ApiExtraModels(Problem, InvalidField),
    ApiResponse({ status, description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(Problem) } } } }),
  );

/** The problem+json responses an endpoint (or every endpoint of a controller) can give, with the shared Problem schema. */
export const ProblemResponses = (...statuses: (keyof typeof WHEN)[]) =>
  applyDecorators(...statuses.map((status) => ProblemResponse(status, WHEN[status])));
