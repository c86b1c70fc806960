import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, CollectionEvent } from '@collections/domain';
import { collectorAssigned, fold, invoiceRegistered } from '@collections/domain/testing/decider-specification';
import { DEFAULT_COLLECTION_POLICY } from './default-policy';
import { planCollectionActions } from './plan';
import { InvalidPolicyError, parseCollectionPolicy, validateCollectionPolicy } from './policy-schema';
import { appendDecided } from './testing/policy-specification';

const problemsOf = (document: unknown) => {
  const validation = validateCollectionPolicy(document);
  return validation.valid ? [] : validation.problems;
};
const changed = (change: (policy: Record<string, any>) => void) => {
  const copy = structuredClone(DEFAULT_COLLECTION_POLICY) as unknown as Record<string, any>;
  change(copy);
  return copy;
};

describe('the default policy', () => {
  it('is valid, and the shipped JSON file is the same document', () => {
    expect(validateCollectionPolicy(DEFAULT_COLLECTION_POLICY)).toEqual({ valid: true, policy: DEFAULT_COLLECTION_POLICY });
    const file = readFileSync(join(__dirname, '../default-policy.json'), 'utf8');
    expect(parseCollectionPolicy(file)).toEqual(DEFAULT_COLLECTION_POLICY);
  });

  it('reaches at least two reminder levels and a final notice within 90 days past due', () => {
    // One run a day from issue to 90 days past due, every planned command appended.
    let history: CollectionEvent[] = [invoiceRegistered({ amount: 50_000 }), collectorAssigned({ assignedOn: '2024-01-10' })];
    const dunning: { on: string; what: string }[] = [];
    for (let on = '2024-01-10'; on <= addDays('2024-02-09', 90); on = addDays(on, 1)) {
      const planned = planCollectionActions(fold(history), DEFAULT_COLLECTION_POLICY, on);
      for (const command of planned) {
        if (command.type === 'SendReminder') dunning.push({ on, what: `reminder ${command.data.level}` });
        if (command.type === 'ScheduleCallTask') dunning.push({ on, what: `call ${command.data.level}` });
        if (command.type === 'SendFinalNotice') dunning.push({ on, what: `final notice, referral on ${command.data.referralOn}` });
        if (command.type === 'ProposeEscalation') dunning.push({ on, what: `proposal ${command.data.kind}` });
      }
      history = appendDecided(history, planned);
    }
    expect(dunning).toEqual([
      { on: '2024-02-06', what: 'reminder 1' },
      { on: '2024-02-16', what: 'reminder 2' },
      { on: '2024-03-01', what: 'reminder 3' },
      { on: '2024-03-15', what: 'call 4' },
      { on: '2024-03-25', what: 'reminder 5' },
      { on: '2024-04-09', what: 'final notice, referral on 2024-04-23' },
      { on: '2024-04-24', what: 'proposal agency_referral' },
    ]);
  });
});

