import createClient, { Client } from 'openapi-fetch';
import type { paths } from './generated/schema';

export interface CollectionsClientOptions {
  /** Where the service is, e.g. `http://localhost:3000` (the document's own server is `/`). */
  baseUrl: string;
  /** The key every request is sent with, as `Authorization: Bearer <key>`: it decides the caller's role. */
  apiKey: string;
  /** Another fetch (a test double, a proxy's); the global one otherwise. */
  fetch?: (request: Request) => Promise<Response>;
}

/** Every operation of the Collections API, typed from its OpenAPI document: paths, parameters, bodies and answers. */
export type CollectionsClient = Client<paths>;

/** An openapi-fetch client of the Collections API that authenticates as one API key. */
export function createCollectionsClient({ baseUrl, apiKey, fetch }: CollectionsClientOptions): CollectionsClient {
  return createClient<paths>({ baseUrl, fetch, headers: { Authorization: `Bearer ${apiKey}` } });
}
