import { CollectionPolicy, DEFAULT_COLLECTION_POLICY } from '@collections/policy';
import { loadConfig } from '@collections/config';
import { runSimulation } from '../../apps/cli/src/simulate/simulation-driver';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

interface Figures {
  lettersTotal: number;
  daysToFirstReminder: { median: number | null };
  contactsWhileDisputeOpen: number;
  contactsWhilePromiseNotDue: number;
}
interface RunView {
  id: string;
  status: 'running' | 'done' | 'failed';
  progress: { daysDone: number; days: number };
  report?: { actual: Figures; proposed: Figures; heldAsRecorded: string; externalFacts: { replayed: number; refused: number } };
  error?: string;
}

/** A stricter ladder: the courtesy e-mail a week before the due date, every later level sooner. */
const STRICTER: CollectionPolicy = {
  ...structuredClone(DEFAULT_COLLECTION_POLICY),
  version: 2,
  levels: DEFAULT_COLLECTION_POLICY.levels.map((level) => ({
    ...level,
    daysPastDue: level.level === 1 ? -7 : Math.max(1, level.daysPastDue - 7 * (level.level - 1)),
  })),
};

/**
 * Policy what-if over HTTP: a manager starts a replay of the recorded history under a proposed
 * policy (202 and a Location), follows it, and reads the comparison; nothing is recorded.
 */
describe('policy what-if (POST /policies/what-if, GET /policies/what-if/:id)', () => {
  jest.setTimeout(120_000);
  let api: TestApi;
  let recorded: number;

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
    // Three months of a small book through the command side and the real policy engine, on the api's store.
    const config = loadConfig({ DATA_DIR: api.dataDir, LOG_LEVEL: 'silent', POLICY_RUN_INTERVAL_MINUTES: '0' });
    await runSimulation(config, { customers: 30, days: 90, seed: 5, startOn: '2024-03-01' });
    recorded = (await api.store.readAll()).length;
  });
  afterAll(() => api.close());

  const start = (policy: object, from = '2024-04-01', to = '2024-05-29') =>
    api.as('manager').post('/policies/what-if', { policy, from, to });

  async function finished(location: string): Promise<RunView> {
    for (;;) {
      const { body } = await api.as('manager').get(location).expect(200);
      const run = body as RunView;
      if (run.status !== 'running') return run;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('given a recorded history, when a manager replays the policy in force, then the run is followed to a report whose two sides are equal, and nothing is recorded', async () => {
    const started = await start(DEFAULT_COLLECTION_POLICY).expect(202);
    expect(started.headers.location).toBe(`/policies/what-if/${started.body.id}`);
    expect(started.body).toMatchObject({
      status: 'running',
      policy: { name: 'default', version: 1 },
      from: '2024-04-01',
      to: '2024-05-29',
      requestedBy: 'manager-1',
      progress: { days: 59 },
    });

    const run = await finished(started.headers.location);
    expect(run.status).toBe('done');
    expect(run.progress).toEqual({ daysDone: 59, days: 59 });
    const report = run.report as NonNullable<RunView['report']>;
    expect(report.actual.lettersTotal).toBeGreaterThan(20);
    expect(report.proposed).toEqual(report.actual);
    expect(report.externalFacts.refused).toBe(0);
    expect(report.externalFacts.replayed).toBeGreaterThan(50);
    expect(report.heldAsRecorded).toContain("Customers' behaviour is held as recorded");
    expect((await api.store.readAll()).length).toBe(recorded);
  });

  it('given a stricter ladder, when replayed, then it sends more letters, earlier, and contacts no disputed invoice', async () => {
    const started = await start(STRICTER).expect(202);
    const run = await finished(started.headers.location);
    const { actual, proposed } = run.report as NonNullable<RunView['report']>;
    expect(proposed.lettersTotal).toBeGreaterThan(actual.lettersTotal);
    expect(proposed.daysToFirstReminder.median).toBeLessThan(actual.daysToFirstReminder.median as number);
    expect(proposed.contactsWhileDisputeOpen).toBe(0);
    expect(proposed.contactsWhilePromiseNotDue).toBe(0);
  });

  it('given a collector or an analyst, then they may not start or read a what-if', async () => {
    await api
      .as('collector')
      .post('/policies/what-if', { policy: DEFAULT_COLLECTION_POLICY, from: '2024-04-01', to: '2024-04-30' })
      .expect(403);
    await api.as('analyst').get('/policies/what-if/00000000-0000-4000-8000-000000000000').expect(403);
  });

  it('given an invalid policy document, then 422 points at each problem under /policy, as a replacement does', async () => {
    const response = await start({ ...DEFAULT_COLLECTION_POLICY, levels: [], quietPeriodDays: -1 }).expect(422);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ code: 'policy-invalid', status: 422 });
    expect((response.body as { errors: { pointer: string }[] }).errors.map(({ pointer }) => pointer)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/policy\//)]),
    );
  });

  it('given a period that ends before it starts, is longer than a year or ends after today, then 400 names `to`', async () => {
    for (const [from, to, detail] of [
      ['2024-05-01', '2024-04-01', 'must not be before from'],
      ['2023-01-01', '2024-06-30', 'at most 366 days'],
      ['2024-06-01', '2024-07-01', 'must not be after today'],
    ]) {
      const response = await start(DEFAULT_COLLECTION_POLICY, from, to).expect(400);
      expect(response.body.errors).toEqual([{ pointer: '/to', detail: expect.stringContaining(detail) }]);
    }
    const missing = await api
      .as('manager')
      .post('/policies/what-if', { policy: DEFAULT_COLLECTION_POLICY, from: '2024-04-01' })
      .expect(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ pointer: '/to' })]);
  });

  it('given an id no run has, then 404; given no id at all, then 400', async () => {
    await api.as('manager').get('/policies/what-if/00000000-0000-4000-8000-000000000000').expect(404);
    const bad = await api.as('manager').get('/policies/what-if/not-a-run').expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/id' })]);
  });
});
