import { CustomerLinkClaims, loadOrCreateLinkSecret, signCustomerLink } from '@collections/customer-links';
import { LETTER_OUTBOX, LetterOutbox, letterIdFor } from '@collections/letters';
import { TestApi } from './harness';

/**
 * Two customers with open invoices and a letter each, and their links signed as the letters'
 * writer signs them (with the data directory's secret), for the self-service suites.
 *
 * A: INV-A1 800.00 EUR due 2024-02-01 and INV-A2 200.00 EUR due 2024-02-15 (1,000.00 EUR open).
 * B: INV-B1 500.00 EUR and INV-B2 75.00 EUR: what no link of A's may ever reach.
 */
export const A = 'SS-A';
export const B = 'SS-B';
export const TODAY = '2024-03-01';
export const letterOf = (customerId: string, reminderId = 'REM-1') => letterIdFor(customerId, 'reminder', reminderId);

export async function givenTwoCustomers(api: TestApi): Promise<{ linkOf: (claims?: Partial<CustomerLinkClaims>) => string }> {
  const invoices: [string, string, number, string][] = [
    [A, 'INV-A1', 80_000, '2024-02-01'],
    [A, 'INV-A2', 20_000, '2024-02-15'],
    [B, 'INV-B1', 50_000, '2024-02-01'],
    [B, 'INV-B2', 7_500, '2024-02-10'],
  ];
  for (const [customerId, invoiceId, amount, dueOn] of invoices) {
    await api
      .as('integration')
      .post(`/customers/${customerId}/invoices`, { invoiceId, amount, currency: 'EUR', issuedOn: '2024-01-02', dueOn })
      .expect(201);
  }
  const outbox = api.app.get<LetterOutbox>(LETTER_OUTBOX);
  for (const customerId of [A, B]) {
    await outbox.store({
      letterId: letterOf(customerId),
      customerId,
      kind: 'reminder',
      level: 2,
      channel: 'email',
      tone: 'friendly',
      sentOn: '2024-02-08',
      invoiceIds: [`INV-${customerId.slice(-1)}1`],
      subject: 'Payment reminder',
      text: `Dear customer ${customerId}, invoice INV-${customerId.slice(-1)}1 is overdue.`,
    });
  }
  // The api generated the secret into its data directory on start; the letters' writer reads the same file.
  const secret = loadOrCreateLinkSecret(api.dataDir, undefined);
  return {
    linkOf: (claims = {}) => signCustomerLink({ customerId: A, letterId: letterOf(A), expiresOn: '2024-03-31', ...claims }, secret),
  };
}

/** The types of a customer's events, and who recorded the last one. */
export async function historyOf(api: TestApi, customerId: string) {
  const { body } = await api.as('auditor').get(`/customers/${customerId}/history`).expect(200);
  return body.events as { type: string; data: Record<string, unknown>; metadata: { actor: { id: string; role: string } } }[];
}
