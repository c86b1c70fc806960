import { retryDelayMs } from './retry-schedule';

const MINUTE = 60_000;

describe('retryDelayMs', () => {
  it('given many failures, when the backoff grows, then it stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50, 10_000].map((attempts) => retryDelayMs(attempts) / MINUTE)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60, 60,
    ]);
    expect(() => retryDelayMs(0)).toThrow(RangeError);
  });
});
