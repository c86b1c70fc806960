import fc from 'fast-check';
import {
  ExactSum,
  MAX_ACCOUNT_TOTAL,
  MAX_AMOUNT,
  TotalTooLargeError,
  decimalToMinorUnits,
  isMinorUnits,
  minorDigitsOf,
  requireExactTotal,
  sumAmounts,
  sumMinorUnits,
} from './money';
import {
  claimDeduction,
  deductionClaimed,
  disputeRaised,
  fold,
  given,
  invoiceRegistered,
  raiseDispute,
} from './testing/decider-specification';
import { decide } from './decide';
import { evolve } from './evolve';
import { CollectionCommand } from './commands';

describe('amounts and their bounds', () => {
  it('takes whole minor units from 0 to MAX_AMOUNT, nothing past it', () => {
    expect([0, 1, MAX_AMOUNT].every(isMinorUnits)).toBe(true);
    expect([MAX_AMOUNT + 1, Number.MAX_SAFE_INTEGER, -1, 1.5, Number.NaN, '100'].some(isMinorUnits)).toBe(false);
  });

  it('given an invoice of 2^53 − 1, then it is refused (the probe: 9007199254740991 and 2 made a balance of …992)', () => {
    given([]).when(registerInvoice('INV-1', Number.MAX_SAFE_INTEGER)).thenThrows('invalid-amount', String(MAX_AMOUNT));
  });

  it('given an account near its total, when an invoice would take it past MAX_ACCOUNT_TOTAL, then it is refused', () => {
    const invoices = Array.from({ length: MAX_ACCOUNT_TOTAL / (MAX_AMOUNT + 1) }, (_, index) =>
      invoiceRegistered({ invoiceId: `INV-${index}`, amount: index === 0 ? MAX_AMOUNT : MAX_AMOUNT + 1 }),
    );
    given(invoices)
      .when(registerInvoice('INV-ONE-MORE', 1))
      .then([invoiceRegistered({ invoiceId: 'INV-ONE-MORE', amount: 1 })]);
    given(invoices).when(registerInvoice('INV-TWO-MORE', 2)).thenThrows('amount-limit', String(MAX_ACCOUNT_TOTAL));
  });

  it('given any invoices the decider accepts, then the account balance is an exact integer (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: MAX_AMOUNT }), fc.constant(MAX_AMOUNT), fc.constant(Number.MAX_SAFE_INTEGER)), {
          maxLength: 40,
        }),
        (amounts) => {
          let state = fold([]);
          for (const [index, amount] of amounts.entries()) {
            try {
              state = decide(registerInvoice(`INV-${index}`, amount), state).reduce(evolve, state);
            } catch {
              // refused: nothing recorded
            }
          }
          const total = state.status === 'active' ? [...state.invoices.values()].reduce((sum, invoice) => sum + invoice.balance, 0) : 0;
          expect(Number.isSafeInteger(total)).toBe(true);
          expect(total).toBeLessThanOrEqual(MAX_ACCOUNT_TOTAL);
        },
      ),
    );
  });

  it('tells an exact sum from a rounded one, so no total is answered wrong', () => {
    expect(requireExactTotal(Number.MAX_SAFE_INTEGER, 'x')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => requireExactTotal(Number.MAX_SAFE_INTEGER + 1, 'The aging total')).toThrow(TotalTooLargeError);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { maxLength: 20 }), (amounts) => {
        const exact = amounts.reduce((sum, amount) => sum + BigInt(amount), 0n);
        const sum = amounts.reduce((total, amount) => total + amount, 0);
        if (exact <= BigInt(Number.MAX_SAFE_INTEGER)) expect(BigInt(requireExactTotal(sum, 's'))).toBe(exact);
        else expect(() => requireExactTotal(sum, 's')).toThrow(TotalTooLargeError);
      }),
    );
  });

  it('given an account whose disputes add up to MAX_ACCOUNT_TOTAL, when one more is raised or claimed, then it is refused (each may reach the balance, so their number alone could pass 2^53)', () => {
    const invoice = invoiceRegistered({ amount: MAX_AMOUNT });
    const disputes = Array.from({ length: 1_000 }, (_, index) => disputeRaised({ disputeId: `D-${index}`, amount: MAX_AMOUNT }));
    const disputed = disputes.reduce((total, event) => total + event.data.amount, 0);
    const room = MAX_ACCOUNT_TOTAL - disputed;
    given([invoice, ...disputes])
      .when(raiseDispute({ disputeId: 'D-LAST', amount: room }))
      .then([disputeRaised({ disputeId: 'D-LAST', amount: room })]);
    given([invoice, ...disputes])
      .when(raiseDispute({ disputeId: 'D-PAST', amount: room + 1 }))
      .thenThrows('amount-limit', String(MAX_ACCOUNT_TOTAL));
    given([invoice, ...disputes])
      .when(claimDeduction({ deductionId: 'DD-PAST', amount: room + 1 }))
      .thenThrows('amount-limit', 'disputes and deductions');
    given([invoice, ...disputes])
      .when(claimDeduction({ deductionId: 'DD-LAST', amount: room }))
      .then([deductionClaimed({ deductionId: 'DD-LAST', amount: room })]);
  });
});

