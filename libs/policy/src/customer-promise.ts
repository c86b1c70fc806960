import { ActiveAccount, BusinessDate, CurrencyCode, InvoiceState, addDays, formatMoney, sumAmounts } from '@collections/domain';
import { CollectionPolicy, selfServiceOf } from './collection-policy';

/**
 * The limits a customer's own promise to pay (made on its page, not to a collector) is held to:
 * a date no later than the policy's `promiseMaxDays` ahead, an amount of at least
 * `promiseMinSharePercent` of what it covers, and none at all once `brokenPromisesBeforeCall`
 * promises were broken (a collector calls instead). Pure: the day comes from the caller's Clock.
 */

/** What a customer asks to promise on its page. */
export interface CustomerPromiseRequest {
  amount: number;
  currency: CurrencyCode;
  promisedFor: BusinessDate;
}

/** Why a promise is refused: a stable code and the limit in words, for the customer. */
export interface CustomerPromiseRefusal {
  code:
    'promises-broken' | 'promise-date-past' | 'promise-date-too-late' | 'promise-too-small' | 'promise-too-large' | 'nothing-to-promise';
  detail: string;
}

/** What the page may offer: whether a promise is taken at all, the latest date, and the smallest amount per currency. */
export interface CustomerPromiseTerms {
  allowed: boolean;
  /** Why not, when not allowed. */
  reason?: string;
  latestOn: BusinessDate;
  minimum: { currency: CurrencyCode; amount: number }[];
}

/**
 * The invoices a customer's promise in `currency` covers: every invoice open in it on `today`
 * (issued by then, something still owed) without an open promise, oldest due first.
 */
export function invoicesACustomerPromiseCovers(account: ActiveAccount, currency: CurrencyCode, today: BusinessDate): InvoiceState[] {
  const promised = new Set(
    [...account.promises.values()].filter((promise) => promise.status === 'open').flatMap((promise) => promise.invoiceIds),
  );
  return [...account.invoices.values()]
    .filter(
      (invoice) => invoice.currency === currency && invoice.balance > 0 && invoice.issuedOn <= today && !promised.has(invoice.invoiceId),
    )
    .sort((a, b) => (a.dueOn === b.dueOn ? a.invoiceId.localeCompare(b.invoiceId) : a.dueOn < b.dueOn ? -1 : 1));
}

/** The smallest amount a promise covering `invoices` may be: the policy's share of their balance, rounded up to a whole minor unit. */
export const smallestCustomerPromise = (invoices: readonly InvoiceState[], policy: CollectionPolicy): number =>
  // Integers only: (balance × percent) is exact, and the ceiling of its hundredth is found without a fraction.
  Math.ceil((sumAmounts(invoices.map((invoice) => invoice.balance)) * selfServiceOf(policy).promiseMinSharePercent) / 100);

const brokenPromisesOf = (account: ActiveAccount): number =>
  [...account.promises.values()].filter((promise) => promise.status === 'broken').length;

/** "EUR 250.00": the currency first, as a customer reads an amount. */
const inWords = (amount: number, currency: CurrencyCode): string =>
  `${currency} ${formatMoney(amount, currency).slice(0, -currency.length - 1)}`;

function brokenRefusal(account: ActiveAccount, policy: CollectionPolicy): CustomerPromiseRefusal | undefined {
  const limit = selfServiceOf(policy).brokenPromisesBeforeCall;
  const broken = brokenPromisesOf(account);
  if (broken < limit) return undefined;
  return {
    code: 'promises-broken',
    detail:
      limit === 0
        ? 'Promises to pay are agreed with us by phone: please call us'
        : `${broken} earlier ${broken === 1 ? 'promise was' : 'promises were'} not kept: please call us to agree a date`,
  };
}

/** What the customer's page offers on `today`. */
export function customerPromiseTerms(account: ActiveAccount, policy: CollectionPolicy, today: BusinessDate): CustomerPromiseTerms {
  const refusal = brokenRefusal(account, policy);
  const currencies = [...new Set([...account.invoices.values()].map((invoice) => invoice.currency))].sort();
  const minimum = currencies.flatMap((currency) => {
    const invoices = invoicesACustomerPromiseCovers(account, currency, today);
    return invoices.length === 0 ? [] : [{ currency, amount: smallestCustomerPromise(invoices, policy) }];
  });
  return {
    allowed: refusal === undefined && minimum.length > 0,
    ...(refusal !== undefined ? { reason: refusal.detail } : minimum.length === 0 ? { reason: 'Nothing is open to promise' } : {}),
    latestOn: addDays(today, selfServiceOf(policy).promiseMaxDays),
    minimum,
  };
}

/** Why the policy refuses a customer's promise on `today`; undefined when it is within the limits. */
export function customerPromiseRefusal(
  account: ActiveAccount,
  request: CustomerPromiseRequest,
  policy: CollectionPolicy,
  today: BusinessDate,
): CustomerPromiseRefusal | undefined {
  const broken = brokenRefusal(account, policy);
  if (broken !== undefined) return broken;
  if (request.promisedFor < today) {
    return { code: 'promise-date-past', detail: `The date of a promise cannot be in the past: the earliest is ${today}` };
  }
  const latestOn = addDays(today, selfServiceOf(policy).promiseMaxDays);
  if (request.promisedFor > latestOn) {
    return { code: 'promise-date-too-late', detail: `The latest date you can promise is ${latestOn}` };
  }
  const invoices = invoicesACustomerPromiseCovers(account, request.currency, today);
  if (invoices.length === 0) {
    return { code: 'nothing-to-promise', detail: `Nothing in ${request.currency} is open to promise` };
  }
  const smallest = smallestCustomerPromise(invoices, policy);
  if (request.amount < smallest) {
    return { code: 'promise-too-small', detail: `The smallest amount you can promise is ${inWords(smallest, request.currency)}` };
  }
  const open = sumAmounts(invoices.map((invoice) => invoice.balance));
  if (request.amount > open) {
    return { code: 'promise-too-large', detail: `The largest amount you can promise is ${inWords(open, request.currency)}, what is open` };
  }
  return undefined;
}
