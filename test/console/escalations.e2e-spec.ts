import { Page } from 'playwright-core';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';

/**
 * The managers' escalation queue. The policy engine is hosted, so that its saga really places the
 * credit hold after a referral; its daily run is off, so it proposes nothing of its own here.
 */
describeInBrowser('the console: escalation proposals', () => {
  let rig: ConsoleRig;

  const openAs = async (role: 'manager' | 'auditor', path: string): Promise<Page> => {
    const page = await rig.open(path);
    await signIn(page, keyOf(role));
    return page;
  };
  /** What the policy engine does when the thresholds are met: an overdue invoice, then ProposeEscalation. */
  const proposed = async (customerId: string, proposalId: string) => {
    await rig.api
      .as('integration')
      .post(`/customers/${customerId}/invoices`, {
        invoiceId: 'INV-1',
        amount: 250_000,
        currency: 'EUR',
        issuedOn: '2024-01-10',
        dueOn: '2024-02-09',
      })
      .expect(201);
    await rig.api
      .as('manager')
      .post(`/customers/${customerId}/escalation-proposals`, {
        proposalId,
        kind: 'agency_referral',
        invoiceIds: ['INV-1'],
        reason: 'Policy default v1, agency referral: 98 days past due (threshold 75)',
        proposedOn: '2024-05-17',
      })
      .expect(201);
    await rig.api.projected();
  };
  const typesOf = async (customerId: string): Promise<string[]> => {
    const { body } = await rig.api.as('auditor').get(`/customers/${customerId}/history`).expect(200);
    return body.events.map((event: { type: string }) => event.type);
  };
  /** Reads the history until `type` is in it: the saga reacts a moment after the referral. */
  const eventually = async (customerId: string, type: string) => {
    for (let attempt = 0; attempt < 100 && !(await typesOf(customerId)).includes(type); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await typesOf(customerId)).toContain(type);
  };

  beforeAll(async () => {
    rig = await startConsoleRig({ env: { POLICY_ENGINE: 'hosted', POLICY_RUN_INTERVAL_MINUTES: '0' } });
    await proposed('C-ESC-A', 'ESC-A');
    await proposed('C-ESC-D', 'ESC-D');
    await proposed('C-ESC-X', 'ESC-X');
  }, 30_000);
  afterAll(() => rig?.close());

  it('given the engine proposed an agency referral, when a manager accepts it naming the agency, then the account is referred and the saga puts it on hold', async () => {
    const page = await openAs('manager', '/app/escalations');
    await page.getByRole('heading', { name: 'Escalation proposals' }).waitFor();
    const row = page.getByRole('row', { name: /C-ESC-A/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'C-ESC-A',
      'Agency referral',
      'INV-1',
      '€2,500.00',
      '98',
      'Policy default v1, agency referral: 98 days past due (threshold 75)',
      '2024-05-17',
      expect.stringContaining('Accept'),
    ]);
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByRole('button', { name: /Accept/ }).click();
    const dialog = page.getByRole('dialog', { name: /Accept the agency referral of C-ESC-A/ });
    await dialog.getByLabel('Agency').fill('Baltic Recovery UAB');
    await dialog.getByLabel('Referral date').fill('2024-06-30');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Refer to agency' }).click();

    await page.getByRole('status').filter({ hasText: 'Referred to Baltic Recovery UAB' }).waitFor();
    // The queue is read again after the decision: the row goes once that answer is in.
    await page.getByRole('row', { name: /C-ESC-A/ }).waitFor({ state: 'detached' });
    await eventually('C-ESC-A', 'CreditHoldPlaced');

    await page.goto(`${rig.baseUrl}/app/customers/C-ESC-A`);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('ReferredToAgency').waitFor();
    await timeline.getByText('CreditHoldPlaced').waitFor();
    await page.getByText('On credit hold since 2024-06-30').waitFor();
    const { body } = await rig.api.as('manager').get('/escalation-proposals?status=accepted').expect(200);
    expect(body.proposals).toEqual([
      expect.objectContaining({ customerId: 'C-ESC-A', decision: expect.objectContaining({ agency: 'Baltic Recovery UAB' }) }),
    ]);
  });

  it('given a pending proposal, when a manager declines it with a reason, then it leaves the queue and the timeline says it was declined', async () => {
    const page = await openAs('manager', '/app/escalations');
    const row = page.getByRole('row', { name: /C-ESC-D/ });
    await row.getByRole('button', { name: /Decline/ }).click();
    const dialog = page.getByRole('dialog', { name: /Decline the agency referral of C-ESC-D/ });

    // Without a reason the server names the field, and the form shows it beside the field.
    await dialog.getByLabel('Reason').fill('');
    await dialog.getByRole('button', { name: 'Decline proposal' }).click();
    await dialog.getByText('reason should not be empty').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await dialog.getByLabel('Reason').fill('Customer is negotiating a payment plan');
    await dialog.getByRole('button', { name: 'Decline proposal' }).click();

    await page.getByRole('status').filter({ hasText: 'Declined the agency referral of C-ESC-D' }).waitFor();
    // The queue is read again after the message shows: on a loaded machine the row leaves a moment later.
    await page.getByRole('row', { name: /C-ESC-D/ }).waitFor({ state: 'detached' });
    expect(await typesOf('C-ESC-D')).toContain('EscalationDeclined');
    await page.goto(`${rig.baseUrl}/app/customers/C-ESC-D`);
    const item = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'EscalationDeclined' });
    expect(await item.textContent()).toContain('declined: Customer is negotiating a payment plan');
  });

  it('given an auditor, when they open the queue, then they see the pending proposals without a decision button', async () => {
    await rig.api.projected();
    const page = await openAs('auditor', '/app/escalations');
    await page.getByRole('heading', { name: 'Escalation proposals' }).waitFor();
    await page
      .getByText(/No proposal is waiting|C-ESC/)
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: /Accept|Decline/ }).count()).toBe(0);
  });
});
