import { AllocationRow, allocationsOf, decimalOf, oldestFirst, remainingFor, runningTotal } from '../../apps/console/src/cash/allocations';
import { problemFields } from '../../apps/console/src/actions/problem-fields';

describe('spreading a payment over invoices, as typed', () => {
  const rows = (...amounts: string[]): (AllocationRow & { dueOn?: string })[] =>
    [
      { invoiceId: 'INV-1', balance: 10_000, dueOn: '2024-05-01' },
      { invoiceId: 'INV-2', balance: 6_000, dueOn: '2024-05-15' },
      { invoiceId: 'INV-3', balance: 6_000, dueOn: '2024-04-01' },
    ].map((row, index) => ({ ...row, amount: amounts[index] ?? '' }));

  it('given amounts typed, then the remaining is the payment less what they add up to, exactly (0.10 + 0.20 is 0.30)', () => {
    expect(runningTotal(rows('100.00', '60'), 'EUR', 16_000)).toEqual({ allocated: 16_000, left: 0 });
    expect(runningTotal(rows('0.10', '0.20'), 'EUR', 30)).toEqual({ allocated: 30, left: 0 });
    // More than an invoice owes still counts: the remaining goes below zero.
    expect(runningTotal(rows('100', '70'), 'EUR', 16_000)).toEqual({ allocated: 17_000, left: -1_000 });
    // What is not (yet) an amount counts for nothing.
    expect(runningTotal(rows('abc', '1.234'), 'EUR', 16_000)).toEqual({ allocated: 0, left: 16_000 });
  });

  it('given "apply remaining" on a row, then it gets what the other rows leave, at most its balance', () => {
    expect(remainingFor(rows('100.00'), 1, 'EUR', 16_000)).toBe('60.00');
    expect(remainingFor(rows(), 0, 'EUR', 16_000)).toBe('100.00');
    expect(remainingFor(rows('100', '60'), 2, 'EUR', 16_000)).toBe('');
    expect(remainingFor(rows('', '', ''), 2, 'EUR', 250)).toBe('2.50');
  });

  it('given "fill oldest first", then the oldest due is paid first, each up to its balance, until nothing is left', () => {
    expect(oldestFirst(rows(), 'EUR', 12_345)).toEqual(['63.45', '', '60.00']);
    expect(oldestFirst(rows(), 'EUR', 50_000)).toEqual(['100.00', '60.00', '60.00']);
    // An invoice typed by id has no due date: it gets nothing.
    expect(oldestFirst([{ invoiceId: 'X', amount: '' }], 'EUR', 100)).toEqual(['']);
  });

  it('writes minor units as a person types them, in the currency’s decimals', () => {
    expect(decimalOf(6_000, 'EUR')).toBe('60.00');
    expect(decimalOf(5, 'EUR')).toBe('0.05');
    expect(decimalOf(600, 'JPY')).toBe('600');
    expect(decimalOf(1_234, 'BHD')).toBe('1.234');
  });

  it('given the rows with amounts, then one allocation each, and which row each came from', () => {
    expect(allocationsOf(rows('', '60.00', '5'), 'EUR', 16_000)).toEqual({
      allocations: [
        { invoiceId: 'INV-2', amount: 6_000 },
        { invoiceId: 'INV-3', amount: 500 },
      ],
      sentRows: [1, 2],
    });
  });

  it('refuses before sending: an amount that is not one, zero, more than the balance, more than remains, none at all, an invoice twice', () => {
    expect(allocationsOf(rows('abc', '0', '70'), 'EUR', 16_000)).toEqual({
      refused: {
        'rows.0.amount': 'Write the amount in digits with a point for decimals, e.g. 600.00',
        'rows.1.amount': 'Type more than 0, or leave it empty',
        'rows.2.amount': "More than the invoice's balance of €60.00",
      },
    });
    expect(allocationsOf(rows('100', '60', '60'), 'EUR', 16_000)).toEqual({
      refused: { allocations: 'The amounts add up to €220.00, more than the €160.00 remaining' },
    });
    expect(allocationsOf(rows(), 'EUR', 16_000)).toEqual({ refused: { allocations: 'Type an amount for at least one invoice' } });
    expect(allocationsOf([...rows('10'), { invoiceId: ' INV-1 ', amount: '5' }], 'EUR', 16_000)).toEqual({
      refused: { 'rows.3.invoiceId': 'INV-1 is listed already' },
    });
  });

  it('given the api refuses an allocation, then its pointer names the allocation sent, which the form maps back to its row', () => {
    const sent = allocationsOf(rows('', '60.00', '5'), 'EUR', 16_000);
    if (!('sentRows' in sent)) throw new Error('refused');
    const { fields } = problemFields(
      { detail: 'The request is invalid', errors: [{ pointer: '/allocations/1/amount', detail: 'amount must be a positive integer' }] },
      ['rows.*.amount', 'allocations', 'allocations.*.amount', 'allocations.*.invoiceId'],
    );
    expect(fields).toEqual({ 'allocations.1.amount': 'amount must be a positive integer' });
    // The second allocation sent came from the third row (INV-3).
    expect(sent.sentRows[1]).toBe(2);
  });
});
