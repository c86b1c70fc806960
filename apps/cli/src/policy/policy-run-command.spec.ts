import { describeWaiting } from './policy-run-command';

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
