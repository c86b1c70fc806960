import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';

/** Sign-in to the web console with an API key, in a real browser, as a person does it. */
describeInBrowser('the console: signing in', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 30_000);
  afterAll(() => rig?.close());

  it('given the address of the service, when it is opened, then it goes to the console and asks for an API key', async () => {
    const page = await rig.open('/');

    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/');
    expect(await page.getByLabel('API key').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("given an analyst's key, when they sign in, then they see who they are, their role, and that their role records nothing", async () => {
    const page = await rig.open();

    await signIn(page, keyOf('analyst'));

    await page.getByRole('heading', { name: 'Signed in as analyst-1' }).waitFor();
    expect(await page.getByText('Role: analyst').isVisible()).toBe(true);
    expect(await page.getByText('Your role records nothing: it only reads.').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("given a collector's key, when they sign in, then what their role may record is listed, and nothing of a manager's", async () => {
    const page = await rig.open();

    await signIn(page, keyOf('collector'));

    const mayDo = page.getByRole('region', { name: 'What you may do' });
    await mayDo.getByText('Make Promise').waitFor();
    expect(await mayDo.getByText('Log Contact').isVisible()).toBe(true);
    expect(await mayDo.getByText('Write Off').count()).toBe(0);
  });

  it('given a key the service does not know, when it is used, then the field says so and nothing opens', async () => {
    const page = await rig.open();

    await signIn(page, 'not-a-key-of-this-service');

    await page.getByText('This API key is not valid.').waitFor();
    expect(await page.getByRole('heading', { name: /Signed in as/ }).count()).toBe(0);
    // The message belongs to the field: a screen reader reads it with it.
    const described = await page.getByLabel('API key').getAttribute('aria-describedby');
    expect(await page.locator(`[id="${described?.split(' ').find((id) => id.includes('error'))}"]`).textContent()).toBe(
      'This API key is not valid.',
    );
  });

  it('given a person signed in, when the page is reloaded or a deep link opened in the tab, then they stay signed in; when they sign out, then the key is forgotten', async () => {
    const page = await rig.open();
    await signIn(page, keyOf('manager'));
    await page.getByRole('heading', { name: 'Signed in as manager-1' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Signed in as manager-1' }).waitFor();
    await page.goto(`${rig.baseUrl}/app/customers/C-1`);
    await page.getByRole('heading', { name: 'Customer C-1' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    await page.reload();
    await page.getByLabel('API key').waitFor();
    expect(await page.getByRole('heading', { name: /Signed in as/ }).count()).toBe(0);
  });
});
