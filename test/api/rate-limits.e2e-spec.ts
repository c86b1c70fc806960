import { setTimeout as sleep } from 'node:timers/promises';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * Requests per API key (RATE_LIMITS, by the key's role): past the limit, 429 as problem+json with
 * Retry-After and the RateLimit headers, for that key alone, until its window resets. The health
 * probes are never limited.
 */
describe('rate limits per API key', () => {
  let api: TestApi;

  beforeAll(async () => {
    // Every role not named here has its default limit; the harness's own (unreachable) limits are replaced.
    api = await startApi({ env: { RATE_LIMITS: 'collector=3/min,auditor=3/min,analyst=1/s,integration=off' } });
  });
  afterAll(() => api.close());

  it("given a collector limited to 3 a minute, when its key makes a 4th request, then it is refused 429 as problem+json with Retry-After, and the auditor's key, on the same limit and address, is not", async () => {
    const remaining: string[] = [];
    for (let request = 1; request <= 3; request++) {
      const answer = await api.as('collector').get('/me').expect(200);
      expect(answer.headers['ratelimit-limit']).toBe('3');
      remaining.push(answer.headers['ratelimit-remaining']);
    }

    const refused = await api.as('collector').get('/worklists/collector-1').expect(429).expect('Content-Type', PROBLEM_JSON);

    expect(remaining).toEqual(['2', '1', '0']);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers).toMatchObject({ 'ratelimit-limit': '3', 'ratelimit-remaining': '0' });
    expect(refused.body).toMatchObject({
      type: 'urn:collections:problem:too-many-requests',
      title: 'Too Many Requests',
      status: 429,
      detail: expect.stringMatching(/^This API key may make 3 requests in 1 min; retry in \d+ s/),
      instance: '/worklists/collector-1',
    });
    const auditor = await api.as('auditor').get('/me').expect(200);
    expect(auditor.headers['ratelimit-remaining']).toBe('2');
  });

  it('given a key past its limit, when the health probes are called with it, then they answer: probes are never limited', async () => {
    for (let request = 0; request < 5; request++) await api.as('collector').get('/me').expect(429);

    for (let request = 0; request < 5; request++) {
      await api.as('collector').get('/health').expect(200);
      await api.as('collector').get('/health/live').expect(200);
      const ready = await api.as('collector').get('/health/ready').expect(200);
      expect(ready.headers['ratelimit-limit']).toBeUndefined();
    }
  });

  it('given an analyst limited to 1 a second, when its key is refused, then after Retry-After seconds it is served again', async () => {
    let refused = await api.as('analyst').get('/me');
    // The first request may open a window that closes before the second: go on until one is refused.
    for (let attempt = 0; refused.status !== 429 && attempt < 5; attempt++) refused = await api.as('analyst').get('/me');
    expect(refused.status).toBe(429);

    await sleep(Number(refused.headers['retry-after']) * 1000 + 100);

    const served = await api.as('analyst').get('/me').expect(200);
    expect(served.headers['ratelimit-remaining']).toBe('0');
  });

  it('given roles RATE_LIMITS does not name, then they have the documented defaults; a role set to off is not limited', async () => {
    expect((await api.as('manager').get('/me').expect(200)).headers['ratelimit-limit']).toBe('600');
    expect((await api.as('admin').get('/me').expect(200)).headers['ratelimit-limit']).toBe('6000');

    const integration = await api.as('integration').get('/me').expect(200);
    expect(integration.headers['ratelimit-limit']).toBeUndefined();
  });
});
