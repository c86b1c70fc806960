import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';

const shipped = JSON.parse(readFileSync(join(__dirname, '../../libs/policy/default-policy.json'), 'utf8'));

/** The policy page: everyone reads the policy and its versions; a manager replaces it. */
describeInBrowser('the console: the collection policy', () => {
  let rig: ConsoleRig;

  const openPolicyAs = async (role: 'manager' | 'collector'): Promise<Page> => {
    const page = await rig.open('/app/');
    await signIn(page, keyOf(role));
    await page.getByRole('link', { name: 'Policy' }).click();
    await page.getByRole('heading', { name: 'Policy default' }).waitFor();
    return page;
  };
  const versionsShown = async (page: Page) => page.getByRole('table', { name: 'Versions' }).getByRole('rowheader').allTextContents();
  const currentVersion = async () => (await rig.api.as('manager').get('/policies/default').expect(200)).body.current.version;
  const editor = (page: Page) => page.getByLabel('Policy document (JSON)');

  beforeAll(async () => {
    rig = await startConsoleRig();
    await rig.api.as('manager').put('/policies/default', { policy: shipped, reason: 'The ladder that ships' }).expect(201);
  }, 30_000);
  afterAll(() => rig?.close());

  it('given version 1, when a manager replaces it with a step whose days are not a number, then the pointer is listed next to the editor and the policy is unchanged', async () => {
    const page = await openPolicyAs('manager');
    expect(JSON.parse(await editor(page).inputValue())).toEqual(shipped);
    const invalid = {
      ...shipped,
      version: 2,
      levels: shipped.levels.map((level: object, index: number) => (index === 2 ? { ...level, daysPastDue: 'soon' } : level)),
    };

    await editor(page).fill(JSON.stringify(invalid, null, 2));
    await page.getByRole('button', { name: 'Replace the policy' }).click();

    const problems = page.getByRole('list', { name: 'Problems by JSON pointer' });
    await problems.waitFor();
    expect(await problems.textContent()).toContain('/policy/levels/2/daysPastDue');
    expect(await currentVersion()).toBe(1);
    expect(await versionsShown(page)).toEqual(['1']);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given a typing mistake, when the manager replaces, then the browser names its line and sends nothing', async () => {
    const page = await openPolicyAs('manager');
    const puts: string[] = [];
    page.on('request', (request) => request.method() === 'PUT' && puts.push(request.url()));

    await editor(page).fill('{\n  "name": "default",\n  "version": 2,,\n}');
    await page.getByRole('button', { name: 'Replace the policy' }).click();

    await page.getByRole('alert').filter({ hasText: 'line 3' }).waitFor();
    expect(puts).toEqual([]);
    expect(await currentVersion()).toBe(1);
  });

  it('given version 1, when the manager replaces it with a valid version 2 and a reason, then version 2 is listed with the reason and is in force', async () => {
    const page = await openPolicyAs('manager');

    await editor(page).fill(JSON.stringify({ ...shipped, version: 2, quietPeriodDays: 3 }, null, 2));
    await page.getByLabel('Reason').fill('Shorter quiet period');
    await page.getByRole('button', { name: 'Replace the policy' }).click();

    await page.getByText('Version 2 is in force', { exact: false }).waitFor();
    expect(await versionsShown(page)).toEqual(['2', '1']);
    const row = page.getByRole('table', { name: 'Versions' }).getByRole('row').nth(1);
    expect(await row.textContent()).toContain('Shorter quiet period');
    expect(await row.textContent()).toContain('manager-1 (manager)');
    const { body } = await rig.api.as('manager').get('/policies/default').expect(200);
    expect(body.current).toMatchObject({ version: 2, reason: 'Shorter quiet period', policy: { quietPeriodDays: 3 } });

    await page.getByRole('button', { name: 'View version 1' }).click();
    const document = page.getByRole('region', { name: 'The document of version 1' });
    expect(JSON.parse((await document.textContent()) ?? '')).toEqual(shipped);
  });

  it('given a collector, when they open the policy, then they see it and its versions, but no editor', async () => {
    const page = await openPolicyAs('collector');

    await page.getByRole('table', { name: 'Versions' }).waitFor();
    expect(await versionsShown(page)).toContain('1');
    expect(await editor(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Replace the policy' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
