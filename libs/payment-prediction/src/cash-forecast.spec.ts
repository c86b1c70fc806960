import fc from 'fast-check';
import { addDays } from '@collections/domain';
import { CashForecastItem, apportion, forecastCash } from './cash-forecast';
import { PaymentPrediction } from './prediction';

const predicted = (predictedOn: string, from = predictedOn, to = predictedOn): PaymentPrediction => ({
  predictedOn,
  range: { from, to },
  basis: 'customer',
  drivers: [],
});

const forecast = (items: CashForecastItem[], weeks = 13) => forecastCash({ from: '2024-03-04', weeks, currency: 'EUR', items });

describe('the cash forecast', () => {
  it('given a promise, then its whole amount lands in the week of the promised day, low and high alike', () => {
    const { weeks, beyond } = forecast([{ amount: 120_000, promisedOn: '2024-03-20' }], 4);
    expect(weeks).toEqual([
      { weekStart: '2024-03-04', expected: 0, low: 0, high: 0 },
      { weekStart: '2024-03-11', expected: 0, low: 0, high: 0 },
      { weekStart: '2024-03-18', expected: 120_000, low: 120_000, high: 120_000 },
      { weekStart: '2024-03-25', expected: 0, low: 0, high: 0 },
    ]);
    expect(beyond).toBe(0);
  });

  it('given a promise for a day already past, then it is expected in the first week', () => {
    expect(forecast([{ amount: 5_000, promisedOn: '2024-02-28' }], 2).weeks[0].expected).toBe(5_000);
  });

  it('given a prediction whose whole range lies in one week, then the whole amount is expected in that week', () => {
    const { weeks } = forecast([{ amount: 99_999, prediction: predicted('2024-03-13', '2024-03-12', '2024-03-14') }], 3);
    expect(weeks.map((week) => week.expected)).toEqual([0, 99_999, 0]);
  });

  it('given a prediction spread over weeks, then most is expected around the predicted day and the weeks add up to the amount', () => {
    const { weeks, beyond } = forecast([{ amount: 100_000, prediction: predicted('2024-03-20', '2024-03-06', '2024-04-03') }], 6);
    const expected = weeks.map((week) => week.expected);
    expect(expected[2]).toBe(Math.max(...expected));
    expect(expected.reduce((sum, amount) => sum + amount, 0) + beyond).toBe(100_000);
    for (const week of weeks) {
      expect(week.low).toBeLessThanOrEqual(week.expected);
      expect(week.high).toBeGreaterThanOrEqual(week.expected);
    }
  });

  it('given a prediction partly before the forecast starts, then nothing is expected before it and nothing is lost', () => {
    const { weeks, beyond } = forecast([{ amount: 7_001, prediction: predicted('2024-03-04', '2024-02-20', '2024-03-08') }], 2);
    expect(weeks[0].expected + weeks[1].expected + beyond).toBe(7_001);
    expect(weeks[0].expected).toBeGreaterThan(weeks[1].expected);
  });

  it('given a prediction after the horizon, then it is expected beyond it, not in the weeks', () => {
    const { weeks, beyond } = forecast([{ amount: 3_000, prediction: predicted('2024-09-01') }], 13);
    expect(weeks.every((week) => week.expected === 0)).toBe(true);
    expect(beyond).toBe(3_000);
  });

  it('given no weeks or a fraction of a week, then it refuses', () => {
    expect(() => forecast([], 0)).toThrow(RangeError);
    expect(() => forecast([], 1.5)).toThrow(RangeError);
  });

  it('property: any items give whole minor units per week, low ≤ expected ≤ high, and exactly the total across weeks and beyond', () => {
    const item: fc.Arbitrary<CashForecastItem> = fc.oneof(
      fc
        .record({ amount: fc.integer({ min: 0, max: 10_000_000_000 }), promisedOn: fc.integer({ min: -20, max: 120 }) })
        .map(({ amount, promisedOn }) => ({
          amount,
          promisedOn: addDays('2024-03-04', promisedOn),
        })),
      fc
        .record({
          amount: fc.integer({ min: 0, max: 10_000_000_000 }),
          low: fc.integer({ min: -40, max: 100 }),
          mid: fc.nat(30),
          high: fc.nat(30),
        })
        .map(({ amount, low, mid, high }) => ({
          amount,
          prediction: predicted(addDays('2024-03-04', low + mid), addDays('2024-03-04', low), addDays('2024-03-04', low + mid + high)),
        })),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), fc.integer({ min: 1, max: 20 }), (items, weekCount) => {
        const { weeks, beyond } = forecast(items, weekCount);
        const total = items.reduce((sum, { amount }) => sum + amount, 0);
        expect(weeks).toHaveLength(weekCount);
        expect(weeks.reduce((sum, week) => sum + week.expected, 0) + beyond).toBe(total);
        for (const week of weeks) {
          expect([week.expected, week.low, week.high].every(Number.isSafeInteger)).toBe(true);
          expect(0 <= week.low && week.low <= week.expected && week.expected <= week.high).toBe(true);
        }
      }),
    );
  });

  it('apportions an amount into whole units by the largest remainder', () => {
    expect(apportion(100, [1 / 3, 1 / 3, 1 / 3])).toEqual([34, 33, 33]);
    expect(apportion(10, [0.25, 0.25, 0.5])).toEqual([3, 2, 5]);
  });
});
