import type { ProblemAnswer } from '../actions/problem-fields';

/**
 * The customer's routes (`/pay/{token}/…`), called with the token of the page's address and no
 * key: the token is the customer's only credential, and the page never holds a staff key.
 *
 * TODO(lead): these shapes follow the contract of the self-service routes (branch i17-selfservice);
 * once it has landed, take them from `components['schemas']` and call through openapi-fetch with
 * the generated `paths`, as the console does.
 */
export interface PayInvoice {
  invoiceId: string;
  issuedOn: string;
  dueOn: string;
  currency: string;
  amount: number;
  openBalance: number;
  disputed: boolean;
  promised: boolean;
}

export interface PayLetter {
  letterId: string;
  sentOn: string;
  kind: string;
  subject: string;
  text: string;
}

export interface PayAccount {
  customerId: string;
  linkExpiresOn: string;
  creditor: { name: string; bankDetails?: string; paymentUrl?: string; contact?: string };
  paymentReference: string;
  invoices: PayInvoice[];
  letters: PayLetter[];
  promise: { allowed: boolean; reason?: string; latestOn: string; minimum: { currency: string; amount: number }[] };
  disputeCategories: string[];
}

export interface PromiseBody {
  amount: number;
  currency: string;
  promisedFor: string;
}

export interface DisputeBody {
  invoiceId: string;
  category: string;
  description: string;
  amount?: number;
}

export interface PaymentReportBody {
  amount: number;
  currency: string;
  paidOn: string;
  reference?: string;
  invoiceIds?: string[];
}

/** Why a link opens no account, as the api says it: not one of ours, past its last day, or withdrawn. */
export type LinkRefusal = 'invalid' | 'expired' | 'revoked';

/** A refusal of the api as problem+json, with the link's refusal when it is one. */
export type PayProblem = ProblemAnswer & { reason?: LinkRefusal; code?: string };

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

/** A body as JSON, or undefined when it is none (an empty 202, a proxy's HTML error page). */
function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function call<T>(token: string, method: 'GET' | 'POST', path: string, body?: object, idempotencyKey?: string): Promise<PayAnswer<T>> {
  const response = await fetch(`/pay/${encodeURIComponent(token)}${path}`, {
    method,
    headers: {
      Accept: 'application/json, application/problem+json',
      ...(body && { 'Content-Type': 'application/json' }),
      // One key per opening of a form: a retry after a lost answer records nothing twice.
      ...(idempotencyKey && { 'Idempotency-Key': idempotencyKey }),
    },
    body: body && JSON.stringify(body),
    // No cookie, no key: the token in the path is the whole credential.
    credentials: 'omit',
  });
  const parsed = parseJson(await response.text());
  return response.ok ? { data: parsed as T, response } : { error: (parsed ?? {}) as PayProblem, response };
}

/** The calls the customer's page makes, all with one token. */
export const payClient = (token: string) => ({
  account: () => call<PayAccount>(token, 'GET', '/account'),
  promise: (body: PromiseBody, idempotencyKey: string) => call<unknown>(token, 'POST', '/promises', body, idempotencyKey),
  dispute: (body: DisputeBody, idempotencyKey: string) => call<unknown>(token, 'POST', '/disputes', body, idempotencyKey),
  reportPayment: (body: PaymentReportBody, idempotencyKey: string) =>
    call<unknown>(token, 'POST', '/payment-reports', body, idempotencyKey),
  requestLink: () => call<unknown>(token, 'POST', '/link-requests'),
});

export type PayClient = ReturnType<typeof payClient>;
