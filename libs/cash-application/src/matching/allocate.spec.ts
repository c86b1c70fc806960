import { ActiveAccount, CollectionEvent, evolve, initialState } from '@collections/domain';
import { invoiceRegistered, paymentReceived } from '@collections/domain/testing/decider-specification';
import { placeCash } from './allocate';
import { referencesIn } from './references';

// A customer with three open EUR invoices: INV-1 100.00 (due first), INV-2 60.00, INV-3 40.00.
const invoices = [
  invoiceRegistered({ invoiceId: 'INV-1', amount: 10_000, dueOn: '2024-02-09' }),
  invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, dueOn: '2024-02-19' }),
  invoiceRegistered({ invoiceId: 'INV-3', amount: 4_000, dueOn: '2024-03-01' }),
];

function account(events: CollectionEvent[] = invoices): ActiveAccount {
  const state = events.reduce(evolve, initialState());
  if (state.status !== 'active') throw new Error('no account');
  return state;
}

const place = (amount: number, references: string[] = [], oldestFirst = false, events?: CollectionEvent[]) =>
  placeCash(account(events), { amount, currency: 'EUR', receivedOn: '2024-03-15', references }, { oldestFirst });

describe('placing a payment on its customer account', () => {
  it('given the remittance names invoices, then it pays them in the order named, never beyond a balance', () => {
    expect(place(12_000, ['INV-2', 'INV-1'])).toEqual({
      rule: 'remittance-reference',
      allocations: [
        { invoiceId: 'INV-2', amount: 6_000 },
        { invoiceId: 'INV-1', amount: 6_000 },
      ],
    });
    // An overpayment: both named invoices paid, the rest is left over (stays unapplied).
    expect(place(20_000, ['INV-3', 'INV-2'])?.allocations).toEqual([
      { invoiceId: 'INV-3', amount: 4_000 },
      { invoiceId: 'INV-2', amount: 6_000 },
    ]);
  });

  it('given no reference, when the amount is one open balance, then it pays that invoice', () => {
    expect(place(6_000)).toEqual({ rule: 'exact-amount', allocations: [{ invoiceId: 'INV-2', amount: 6_000 }] });
  });

  it('given two open invoices of that balance, then it does not guess', () => {
    const twins = [...invoices, invoiceRegistered({ invoiceId: 'INV-4', amount: 6_000, dueOn: '2024-03-09' })];
    expect(place(6_000, [], false, twins)).toBeUndefined();
  });

  it('given no reference, when the amount is a set of open balances together, then it pays that set', () => {
    expect(place(14_000)).toEqual({
      rule: 'exact-set',
      allocations: [
        { invoiceId: 'INV-1', amount: 10_000 },
        { invoiceId: 'INV-3', amount: 4_000 },
      ],
    });
  });

  it('given one invoice and a set of others both add up to the amount, then it does not guess', () => {
    // INV-4 alone is 100.00; so are INV-2 and INV-3 together.
    const more = [...invoices.slice(1), invoiceRegistered({ invoiceId: 'INV-4', amount: 10_000, dueOn: '2024-03-09' })];
    expect(place(10_000, [], false, more)).toBeUndefined();
  });

  it('given an invoice issued after the payment was booked, then it is never what the payment paid', () => {
    const later = [...invoices, invoiceRegistered({ invoiceId: 'INV-5', amount: 1_234, issuedOn: '2024-04-01', dueOn: '2024-05-01' })];
    expect(place(1_234, [], false, later)).toBeUndefined();
    expect(place(1_234, ['INV-5'], false, later)).toBeUndefined();
  });

  it('given two sets add up to the amount, then it does not guess', () => {
    const more = [...invoices, invoiceRegistered({ invoiceId: 'INV-4', amount: 6_000, dueOn: '2024-03-09' })];
    // 100 + 60 and 100 + 60 (INV-4) are two sets of 160.00.
    expect(place(16_000, [], false, more)).toBeUndefined();
  });

  it('given nothing matches, then it stays unapplied unless the policy allows oldest due first', () => {
    expect(place(12_345)).toBeUndefined();
    expect(place(12_345, [], true)).toEqual({
      rule: 'oldest-first',
      allocations: [
        { invoiceId: 'INV-1', amount: 10_000 },
        { invoiceId: 'INV-2', amount: 2_345 },
      ],
    });
  });

  it('given an invoice is already paid or in another currency, then it is never a match', () => {
    expect(place(12_345, ['INV-1'], false, [...invoices, paymentReceived({ invoiceId: 'INV-1', amount: 10_000 })])).toBeUndefined();
    expect(
      placeCash(account(), { amount: 6_000, currency: 'USD', receivedOn: '2024-03-15', references: [] }, { oldestFirst: true }),
    ).toBeUndefined();
  });
});

describe('references in a remittance', () => {
  it('given structured references and free text, then it lists both, free-text tokens without trailing punctuation', () => {
    expect(referencesIn({ unstructured: ['Invoices INV-1, INV-2. Thanks'], references: ['RF18539007547034'], deductions: [] })).toEqual([
      'RF18539007547034',
      'Invoices',
      'INV-1',
      'INV-2',
      'Thanks',
    ]);
  });
});
