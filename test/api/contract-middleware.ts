import type { Middleware } from 'openapi-fetch';
import { Answer, OpenApiContract } from './openapi-contract';

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

/**
 * openapi-fetch middleware that holds a client to the OpenAPI contract, as the harness holds
 * supertest to it: an answer whose status, media type or body the document does not describe for
 * the operation (or a 2xx for a body its request schema refuses) makes the call reject, naming the
 * route, the status and what is wrong. Bodies are read from copies, so the client still reads them.
 */
export function holdingTo(contract: OpenApiContract): Middleware {
  const sentBodies = new Map<string, string>();
  return {
    onRequest: async ({ id, request }) => {
      if (request.body !== null) sentBodies.set(id, await request.clone().text());
    },
    onResponse: async ({ id, request, response }) => {
      const sent = sentBodies.get(id);
      sentBodies.delete(id);
      const contentType = response.headers.get('content-type');
      const text = await response.clone().text();
      const answer: Answer = {
        status: response.status,
        headers: contentType === null ? {} : { 'content-type': contentType },
        body: contentType !== null && isJson(contentType.split(';')[0].trim()) && text !== '' ? JSON.parse(text) : undefined,
        text,
      };
      const path = new URL(request.url).pathname;
      const problems = contract.problemsOf(request.method, path, answer, sent);
      if (problems.length > 0) {
        throw new Error(`The answer to ${request.method} ${path} does not conform to the OpenAPI document: ${problems.join('\n')}`);
      }
    },
  };
}
