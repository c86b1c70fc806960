import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { loadConfig } from '@collections/config';
import { runSimulation } from '../../apps/cli/src/simulate/simulation-driver';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';

const shipped = JSON.parse(readFileSync(join(__dirname, '../../libs/policy/default-policy.json'), 'utf8'));

/** A stricter ladder: the courtesy e-mail a week before the due date, every later level sooner. */
const stricter = {
  ...shipped,
  version: 2,
  levels: shipped.levels.map((level: { level: number; daysPastDue: number }) => ({
    ...level,
    daysPastDue: level.level === 1 ? -7 : Math.max(1, level.daysPastDue - 7 * (level.level - 1)),
  })),
};

/** The policy page's what-if: a manager replays a proposed policy over the recorded history and reads the comparison. */
describeInBrowser('the console: policy what-if', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig({ today: '2024-06-30' });
    // Three months of a small book through the real policy engine (which records the default policy as version 1).
    const config = loadConfig({ DATA_DIR: rig.api.dataDir, LOG_LEVEL: 'silent', POLICY_RUN_INTERVAL_MINUTES: '0' });
    await runSimulation(config, { customers: 30, days: 90, seed: 5, startOn: '2024-03-01' });
  }, 120_000);
  afterAll(() => rig?.close());

  const openPolicyAs = async (role: 'manager' | 'collector'): Promise<Page> => {
    const page = await rig.open('/app/');
    await signIn(page, keyOf(role));
    await page.getByRole('link', { name: 'Policy' }).click();
    await page.getByRole('heading', { name: 'Policy default' }).waitFor();
    return page;
  };
  const period = async (page: Page, from: string, to: string) => {
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByLabel('To', { exact: true }).fill(to);
  };
  /** A row of the comparison: its figure in force and proposed. */
  const row = async (page: Page, label: string) => {
    const cells = page
      .getByRole('table', { name: /What-if comparison/ })
      .getByRole('row', { name: label })
      .getByRole('cell');
    return { inForce: await cells.nth(0).textContent(), proposed: await cells.nth(1).textContent() };
  };

  it('given the policy in force, when a manager runs the what-if over two months, then the comparison shows the same figures on both sides', async () => {
    const page = await openPolicyAs('manager');
    await page.getByRole('heading', { name: 'What if' }).waitFor();
    expect(JSON.parse(await page.getByLabel('Proposed policy (JSON)').inputValue())).toEqual(shipped);

    await period(page, '2024-04-01', '2024-05-29');
    await page.getByRole('button', { name: 'Run the what-if' }).click();

    await page.getByRole('table', { name: 'What-if comparison, 2024-04-01 to 2024-05-29' }).waitFor();
    const letters = await row(page, 'Letters');
    expect(Number(letters.inForce)).toBeGreaterThan(20);
    expect(letters.proposed).toBe(letters.inForce);
    expect(await page.getByText("Customers' behaviour is held as recorded", { exact: false }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given a stricter ladder uploaded as a file, when run, then more letters are proposed and none while a dispute is open', async () => {
    const page = await openPolicyAs('manager');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Or upload a policy file' }).click();
    await (await chooser).setFiles({ name: 'stricter.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(stricter)) });
    // The console reads the file asynchronously: wait until its text has replaced the shipped policy.
    const proposed = await page.getByLabel('Proposed policy (JSON)').elementHandle();
    await page.waitForFunction((box) => (box as { value: string }).value.replace(/\s/g, '').includes('"version":2'), proposed);
    expect(JSON.parse(await page.getByLabel('Proposed policy (JSON)').inputValue())).toMatchObject({ version: 2 });

    await period(page, '2024-04-01', '2024-05-29');
    await page.getByRole('button', { name: 'Run the what-if' }).click();

    await page.getByRole('table', { name: /What-if comparison/ }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Proposed (default v2)' }).count()).toBe(1);
    const letters = await row(page, 'Letters');
    expect(Number(letters.proposed)).toBeGreaterThan(Number(letters.inForce));
    expect((await row(page, 'Contacts while a dispute was open (must be 0)')).proposed).toBe('0');
  });

  it('given a period that ends before it starts, when run, then the problem is shown next to To and nothing runs', async () => {
    const page = await openPolicyAs('manager');
    await period(page, '2024-05-01', '2024-04-01');
    await page.getByRole('button', { name: 'Run the what-if' }).click();

    await page.getByRole('alert').filter({ hasText: 'The what-if did not start' }).waitFor();
    const to = page.getByLabel('To', { exact: true });
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('must not be before from (2024-05-01)', { exact: true }).waitFor();
    expect(await page.getByRole('table', { name: /What-if comparison/ }).count()).toBe(0);
  });

  it('given a collector, when they open the policy, then there is no what-if', async () => {
    const page = await openPolicyAs('collector');
    await page.getByRole('table', { name: 'Versions' }).waitFor();
    expect(await page.getByRole('heading', { name: 'What if' }).count()).toBe(0);
  });
});
