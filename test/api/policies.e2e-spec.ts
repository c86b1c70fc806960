import fc from 'fast-check';
import { CollectionPolicy, DEFAULT_COLLECTION_POLICY, policyStreamIdOf } from '@collections/policy';
import { CollectionPolicies } from '@collections/policy';
import { Role } from '@collections/accounts';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * The collection policy over HTTP: managers replace it version by version, everyone who works or
 * reviews accounts reads it, and every refusal is a problem body that leaves the policy's stream
 * as it was.
 */
describe('the collection policy API', () => {
  let api: TestApi;

  beforeEach(async () => {
    api = await startApi({ today: '2024-06-30' });
  });
  afterEach(() => api.close());

  const put = (role: Role, path: string, body: object | string, headers: Record<string, string> = {}) =>
    api.as(role).put(path, body, headers);
  const replace = (body: object, name = 'default', role: Role = 'manager') => put(role, `/policies/${name}`, body);
  const version = (number: number, changes: Partial<CollectionPolicy> = {}): CollectionPolicy => ({
    ...structuredClone(DEFAULT_COLLECTION_POLICY),
    version: number,
    ...changes,
  });
  const policyEvents = async (name = 'default') => (await api.store.readStream(policyStreamIdOf(name))).length;

  it('given no policy was ever recorded, when a manager reads it, then it is not found', async () => {
    const response = await api.as('manager').get('/policies/default').expect(404);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: 'urn:collections:problem:not-found', status: 404 });
    await api.as('manager').get('/policies/default?asOf=2024-06-30').expect(404);
    await api.as('manager').get('/policies/default/versions/1').expect(404);
  });

  it('given no policy, when a manager records the default one, then it answers 201 with the version, who and when', async () => {
    const response = await replace({ policy: DEFAULT_COLLECTION_POLICY, reason: 'First policy' }).expect(201);

    expect(response.headers.location).toBe('/policies/default/versions/1');
    expect(response.body).toEqual({
      name: 'default',
      version: 1,
      replacedOn: '2024-06-30', // today by the service's clock
      reason: 'First policy',
      actor: { id: 'manager-1', role: 'manager' },
      recordedAt: '2024-06-30T12:00:00.000Z',
      policy: DEFAULT_COLLECTION_POLICY,
    });
    const { body } = await api.as('collector').get('/policies/default').expect(200);
    const { name, ...recorded } = response.body;
    expect(body).toEqual({
      name,
      current: recorded,
      versions: [
        {
          version: 1,
          replacedOn: '2024-06-30',
          reason: 'First policy',
          actor: { id: 'manager-1', role: 'manager' },
          recordedAt: '2024-06-30T12:00:00.000Z',
        },
      ],
    });
    expect(await policyEvents()).toBe(1);
  });

  it('given version 1, when a manager replaces it with version 2 from a later day, then both versions are listed and each day reads the one in force', async () => {
    await replace({ policy: version(1), replacedOn: '2024-06-01' }).expect(201);
    api.clock.set('2024-07-01T08:00:00.000Z');
    const stricter = version(2, { quietPeriodDays: 3 });
    await replace({ policy: stricter, replacedOn: '2024-07-15', reason: 'Shorter quiet period' }).expect(201);

    const { body } = await api.as('auditor').get('/policies/default').expect(200);
    expect(body.current).toMatchObject({ version: 2, replacedOn: '2024-07-15', reason: 'Shorter quiet period', policy: stricter });
    expect(body.versions.map((entry: { version: number; replacedOn: string }) => [entry.version, entry.replacedOn])).toEqual([
      [1, '2024-06-01'],
      [2, '2024-07-15'],
    ]);
    expect(body.versions[0]).not.toHaveProperty('policy');
    expect(body.versions[0]).not.toHaveProperty('reason');

    const first = await api.as('analyst').get('/policies/default/versions/1').expect(200);
    expect(first.body).toEqual({
      name: 'default',
      version: 1,
      replacedOn: '2024-06-01',
      actor: { id: 'manager-1', role: 'manager' },
      recordedAt: '2024-06-30T12:00:00.000Z',
      policy: version(1),
    });
    await api.as('analyst').get('/policies/default/versions/3').expect(404);

    const before = await api.as('collector').get('/policies/default?asOf=2024-07-14').expect(200);
    expect(before.body).toEqual({ name: 'default', asOf: '2024-07-14', version: 1, policy: version(1) });
    const after = await api.as('collector').get('/policies/default?asOf=2024-07-15').expect(200);
    expect(after.body).toEqual({ name: 'default', asOf: '2024-07-15', version: 2, policy: stricter });
  });

  it('given version 2, when a manager sends version 2 or 1 again, then it conflicts and nothing is appended', async () => {
    await replace({ policy: version(2) }).expect(201);
    for (const stale of [2, 1]) {
      const response = await replace({ policy: version(stale) }).expect(409);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        type: 'urn:collections:problem:policy-version-not-increased',
        code: 'policy-version-not-increased',
        status: 409,
      });
    }
    expect(await policyEvents()).toBe(1);
  });

  it('given an invalid document, when a manager sends it, then every problem comes back pointed at under /policy and nothing is appended', async () => {
    const { promiseToleranceDays, ...missing } = version(1);
    void promiseToleranceDays;
    const invalid = { ...missing, levels: [{ ...DEFAULT_COLLECTION_POLICY.levels[0], channel: 'pigeon' }], colour: 'red' };

    const response = await replace({ policy: invalid }).expect(422);

    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: 'urn:collections:problem:policy-invalid', code: 'policy-invalid', status: 422 });
    const pointers = response.body.errors.map((error: { pointer: string }) => error.pointer).sort();
    expect(pointers).toEqual(['/policy/colour', '/policy/levels/0/channel', '/policy/promiseToleranceDays']);
    expect(response.body.errors.every((error: { detail: string }) => error.detail.length > 0)).toBe(true);
    expect(await policyEvents()).toBe(0);
  });

  it('given a ladder out of order, when a manager sends it, then the rule it breaks is pointed at', async () => {
    const [first, second, ...rest] = DEFAULT_COLLECTION_POLICY.levels;
    const response = await replace({ policy: version(1, { levels: [first, { ...second, daysPastDue: -10 }, ...rest] }) }).expect(422);
    expect(response.body.errors).toEqual([
      { pointer: '/policy/levels/1/daysPastDue', detail: expect.stringContaining('later than level 1') },
    ]);
  });

  it('given the path names another policy than the document, then it is refused as a name mismatch', async () => {
    const response = await replace({ policy: version(1) }, 'strict').expect(422);
    expect(response.body).toMatchObject({
      type: 'urn:collections:problem:policy-name-mismatch',
      code: 'policy-name-mismatch',
      status: 422,
    });
    expect(await policyEvents('strict')).toBe(0);
  });

  it('given a replacement on 1 July, when the next one is dated before it, then the date is refused', async () => {
    await replace({ policy: version(1), replacedOn: '2024-07-01' }).expect(201);
    const response = await replace({ policy: version(2), replacedOn: '2024-06-15' }).expect(422);
    expect(response.body).toMatchObject({ type: 'urn:collections:problem:invalid-date', code: 'invalid-date' });
    expect(await policyEvents()).toBe(1);
  });

  it('given an override naming a policy never recorded, then it is refused until that policy exists', async () => {
    const overridden = version(1, {
      overrides: {
        'ACME-1': { policy: 'key-accounts' },
        'ACME-2': { policy: 'key-accounts' },
        'ACME-3': { excluded: true, reason: 'In insolvency' },
      },
    });

    const refused = await replace({ policy: overridden }).expect(422);
    expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(refused.body).toMatchObject({ type: 'urn:collections:problem:policy-unknown', code: 'policy-unknown', status: 422 });
    expect(refused.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual([
      '/policy/overrides/ACME-1/policy',
      '/policy/overrides/ACME-2/policy',
    ]);
    expect(await policyEvents()).toBe(0);

    await replace({ policy: version(1, { name: 'key-accounts', quietPeriodDays: 14 }) }, 'key-accounts').expect(201);
    await replace({ policy: overridden }).expect(201);
  });

  it('given overrides for customers whose ids look like object methods, then the version recorded is the document sent', async () => {
    // `constructor`, `toString`, `valueOf` are valid customer ids; nothing on the way may drop them.
    const overrides = {
      constructor: { excluded: true as const, reason: 'Closed' },
      toString: { excluded: true as const },
      valueOf: { excluded: true as const },
    };
    const body = JSON.stringify({ policy: version(1, { overrides }) });

    const response = await put('manager', '/policies/default', body, { 'Content-Type': 'application/json' }).expect(201);

    expect(response.body.policy.overrides).toEqual(overrides);
    const recorded = await api.as('auditor').get('/policies/default/versions/1').expect(200);
    expect(recorded.body.policy).toEqual(JSON.parse(body).policy);
  });

  it('given two replacements decided on the same version, when the second appends, then it conflicts and only the first is recorded', async () => {
    await replace({ policy: version(1) }).expect(201);
    const policies = api.app.get(CollectionPolicies);
    const stale = await policies.history('default');
    await replace({ policy: version(2) }).expect(201);

    // The second manager's request read the stream before the first one's append.
    jest.spyOn(policies, 'history').mockResolvedValueOnce(stale);
    const response = await replace({ policy: version(3) }).expect(409);

    expect(response.body).toMatchObject({ type: 'urn:collections:problem:concurrency-conflict', status: 409 });
    expect(await policyEvents()).toBe(2);
    const { body } = await api.as('manager').get('/policies/default').expect(200);
    expect(body.current.version).toBe(2);
  });

  it('given roles other than manager, then only managers and admins replace it and integrations cannot read it', async () => {
    await replace({ policy: version(1) }, 'default', 'admin').expect(201);
    for (const role of ['collector', 'auditor', 'analyst', 'integration'] as const) {
      const response = await replace({ policy: version(2) }, 'default', role).expect(403);
      expect(response.body).toMatchObject({ type: 'urn:collections:problem:forbidden' });
    }
    await api.as('integration').get('/policies/default').expect(403);
    expect(await policyEvents()).toBe(1);
  });

  it.each([
    ['an upper-case name', '/policies/Default', { policy: DEFAULT_COLLECTION_POLICY }, ['/name']],
    ['a name with a dot', '/policies/de.fault', { policy: DEFAULT_COLLECTION_POLICY }, ['/name']],
    ['a policy that is a string', '/policies/default', { policy: '{"name":"default"}' }, ['/policy']],
    ['a policy that is a list', '/policies/default', { policy: [DEFAULT_COLLECTION_POLICY] }, ['/policy']],
    ['no policy at all', '/policies/default', { reason: 'x' }, ['/policy']],
    ['a body that is a list', '/policies/default', [{ policy: DEFAULT_COLLECTION_POLICY }], ['']],
    ['an impossible replacedOn', '/policies/default', { policy: DEFAULT_COLLECTION_POLICY, replacedOn: '2024-02-30' }, ['/replacedOn']],
    ['a reason over 500 characters', '/policies/default', { policy: DEFAULT_COLLECTION_POLICY, reason: 'r'.repeat(501) }, ['/reason']],
    ['an unknown field', '/policies/default', { policy: DEFAULT_COLLECTION_POLICY, effective: 'now' }, ['/effective']],
  ])('given %s, when a manager sends it, then it is a 400 naming the field', async (_name, path, body, pointers) => {
    const response = await put('manager', path, body).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body.type).toBe('urn:collections:problem:invalid-request');
    expect([...new Set(response.body.errors.map((error: { pointer: string }) => error.pointer))]).toEqual(pointers);
    expect(await policyEvents()).toBe(0);
  });

  it('given bad paths and queries, when they are read, then each is a 400 naming the field', async () => {
    const cases = [
      ['/policies/-default', '/name'],
      ['/policies/default?asOf=today', '/asOf'],
      ['/policies/default/versions/first', '/version'],
      ['/policies/default/versions/0', '/version'],
    ];
    for (const [path, pointer] of cases) {
      const response = await api.as('manager').get(path).expect(400);
      const pointers = [...new Set(response.body.errors.map((error: { pointer: string }) => error.pointer))];
      expect({ path, pointers }).toEqual({ path, pointers: [pointer] });
    }
  });

  it('given arbitrary JSON as the document, then every answer is a 2xx or 4xx, never a 5xx', async () => {
    const customerId = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('ACME-1', 'constructor', 'toString', 'prototype'));
    const document = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.dictionary(fc.constantFrom(...Object.keys(DEFAULT_COLLECTION_POLICY), '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 3 })),
      fc
        .record({ overrides: fc.dictionary(customerId, fc.oneof(fc.record({ policy: fc.string() }), fc.jsonValue())) })
        .map((changes) => ({ ...version(1), ...changes })),
    );
    await fc.assert(
      fc.asyncProperty(document, fc.option(fc.jsonValue({ maxDepth: 1 })), async (policy, replacedOn) => {
        const body = JSON.stringify(replacedOn === null ? { policy } : { policy, replacedOn });
        const response = await put('manager', '/policies/default', body, { 'Content-Type': 'application/json' });
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
