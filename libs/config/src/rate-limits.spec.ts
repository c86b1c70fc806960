import { DEFAULT_RATE_LIMITS, FALLBACK_RATE_LIMIT, parseRateLimits, rateLimitOf } from './rate-limits';
import { ConfigError, loadConfig } from './config';

describe('RATE_LIMITS', () => {
  it('given nothing, then every role has its default limit', () => {
    expect(parseRateLimits(undefined)).toEqual(DEFAULT_RATE_LIMITS);
    expect(loadConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
  });

  it('given entries, then they replace the defaults of the roles they name, in seconds, minutes or hours, or off', () => {
    const limits = parseRateLimits(' collector=120/min, integration=50/s,auditor=1000/h,admin=off ');

    expect(limits).toMatchObject({
      collector: { max: 120, windowMs: 60_000 },
      integration: { max: 50, windowMs: 1_000 },
      auditor: { max: 1000, windowMs: 3_600_000 },
      admin: null,
      manager: DEFAULT_RATE_LIMITS.manager,
    });
  });

  it('given a role no entry and no default names, then it gets a person’s limit', () => {
    expect(rateLimitOf({}, 'some-new-role')).toEqual(FALLBACK_RATE_LIMIT);
  });

  it.each([
    ['collector=0/min', /N ≥ 1/],
    ['collector=10/week', /role=N\/s/],
    ['collector=ten/min', /role=N\/s/],
    ['collector', /role=N\/s/],
    ['emperor=10/min', /"emperor" is not one of/],
  ])('given %s, then the configuration is refused naming the entry', (value, message) => {
    expect(() => parseRateLimits(value)).toThrow(message);
    expect(() => loadConfig({ RATE_LIMITS: value })).toThrow(ConfigError);
  });
});

describe('READY_MAX_LAG_EVENTS', () => {
  it('defaults to 1,000 events and takes 0 … 100,000', () => {
    expect(loadConfig({}).readyMaxLagEvents).toBe(1000);
    expect(loadConfig({ READY_MAX_LAG_EVENTS: '0' }).readyMaxLagEvents).toBe(0);
    expect(() => loadConfig({ READY_MAX_LAG_EVENTS: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ READY_MAX_LAG_EVENTS: '100001' })).toThrow(ConfigError);
  });
});
