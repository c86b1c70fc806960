import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FastifyRequest } from 'fastify';
import { toRequestValidationError } from '../accounts/validation';
import { RequestValidationError } from '../problems/problem-details';
import { CollectionPolicyDocument, ReplacePolicyBody } from './policy-requests';

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The replacement's body, checked by ReplacePolicyBody's rules as the global ValidationPipe
 * checks every other body (same options, every bad field at once), but with the document kept
 * exactly as parsed. class-transformer rebuilds nested objects key by key and silently drops
 * keys it takes for methods — `constructor`, `toString`, `valueOf` are valid customer ids in
 * `overrides` — so the version recorded would not be the document the manager sent. It only
 * ever sees a stand-in; the schema in the policy decider checks the document itself. Another body
 * carrying a policy document (a what-if's) names its class: `@ReplacementBody(WhatIfBody)`.
 */
export const ReplacementBody = createParamDecorator(
  (type: ClassConstructor<{ policy: unknown }> | undefined, context: ExecutionContext) => {
    const body: unknown = context.switchToHttp().getRequest<FastifyRequest>().body;
    if (!isJsonObject(body)) throw new RequestValidationError([{ pointer: '', detail: 'the body must be a JSON object' }]);
    const document = body.policy;
    const standIn = typeof document === 'object' && document !== null ? (Array.isArray(document) ? [] : {}) : document;
    const request = plainToInstance(type ?? ReplacePolicyBody, { ...body, policy: standIn }, { enableImplicitConversion: false });
    const errors = validateSync(request, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length > 0) throw toRequestValidationError(errors);
    return Object.assign(request, { policy: document as CollectionPolicyDocument });
  },
);
