import { Locator, Page } from 'playwright-core';
import { TestApi, keyOf } from '../api/harness';
import { ConsoleRig, signIn } from './browser';

/** What the action suites do again and again, said once: an overdue account, its page, an action's form. */

/** A €1,000.00 invoice of `customerId`, due 2024-05-01 (overdue on the harness's today), assigned to collector-1. */
export async function seedOverdueAccount(api: TestApi, customerId: string): Promise<void> {
  await api
    .as('integration')
    .post(`/customers/${customerId}/invoices`, {
      invoiceId: `${customerId}-INV`,
      amount: 100_000,
      currency: 'EUR',
      issuedOn: '2024-04-01',
      dueOn: '2024-05-01',
    })
    .expect(201);
  await api.as('manager').post(`/customers/${customerId}/assignment`, { collectorId: 'collector-1', assignedOn: '2024-04-02' }).expect(201);
}

/** The customer's page, signed in with the role's key, once its account has been read. */
export async function openCustomerAs(rig: ConsoleRig, role: 'collector' | 'manager' | 'auditor', customerId: string): Promise<Page> {
  const page = await rig.open(`/app/customers/${customerId}`);
  page.setDefaultTimeout(8_000);
  await signIn(page, keyOf(role));
  await page.getByRole('heading', { name: /^Balances as of/ }).waitFor();
  return page;
}

/** Opens an action's form by its button; the form is a dialog named like the button. */
export async function openForm(page: Page, action: string): Promise<Locator> {
  await page.getByRole('button', { name: action }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await dialog.waitFor();
  return dialog;
}
