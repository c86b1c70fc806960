import { CollectionEvent } from '@collections/domain';
import { active, fold, invoiceRegistered, promiseBroken, promiseMade } from '@collections/domain/testing/decider-specification';
import { CollectionPolicy } from './collection-policy';
import { customerPromiseRefusal, customerPromiseTerms, invoicesACustomerPromiseCovers } from './customer-promise';
import { TEST_POLICY } from './testing/policy-specification';

const TODAY = '2024-03-01';
const policy: CollectionPolicy = {
  ...TEST_POLICY,
  selfService: { linkValidDays: 30, promiseMaxDays: 14, promiseMinSharePercent: 25, brokenPromisesBeforeCall: 2 },
};
const account = (events: CollectionEvent[]) => active(fold(events));

// INV-1 100.00 EUR due 2024-02-09, INV-2 33.33 EUR due 2024-01-20 (older), INV-3 50.00 USD.
const invoices = [
  invoiceRegistered(),
  invoiceRegistered({ invoiceId: 'INV-2', amount: 3_333, issuedOn: '2023-12-20', dueOn: '2024-01-20' }),
  invoiceRegistered({ invoiceId: 'INV-3', amount: 5_000, currency: 'USD' }),
];

describe("a customer's promise on its page", () => {
  it('given open invoices in two currencies, then it covers those of its currency without an open promise, oldest due first', () => {
    const promised = account([
      ...invoices,
      invoiceRegistered({ invoiceId: 'INV-4', amount: 700 }),
      promiseMade({ invoiceIds: ['INV-4'], amount: 700 }),
    ]);

    expect(invoicesACustomerPromiseCovers(promised, 'EUR', TODAY).map((invoice) => invoice.invoiceId)).toEqual(['INV-2', 'INV-1']);
  });

  it('given 133.33 EUR open and a share of 25%, then the smallest promise is 33.34 EUR (rounded up to a whole cent), and 33.33 is refused in words', () => {
    const terms = customerPromiseTerms(account(invoices), policy, TODAY);

    expect(terms).toEqual({
      allowed: true,
      latestOn: '2024-03-15',
      minimum: [
        { currency: 'EUR', amount: 3_334 },
        { currency: 'USD', amount: 1_250 },
      ],
    });
    expect(customerPromiseRefusal(account(invoices), { amount: 3_333, currency: 'EUR', promisedFor: '2024-03-10' }, policy, TODAY)).toEqual(
      {
        code: 'promise-too-small',
        detail: 'The smallest amount you can promise is EUR 33.34',
      },
    );
    expect(
      customerPromiseRefusal(account(invoices), { amount: 3_334, currency: 'EUR', promisedFor: '2024-03-10' }, policy, TODAY),
    ).toBeUndefined();
  });

  it('given the policy allows 14 days, then the 15th is refused with the latest date, today is accepted and yesterday refused', () => {
    const refusal = (promisedFor: string) =>
      customerPromiseRefusal(account(invoices), { amount: 13_333, currency: 'EUR', promisedFor }, policy, TODAY);

    expect(refusal('2024-03-15')).toBeUndefined();
    expect(refusal(TODAY)).toBeUndefined();
    expect(refusal('2024-03-16')).toEqual({ code: 'promise-date-too-late', detail: 'The latest date you can promise is 2024-03-15' });
    expect(refusal('2024-02-29')).toMatchObject({ code: 'promise-date-past' });
  });

  it('given more than is open, or a currency nothing is open in, then it is refused with what can be promised', () => {
    expect(customerPromiseRefusal(account(invoices), { amount: 13_334, currency: 'EUR', promisedFor: TODAY }, policy, TODAY)).toEqual({
      code: 'promise-too-large',
      detail: 'The largest amount you can promise is EUR 133.33, what is open',
    });
    expect(customerPromiseRefusal(account(invoices), { amount: 100, currency: 'GBP', promisedFor: TODAY }, policy, TODAY)).toEqual({
      code: 'nothing-to-promise',
      detail: 'Nothing in GBP is open to promise',
    });
  });

  it('given two broken promises, then no promise is taken and the page is told to call; one broken promise still allows one', () => {
    const brokenOnce = [...invoices, promiseMade(), promiseBroken()];
    const brokenTwice = [
      ...brokenOnce,
      promiseMade({ promiseId: 'PR-2', madeOn: '2024-02-29', promisedFor: '2024-02-29' }),
      promiseBroken({ promiseId: 'PR-2', brokenOn: '2024-03-01' }),
    ];
    const request = { amount: 13_333, currency: 'EUR', promisedFor: '2024-03-10' };

    expect(customerPromiseRefusal(account(brokenOnce), request, policy, TODAY)).toBeUndefined();
    expect(customerPromiseRefusal(account(brokenTwice), request, policy, TODAY)).toEqual({
      code: 'promises-broken',
      detail: '2 earlier promises were not kept: please call us to agree a date',
    });
    expect(customerPromiseTerms(account(brokenTwice), policy, TODAY)).toMatchObject({
      allowed: false,
      reason: '2 earlier promises were not kept: please call us to agree a date',
    });
  });

  it('given a policy without self-service rules (recorded before them), then the defaults hold: 30 days, 25%', () => {
    const terms = customerPromiseTerms(account(invoices), TEST_POLICY, TODAY);

    expect(terms.latestOn).toBe('2024-03-31');
    expect(terms.minimum[0]).toEqual({ currency: 'EUR', amount: 3_334 });
  });

  it('given nothing open, then the page offers no promise and says why', () => {
    expect(customerPromiseTerms(account([invoiceRegistered({ issuedOn: '2024-03-05' })]), policy, TODAY)).toMatchObject({
      allowed: false,
      reason: 'Nothing is open to promise',
      minimum: [],
    });
  });
});
