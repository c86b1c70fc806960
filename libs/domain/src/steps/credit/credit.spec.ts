import {
  creditHoldLifted,
  creditHoldPlaced,
  creditLimitChangeRecommended,
  given,
  invoiceRegistered,
  liftCreditHold,
  placeCreditHold,
  recommendCreditLimitChange,
} from '../../testing/decider-specification';

// Credit limit recommendations (step 6) and credit holds (step 8).

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();

describe('decide', () => {
  describe('credit limit and hold', () => {
    it('records a credit limit recommendation', () => {
      given([invoice])
        .when(recommendCreditLimitChange({ recommendedLimit: 50_000 }))
        .then([creditLimitChangeRecommended({ recommendedLimit: 50_000 })]);
    });

    it('refuses a recommendation id used before', () => {
      given([invoice, creditLimitChangeRecommended()]).when(recommendCreditLimitChange()).thenThrows('duplicate-id');
    });

    it.each([-1, 99.5])('refuses a recommended limit of %p', (recommendedLimit) => {
      given([invoice]).when(recommendCreditLimitChange({ recommendedLimit })).thenThrows('invalid-amount');
    });

    it('places a credit hold', () => {
      given([invoice]).when(placeCreditHold()).then([creditHoldPlaced()]);
    });

    it('refuses a second credit hold', () => {
      given([invoice, creditHoldPlaced()])
        .when(placeCreditHold())
        .thenThrows('credit-hold-conflict', /since 2024-04-01/);
    });

    it('lifts a credit hold', () => {
      given([invoice, creditHoldPlaced()]).when(liftCreditHold()).then([creditHoldLifted()]);
    });

    it('refuses to lift a hold that is not there', () => {
      given([invoice]).when(liftCreditHold()).thenThrows('credit-hold-conflict');
    });

    it('places a hold again after it was lifted', () => {
      given([invoice, creditHoldPlaced(), creditHoldLifted()])
        .when(placeCreditHold({ placedOn: '2024-06-01' }))
        .then([creditHoldPlaced({ placedOn: '2024-06-01' })]);
    });
  });
});