describe('policy documents', () => {
  it('names each bad field by its JSON pointer, all at once', () => {
    const problems = problemsOf(
      changed((p) => {
        p.version = 0;
        p.levels[1].channel = 'pigeon';
        p.finalNotice.referralAfterDays = 0;
        p.quietPeriodDays = -1;
        p.colour = 'red';
        delete p.highValue;
      }),
    );
    expect(problems.map((p) => p.pointer).sort()).toEqual(
      ['', '/colour', '/finalNotice/referralAfterDays', '/highValue', '/levels/1/channel', '/quietPeriodDays', '/version']
        .filter((x) => x !== '')
        .sort(),
    );
    expect(problems.find((p) => p.pointer === '/levels/1/channel')?.message).toMatch(/email, letter, sms, call_task/);
    expect(problems.find((p) => p.pointer === '/highValue')?.message).toBe('is required');
  });

  it('refuses fractional and negative minimum balances', () => {
    expect(problemsOf(changed((p) => (p.agencyReferral.minimumBalance = { EUR: 10.5 }))).map((p) => p.pointer)).toEqual([
      '/agencyReferral/minimumBalance/EUR',
    ]);
    expect(problemsOf(changed((p) => (p.writeOffProposal.minimumBalance = { EUR: -1 }))).map((p) => p.pointer)).toEqual([
      '/writeOffProposal/minimumBalance/EUR',
    ]);
  });

  it('refuses currencies that are not ISO 4217', () => {
    expect(problemsOf(changed((p) => (p.levels[0].minimumBalance = { XYZ: 100 })))).toEqual([
      { pointer: '/levels/0/minimumBalance/XYZ', message: 'is not an ISO 4217 currency code' },
    ]);
  });

  it('requires levels numbered in order with increasing days', () => {
    expect(problemsOf(changed((p) => (p.levels[2].daysPastDue = 7))).map((p) => p.pointer)).toEqual(['/levels/2/daysPastDue']);
    expect(problemsOf(changed((p) => (p.levels[1].level = 3))).map((p) => p.pointer)).toEqual(['/levels/1/level']);
    expect(problemsOf(changed((p) => (p.levels = []))).map((p) => p.pointer)).toEqual(['/levels']);
  });

  it('puts the final notice after the last reminder, and referral after the notice and its days', () => {
    expect(problemsOf(changed((p) => (p.finalNotice.daysPastDue = 45))).map((p) => p.pointer)).toEqual(['/finalNotice/daysPastDue']);
    expect(problemsOf(changed((p) => (p.agencyReferral.daysPastDue = 73)))).toEqual([
      { pointer: '/agencyReferral/daysPastDue', message: expect.stringMatching(/at least 74/) },
    ]);
    expect(problemsOf(changed((p) => (p.writeOffProposal.daysPastDue = 60))).map((p) => p.pointer)).toEqual([
      '/writeOffProposal/daysPastDue',
    ]);
  });

  it('allows only one final notice (an object, not a list) and no call task as its channel', () => {
    expect(problemsOf(changed((p) => (p.finalNotice = [p.finalNotice, p.finalNotice]))).map((p) => p.pointer)).toContain('/finalNotice');
    expect(problemsOf(changed((p) => (p.finalNotice.channel = 'call_task'))).map((p) => p.pointer)).toEqual(['/finalNotice/channel']);
  });

  it('needs an agency for automatic referral', () => {
    expect(problemsOf(changed((p) => (p.agencyReferral.automatic = true))).map((p) => p.pointer)).toEqual(['/agencyReferral/agency']);
    expect(problemsOf(changed((p) => Object.assign(p.agencyReferral, { automatic: true, agency: 'Acme' })))).toEqual([]);
  });

  it('accepts overrides to another policy or an exclusion, and refuses anything else', () => {
    expect(
      problemsOf(changed((p) => (p.overrides = { 'ACME-1': { excluded: true, reason: 'Key account' }, 'BIG-2': { policy: 'strategic' } }))),
    ).toEqual([]);
    expect(problemsOf(changed((p) => (p.overrides = { 'ACME-1': { excluded: false } }))).map((p) => p.pointer)).toContain(
      '/overrides/ACME-1',
    );
    expect(problemsOf(changed((p) => (p.overrides = { 'ACME-1': { policy: 'default' } }))).map((p) => p.pointer)).toEqual([
      '/overrides/ACME-1/policy',
    ]);
  });

  it('takes cashApplicationGraceDays as whole days from 0 to 30, and leaves it out of versions recorded before it', () => {
    for (const days of [0, 5, 30]) expect(problemsOf(changed((p) => (p.cashApplicationGraceDays = days)))).toEqual([]);
    for (const days of [-1, 31, 2.5, '5']) {
      expect(problemsOf(changed((p) => (p.cashApplicationGraceDays = days))).map((p) => p.pointer)).toEqual(['/cashApplicationGraceDays']);
    }
    expect(problemsOf(changed((p) => delete p.cashApplicationGraceDays))).toEqual([]);
  });

  it('reports text that is not JSON', () => {
    expect(() => parseCollectionPolicy('{"name":')).toThrow(InvalidPolicyError);
    try {
      parseCollectionPolicy('{"name": "x"}');
    } catch (error) {
      expect((error as InvalidPolicyError).problems.map((p) => p.pointer)).toContain('/version');
    }
  });
});
