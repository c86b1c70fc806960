import { DayReport } from '@collections/policy-engine';
import { describeDay, describeWaiting } from './policy-run-command';

describe("policy run's letters line", () => {
  it('given letters waiting for a retry, then it counts them', () => {
    expect(describeWaiting({ pending: 2, claimed: 0 })).toBe('2 waiting to be retried');
  });

  it('given a letter a killed run still holds, then it says so and until when, instead of "0 waiting"', () => {
    expect(describeWaiting({ pending: 1, claimed: 1, claimedUntil: '2025-03-07T10:42:00.000Z' })).toBe(
      '0 waiting to be retried, 1 claimed by an earlier run until 10:42 UTC (then retried)',
    );
  });
});

describe("policy run's line per day", () => {
  const day: DayReport = {
    date: '2024-02-16',
    policy: { name: 'default', version: 1 },
    customers: 1,
    appended: { SendReminder: 1 },
    replayed: 0,
    refused: [],
    paused: [],
  };

  it('given nobody paused, then the line says nothing of cash', () => {
    expect(describeDay(day)).toBe('2024-02-16 (policy default v1): 1 commands for 1 customers (SendReminder 1)');
  });

  it('given customers the cash rules left alone, then it counts them by reason', () => {
    const paused: DayReport['paused'] = [
      { customerId: 'C-1', reason: 'unidentified_cash_waiting' },
      { customerId: 'C-2', reason: 'cash_to_apply' },
      { customerId: 'C-3', reason: 'cash_to_apply' },
    ];
    expect(describeDay({ ...day, paused })).toBe(
      '2024-02-16 (policy default v1): 1 commands for 1 customers (SendReminder 1), ' +
        '3 customers paused for cash (cash_to_apply 2, unidentified_cash_waiting 1)',
    );
  });
});
