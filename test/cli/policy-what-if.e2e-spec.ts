import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as cli } from './run-cli';

const DEFAULT_POLICY = join(__dirname, '../../libs/policy/default-policy.json');

interface Figures {
  lettersTotal: number;
  daysToFirstReminder: { median: number | null };
  contactsWhileDisputeOpen: number;
  contactsWhilePromiseNotDue: number;
}
interface Report {
  actual: Figures;
  proposed: Figures;
  externalFacts: { replayed: number; refused: number };
  heldAsRecorded: string;
}

describe('collections policy what-if', () => {
  // A simulation through the real engine, then a few replays of it: tens of seconds on a busy machine.
  jest.setTimeout(180_000);
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'collections-what-if-cli-'));
    const simulated = await cli(['simulate', '--customers', '40', '--days', '100', '--seed', '7', '--no-progress'], { DATA_DIR: dataDir });
    expect(simulated.code).toBe(0);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const whatIf = (policy: string, ...more: string[]) =>
    cli(['policy', 'what-if', '--policy', policy, '--from', '2025-02-01', '--to', '2025-04-10', '--no-progress', ...more], {
      DATA_DIR: dataDir,
    });

  it('given a simulated book, when the policy in force is replayed, then the table shows the same figures on both sides and says behaviour is held as recorded', async () => {
    const run = await whatIf(DEFAULT_POLICY);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Policy what-if from 2025-02-01 to 2025-04-10 (69 days, 40 customers)');
    expect(run.stdout).toMatch(/In force \(recorded\)\s+Proposed \(default v1\)/);
    expect(run.stdout).toContain("Customers' behaviour is held as recorded");
    expect(run.stdout).toContain('refused by the replayed accounts: 0.');
    const letters = /^Letters\s+(\d+)\s+(\d+)$/m.exec(run.stdout);
    expect(letters).not.toBeNull();
    expect(Number(letters?.[1])).toBeGreaterThan(20);
    expect(letters?.[2]).toBe(letters?.[1]);

    const json = await whatIf(DEFAULT_POLICY, '--json');
    const report = JSON.parse(json.stdout) as Report;
    expect(report.proposed).toEqual(report.actual);
    expect(report.externalFacts).toMatchObject({ refused: 0 });
    expect(report.externalFacts.replayed).toBeGreaterThan(100);
  });

  it('given a stricter ladder, when replayed, then it sends more letters, earlier, and never while a dispute is open or a promise not yet due', async () => {
    const policy = JSON.parse(readFileSync(DEFAULT_POLICY, 'utf8')) as {
      version: number;
      levels: { level: number; daysPastDue: number }[];
    };
    policy.version = 2;
    policy.levels = policy.levels.map((level) => ({
      ...level,
      daysPastDue: level.level === 1 ? -7 : Math.max(1, level.daysPastDue - 7 * (level.level - 1)),
    }));
    const file = join(dataDir, 'stricter.json');
    writeFileSync(file, JSON.stringify(policy));

    const run = await whatIf(file, '--json');
    expect(run.code).toBe(0);
    const { actual, proposed } = JSON.parse(run.stdout) as Report;
    expect(proposed.lettersTotal).toBeGreaterThan(actual.lettersTotal);
    expect(proposed.daysToFirstReminder.median).toBeLessThan(actual.daysToFirstReminder.median as number);
    expect(proposed.contactsWhileDisputeOpen).toBe(0);
    expect(proposed.contactsWhilePromiseNotDue).toBe(0);
  });

  it('given a policy file that is not a valid policy, then it names every problem and exits 2 without replaying', async () => {
    const file = join(dataDir, 'broken.json');
    writeFileSync(file, JSON.stringify({ name: 'default', version: 2, levels: [] }));
    const run = await whatIf(file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a valid collection policy');
    expect(run.stderr).toMatch(/^ {2}\/\S* /m);
    expect(run.stdout).toBe('');
  });

  it('given a period that ends before it starts, then it exits 2', async () => {
    const run = await cli(['policy', 'what-if', '--policy', DEFAULT_POLICY, '--from', '2025-03-01', '--to', '2025-02-01'], {
      DATA_DIR: dataDir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--to 2025-02-01 is before --from 2025-03-01');
  });
});
