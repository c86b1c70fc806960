import { given, invoiceRegistered, paymentReceived, receivePayment } from './decider-specification';

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();

describe('the given/when/then helpers', () => {
  it('fail when decide records other events', () => {
    expect(() =>
      given([invoice])
        .when(receivePayment({ amount: 4_000 }))
        .then([paymentReceived({ amount: 4_001 })]),
    ).toThrow();
  });

  it('fail when a refusal was expected but decide accepted', () => {
    expect(() => given([invoice]).when(receivePayment()).thenThrows('amount-exceeds-balance')).toThrow(/but decide returned/);
  });

  it('fail when decide refuses with another code or message', () => {
    expect(() =>
      given([invoice])
        .when(receivePayment({ amount: 10_001 }))
        .thenThrows('invalid-amount'),
    ).toThrow();
    expect(() =>
      given([invoice])
        .when(receivePayment({ amount: 10_001 }))
        .thenThrows('amount-exceeds-balance', /nope/),
    ).toThrow();
  });
});
