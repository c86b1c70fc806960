import { QUANTILE_PROBABILITIES } from './payment-model';

/** A distribution of days late: the share at or below `x`, and the day below which a share `p` lies. */
export interface DaysLateDistribution {
  cdf(x: number): number;
  quantile(p: number): number;
}

/** The model's standardised residuals, stretched by `spread` and moved to `centre`. */
export function residualDistribution(residualQuantiles: readonly number[], centre: number, spread: number): DaysLateDistribution {
  return {
    cdf: (x) => cumulative(QUANTILE_PROBABILITIES, residualQuantiles, (x - centre) / spread),
    quantile: (p) => centre + spread * interpolate(QUANTILE_PROBABILITIES, residualQuantiles, p),
  };
}

/** `first` with the probability 1 − `weight`, `second` with `weight`; quantiles by bisection of the mixed cdf. */
export function mixture(first: DaysLateDistribution, second: DaysLateDistribution, weight: number): DaysLateDistribution {
  const cdf = (x: number) => (1 - weight) * first.cdf(x) + weight * second.cdf(x);
  return {
    cdf,
    quantile: (p) => {
      let low = Math.min(first.quantile(0), second.quantile(0)) - 1;
      let high = Math.max(first.quantile(1), second.quantile(1)) + 1;
      // 50 halvings narrow any span of days to far below a day.
      for (let step = 0; step < 50; step++) {
        const middle = (low + high) / 2;
        if (cdf(middle) >= p) high = middle;
        else low = middle;
      }
      return high;
    },
  };
}

/** y at x by straight lines between the points (xs ascending), flat beyond them. */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  if (x <= xs[0]) return ys[0];
  if (x >= xs[xs.length - 1]) return ys[ys.length - 1];
  const upper = xs.findIndex((value) => value >= x);
  const lower = upper - 1;
  return ys[lower] + ((ys[upper] - ys[lower]) * (x - xs[lower])) / (xs[upper] - xs[lower]);
}

/** The probability below `z` under the quantiles: 0 below the first, 1 above the last. */
function cumulative(probabilities: readonly number[], quantiles: readonly number[], z: number): number {
  if (z < quantiles[0]) return 0;
  if (z >= quantiles[quantiles.length - 1]) return 1;
  const upper = quantiles.findIndex((value) => value > z);
  const lower = upper - 1;
  const width = quantiles[upper] - quantiles[lower];
  return probabilities[lower] + (width === 0 ? 0 : ((probabilities[upper] - probabilities[lower]) * (z - quantiles[lower])) / width);
}
