import createClient, { Client } from 'openapi-fetch';
import type { paths } from './generated/schema';

/** The customer's own operations: the paths under /pay/{token}/, whose token is their only credential. */
export type CustomerPaths = { [Path in keyof paths as Path extends `/pay/{token}/${string}` ? Path : never]: paths[Path] };

/** An openapi-fetch client of the customer's routes (the page behind a letter's link). */
export type CustomerClient = Client<CustomerPaths>;

/**
 * A client of the customer's routes that sends no key and no cookie: the token in each path is the
 * whole credential (a staff key counts for nothing there), and only these paths are typed, so the
 * customer's page cannot call a staff operation by mistake.
 */
export function createCustomerClient({
  baseUrl,
  fetch,
}: {
  baseUrl: string;
  fetch?: (request: Request) => Promise<Response>;
}): CustomerClient {
  return createClient<CustomerPaths>({ baseUrl, fetch, credentials: 'omit' });
}
