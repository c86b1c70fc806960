import { TotalTooLargeError } from '@collections/domain';
import { agingFromLedger } from './aging';
import { AgingLedgerDocument } from './invoice-ledger.projection';

describe('aging totals across customers', () => {
  const ledger = (dueOn: string, open: number): AgingLedgerDocument => ({
    _id: `EUR/${dueOn}`,
    currency: 'EUR',
    dueOn,
    open: { '2024-01-10': open },
    disputed: {},
  });

  it('given ledgers whose open amounts add up to 2^53 − 1, then the total is exact', () => {
    const aging = agingFromLedger([ledger('2024-02-09', 2 ** 52), ledger('2024-03-09', 2 ** 52 - 1)], '2024-03-01');
    expect(aging.total).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('given ledgers whose open amounts add up past it, then the total is refused rather than rounded', () => {
    expect(() => agingFromLedger([ledger('2024-02-09', 2 ** 52), ledger('2024-03-09', 2 ** 52)], '2024-03-01')).toThrow(TotalTooLargeError);
  });
});
