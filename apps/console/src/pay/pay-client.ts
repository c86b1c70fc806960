import { components, createCustomerClient } from '@collections/api-client';
import type { ProblemAnswer } from '../actions/problem-fields';

/**
 * The customer's routes (`/pay/{token}/…`), called through the typed client of those routes only
 * (generated from the api's document), with the token of the page's address and no key: the token
 * is the customer's only credential, and the page never holds a staff key.
 */
type Schemas = components['schemas'];
export type PayAccount = Schemas['CustomerPage'];
export type PayInvoice = Schemas['CustomerInvoice'];
export type PromiseBody = Schemas['CustomerPromiseBody'];
export type DisputeBody = Schemas['CustomerDisputeBody'];
export type PaymentReportBody = Schemas['PaymentReportBody'];

/** Why a link opens no account, as the api says it: not one of ours, past its last day, or withdrawn. */
export type LinkRefusal = NonNullable<Schemas['Problem']['reason']>;

/** A refusal of the api as problem+json, with the link's refusal or the rule's code when it has one. */
export type PayProblem = ProblemAnswer & Pick<Schemas['Problem'], 'reason' | 'code'>;

/** What a call answered, as openapi-fetch gives it: the data, or the problem. */
export interface PayAnswer<T> {
  data?: T;
  error?: PayProblem;
  response: Response;
}

/**
 * A refused rule that concerns one field (told by the problem's `code`, e.g. `promise-date-too-late`
 * → `promisedFor`) is placed next to that field, as a field's own error would be.
 */
export async function placedByCode<T>(answer: Promise<PayAnswer<T>>, fields: Record<string, string>): Promise<PayAnswer<T>> {
  const { error, ...rest } = await answer;
  const field = error?.code === undefined ? undefined : fields[error.code];
  if (!error || field === undefined || (error.errors ?? []).length > 0) return { error, ...rest };
  return { ...rest, error: { ...error, errors: [{ pointer: `/${field}`, detail: error.detail ?? error.title ?? '' }] } };
}

/** The token in the page's address, `/pay/<token>`; undefined when the address holds none. */
export function tokenOfPath(pathname: string): string | undefined {
  const match = /^\/pay\/([^/]+)\/?$/.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** The calls the customer's page makes, all with one token, to the service at `baseUrl` (the page's own origin). */
export function payClient(token: string, baseUrl: string) {
  const client = createCustomerClient({ baseUrl });
  const path = { token };
  // One key per opening of a form: a retry after a lost answer records nothing twice.
  const params = (idempotencyKey: string) => ({ path, header: { 'Idempotency-Key': idempotencyKey } });
  return {
    account: (): Promise<PayAnswer<PayAccount>> => client.GET('/pay/{token}/account', { params: { path } }),
    promise: (body: PromiseBody, idempotencyKey: string): Promise<PayAnswer<unknown>> =>
      client.POST('/pay/{token}/promises', { params: params(idempotencyKey), body }),
    dispute: (body: DisputeBody, idempotencyKey: string): Promise<PayAnswer<unknown>> =>
      client.POST('/pay/{token}/disputes', { params: params(idempotencyKey), body }),
    reportPayment: (body: PaymentReportBody, idempotencyKey: string): Promise<PayAnswer<unknown>> =>
      client.POST('/pay/{token}/payment-reports', { params: params(idempotencyKey), body }),
    requestLink: (): Promise<PayAnswer<unknown>> => client.POST('/pay/{token}/link-requests', { params: { path } }),
  };
}

export type PayClient = ReturnType<typeof payClient>;
