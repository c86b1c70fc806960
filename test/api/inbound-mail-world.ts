import { createServer } from 'node:net';
import { TestApi, startApi } from './harness';

/** The reply addresses' domain the tests' api is configured with. */
export const REPLY_DOMAIN = 'replies.example.com';

/** Waits (at most ~10 s) for something the engine does in the background. */
export async function eventually(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Still not so after 10 s: ${what}`);
}

/** A port nothing listens on now, for the api's inbound SMTP listener. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The api on 5 March 2024 with the policy engine hosted (its letter writer and bounce marker follow
 * the store; runs only when a test asks), replies addressed to reply+<letter>@replies.example.com.
 */
export function startInboundApi(env: Record<string, string> = {}): Promise<TestApi> {
  return startApi({
    today: '2024-03-05',
    env: { POLICY_ENGINE: 'hosted', POLICY_RUN_INTERVAL_MINUTES: '0', INBOUND_MAIL_DOMAIN: REPLY_DOMAIN, ...env },
  });
}

/**
 * A customer with an invoice due on 9 February and the reminder a collector sent on 20 February,
 * whose letter the engine writes into the outbox: answers the letter's id.
 */
export async function customerWithLetter(api: TestApi, customerId: string): Promise<string> {
  await api
    .as('integration')
    .post(`/customers/${customerId}/invoices`, {
      invoiceId: 'INV-1',
      amount: 120_000,
      currency: 'EUR',
      issuedOn: '2024-01-10',
      dueOn: '2024-02-09',
    })
    .expect(201);
  await api
    .as('collector')
    .post(`/customers/${customerId}/reminders`, {
      reminderId: 'REM-1',
      invoiceIds: ['INV-1'],
      level: 1,
      channel: 'email',
      template: 'friendly-1',
      sentOn: '2024-02-20',
    })
    .expect(201);
  let letterId: string | undefined;
  await eventually(async () => {
    letterId = (await api.as('auditor').get(`/customers/${customerId}/letters`).expect(200)).body.letters[0]?.letterId;
    return letterId !== undefined;
  }, `the letter of ${customerId}'s reminder is in the outbox`);
  return letterId as string;
}
