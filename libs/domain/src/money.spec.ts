import fc from 'fast-check';
import { MAX_ACCOUNT_TOTAL, MAX_AMOUNT, TotalTooLargeError, isMinorUnits, requireExactTotal } from './money';
import { fold, given, invoiceRegistered } from './testing/decider-specification';
import { decide } from './decide';
import { evolve } from './state';
import { CollectionCommand } from './commands';

describe('amounts and their bounds', () => {
  it('takes whole minor units from 0 to MAX_AMOUNT, nothing past it', () => {
    expect([0, 1, MAX_AMOUNT].every(isMinorUnits)).toBe(true);
    expect([MAX_AMOUNT + 1, Number.MAX_SAFE_INTEGER, -1, 1.5, Number.NaN, '100'].some(isMinorUnits)).toBe(false);
  });

  it('given an invoice of 2^53 − 1, then it is refused (the probe: 9007199254740991 and 2 made a balance of …992)', () => {
    given([]).when(registerInvoice('INV-1', Number.MAX_SAFE_INTEGER)).thenThrows('invalid-amount', String(MAX_AMOUNT));
  });

  it("given an account near its total, when an invoice would take it past MAX_ACCOUNT_TOTAL, then it is refused", () => {
    const invoices = Array.from({ length: MAX_ACCOUNT_TOTAL / (MAX_AMOUNT + 1) }, (_, index) =>
      invoiceRegistered({ invoiceId: `INV-${index}`, amount: index === 0 ? MAX_AMOUNT : MAX_AMOUNT + 1 }),
    );
    given(invoices).when(registerInvoice('INV-ONE-MORE', 1)).then([invoiceRegistered({ invoiceId: 'INV-ONE-MORE', amount: 1 })]);
    given(invoices).when(registerInvoice('INV-TWO-MORE', 2)).thenThrows('amount-limit', String(MAX_ACCOUNT_TOTAL));
  });

  it('given any invoices the decider accepts, then the account balance is an exact integer (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: MAX_AMOUNT }), fc.constant(MAX_AMOUNT), fc.constant(Number.MAX_SAFE_INTEGER)), { maxLength: 40 }), (amounts) => {
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
      }),
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
});

function registerInvoice(invoiceId: string, amount: number): CollectionCommand {
  return { type: 'RegisterInvoice', data: { invoiceId, amount, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' } };
}
