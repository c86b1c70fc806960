import { DEFAULT_COLLECTION_POLICY } from './default-policy';
import {
  CollectionPolicyReplaced,
  PolicyError,
  PolicyHistoryState,
  ReplaceCollectionPolicy,
  decidePolicy,
  evolvePolicy,
  initialPolicyHistory,
  policyInForceOn,
  policyStreamIdOf,
} from './policy-stream';
import { COLLECTION_STREAM_PREFIX } from '@collections/domain';

const replace = (document: unknown, replacedOn = '2024-01-01'): ReplaceCollectionPolicy => ({
  type: 'ReplaceCollectionPolicy',
  data: { document, replacedOn },
});
const v2 = { ...DEFAULT_COLLECTION_POLICY, version: 2, quietPeriodDays: 10 };
const historyOf = (events: CollectionPolicyReplaced[]): PolicyHistoryState => events.reduce(evolvePolicy, initialPolicyHistory());
const thrown = (run: () => unknown): PolicyError => {
  try {
    run();
  } catch (error) {
    return error as PolicyError;
  }
  throw new Error('expected a PolicyError');
};

describe('the policy stream', () => {
  const first = decidePolicy(replace(DEFAULT_COLLECTION_POLICY), initialPolicyHistory());

  it('lives outside the collection- category of customer streams', () => {
    expect(policyStreamIdOf('default')).toBe('policy-default');
    expect(policyStreamIdOf('default').startsWith(COLLECTION_STREAM_PREFIX)).toBe(false);
  });

  it('records the first version and each later one', () => {
    expect(first).toEqual([
      { type: 'CollectionPolicyReplaced', data: { policy: DEFAULT_COLLECTION_POLICY, previousVersion: null, replacedOn: '2024-01-01' } },
    ]);
    expect(decidePolicy(replace(v2, '2024-03-01'), historyOf(first))[0].data).toMatchObject({ previousVersion: 1, policy: { version: 2 } });
  });

  it('refuses a version that does not increase', () => {
    expect(thrown(() => decidePolicy(replace(DEFAULT_COLLECTION_POLICY), historyOf(first))).code).toBe('policy-version-not-increased');
  });

  it('refuses an invalid document, listing its problems', () => {
    const error = thrown(() => decidePolicy(replace({ ...v2, levels: [] }), historyOf(first)));
    expect(error.code).toBe('policy-invalid');
    expect(error.problems.map((p) => p.pointer)).toEqual(['/levels']);
  });

  it("refuses another policy's document and a date before the last replacement", () => {
    expect(thrown(() => decidePolicy(replace({ ...v2, name: 'strategic' }), historyOf(first))).code).toBe('policy-name-mismatch');
    expect(thrown(() => decidePolicy(replace(v2, '2023-12-31'), historyOf(first))).code).toBe('invalid-date');
  });

  it('tells which version was in force on a day', () => {
    const events = [...first, ...decidePolicy(replace(v2, '2024-03-01'), historyOf(first))];
    expect(policyInForceOn(events, '2023-12-31')).toBeUndefined();
    expect(policyInForceOn(events, '2024-02-29')?.version).toBe(1);
    expect(policyInForceOn(events, '2024-03-01')?.version).toBe(2);
    expect(historyOf(events).versions).toEqual([
      { version: 1, replacedOn: '2024-01-01' },
      { version: 2, replacedOn: '2024-03-01' },
    ]);
  });
});