describe('sumAmounts: sums within one account', () => {
  it('adds the amounts; no amounts add up to 0', () => {
    expect(sumAmounts([])).toBe(0);
    expect(sumAmounts([1_000, 2_500, 1])).toBe(3_501);
  });
});

describe('ExactSum and sumMinorUnits: sums across accounts, exact or refused', () => {
  const safeInteger = fc.oneof(
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 52, -(2 ** 52), 0, 1, -1),
    fc.integer({ min: 0, max: MAX_AMOUNT }),
  );

  it('given any whole amounts of any sign, then the sum is the exact one, as a number when safe and refused when not (property)', () => {
    fc.assert(
      fc.property(fc.array(safeInteger, { maxLength: 60 }), (amounts) => {
        const exact = amounts.reduce((total, amount) => total + BigInt(amount), 0n);
        const sum = amounts.reduce((total, amount) => total.add(amount), new ExactSum());
        expect(sum.exact).toBe(exact);
        if (exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER)) {
          expect(sumMinorUnits(amounts, 'The total')).toBe(Number(exact));
        } else {
          expect(() => sumMinorUnits(amounts, 'The total')).toThrow(TotalTooLargeError);
        }
      }),
    );
  });

  it('given partial sums that pass 2^53 and come back, then the result is still exact (a ledger of issued and paid amounts)', () => {
    const amounts = [Number.MAX_SAFE_INTEGER, 1, 1, 1, -Number.MAX_SAFE_INTEGER];
    expect(amounts.reduce((total, amount) => total + amount, 0)).toBe(1); // what plain numbers make of it
    expect(sumMinorUnits(amounts, 'The ledger')).toBe(3);
  });

  it('given the probe’s 9007199254740991 and 2, then the total is refused, naming it, rather than answered as …992', () => {
    expect(() => sumMinorUnits([9_007_199_254_740_991, 2], 'The aging total')).toThrow(
      /^The aging total is past 9007199254740991 minor units/,
    );
  });

  it('refuses an addend that was rounded already, and one that is not whole', () => {
    expect(() => new ExactSum().add(2 ** 53)).toThrow(TotalTooLargeError);
    expect(() => new ExactSum().add(1.5)).toThrow(RangeError);
    expect(() => new ExactSum().add(Number.NaN)).toThrow(RangeError);
    expect(
      new ExactSum()
        .add(10n ** 20n)
        .add(-(10n ** 20n))
        .add(7)
        .toNumber('t'),
    ).toBe(7);
  });

  it('gives an approximate figure for a share even past 2^53', () => {
    expect(new ExactSum().add(Number.MAX_SAFE_INTEGER).add(Number.MAX_SAFE_INTEGER).approximate).toBeCloseTo(
      2 * Number.MAX_SAFE_INTEGER,
      -3,
    );
  });
});

function registerInvoice(invoiceId: string, amount: number): CollectionCommand {
  return { type: 'RegisterInvoice', data: { invoiceId, amount, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' } };
}

describe('decimalToMinorUnits and minorDigitsOf: amounts read from text', () => {
  it('given every amount up to 10,000.00 written with two decimals, then each is read exactly from its digits', () => {
    for (let cents = 0; cents < 1_000_000; cents++) {
      const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      if (decimalToMinorUnits(text, 2) !== cents) throw new Error(`${text} gave ${decimalToMinorUnits(text, 2)}`);
    }
  });

  it('given fewer decimals than the currency has, then the rest are zeros', () => {
    expect(decimalToMinorUnits('1.1', 2)).toBe(110);
    expect(decimalToMinorUnits('97', 2)).toBe(9700);
    expect(decimalToMinorUnits('1234', 0)).toBe(1234);
    expect(decimalToMinorUnits('1.5', 3)).toBe(1500);
  });

  it.each(['12.345', '-1.00', '+1.00', '1,234.00', '1e3', '12.', '.5', '', ' 1.00', '90071992547409.92'])(
    'given %j with two decimals allowed, then it is refused',
    (text) => {
      expect(decimalToMinorUnits(text, 2)).toBeUndefined();
    },
  );

  it('given a currency, then its minor unit has the ISO 4217 number of decimals', () => {
    expect(['USD', 'EUR', 'JPY', 'KWD', 'BHD'].map(minorDigitsOf)).toEqual([2, 2, 0, 3, 3]);
  });
});
