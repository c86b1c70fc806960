import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

type RandomGenerator = ReturnType<typeof xoroshiro128plusFromState>;

/** What names one random decision: the customer, the invoice or arrangement, and the purpose. */
export type DrawKey = readonly (string | number)[];

/**
 * Stateless randomness. Every decision gets a generator of its own (xoroshiro128+ from
 * pure-rand), seeded by a 128-bit hash of the book's seed and the decision's key, e.g.
 * `[customerId, invoiceId, 'pay-day']`. So a decision never depends on which decisions were
 * drawn before it: not on the order customers are visited in, nor on how many days were
 * simulated, nor on whether the caller asks about a day once or twice.
 */
export class Draws {
  constructor(private readonly seed: number) {}

  /** A whole number from `from` to `to`, both included. */
  int(key: DrawKey, from: number, to: number): number {
    return uniformInt(this.generator(key), from, to);
  }

  /** A number in [0, 1). */
  unit(key: DrawKey): number {
    return uniformFloat64(this.generator(key));
  }

  /** A number in [from, to). */
  between(key: DrawKey, from: number, to: number): number {
    return from + (to - from) * this.unit(key);
  }

  /** True with probability `p`. */
  chance(key: DrawKey, p: number): boolean {
    return this.unit(key) < p;
  }

  pick<T>(key: DrawKey, items: readonly T[]): T {
    return items[this.int(key, 0, items.length - 1)];
  }

  /** One of the keys of `weights`, each as likely as its (whole-number) weight; in declaration order. */
  weighted<T extends string>(key: DrawKey, weights: Readonly<Record<T, number>>): T {
    const entries = Object.entries(weights) as [T, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let ticket = this.int(key, 0, total - 1);
    for (const [value, weight] of entries) {
      if (ticket < weight) return value;
      ticket -= weight;
    }
    return entries[entries.length - 1][0];
  }

  /** Log-normal with the given median and σ of the underlying normal (Box–Muller on one generator). */
  logNormal(key: DrawKey, median: number, sigma: number): number {
    const generator = this.generator(key);
    const u1 = 1 - uniformFloat64(generator);
    const u2 = uniformFloat64(generator);
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return median * Math.exp(sigma * z);
  }

  private generator(key: DrawKey): RandomGenerator {
    const [a, b, c, d] = hash128(`${this.seed}\u0000${key.join('\u0000')}`);
    // xoroshiro128+ must not start from an all-zero state.
    return xoroshiro128plusFromState([a | 1, b, c, d]);
  }
}

/** cyrb128: a fast, well-mixed 128-bit string hash (not cryptographic), as four signed 32-bit words. */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 | 0, h2 | 0, h3 | 0, h4 | 0];
}
