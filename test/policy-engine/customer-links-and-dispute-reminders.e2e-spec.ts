import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '@collections/domain';
import { checkCustomerLink, loadOrCreateLinkSecret } from '@collections/customer-links';
import { disputeReminderIdFor } from '@collections/letters';
import { SmtpTestServer } from '@collections/letters/testing/smtp-test-server';
import { EngineWorld, startEngine } from './engine-harness';

/**
 * What the engine's letters carry for the customer's side (a signed link to their own page, a
 * Reply-To of their own) and the e-mail it sends a dispute's owner once the dispute is past its
 * target date: through real SMTP (an smtp-server in the test), with the link secret the embedded
 * mode generates into DATA_DIR, and a policy whose links work for 10 days.
 */
const invoice = (invoiceId: string, dueOn = '2024-02-09') => ({
  type: 'RegisterInvoice' as const,
  data: { invoiceId, amount: 50_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn },
});
// Damaged goods go to logistics with 10 days to resolve them (the default routing): target 2024-02-22.
const dispute = {
  type: 'RaiseDispute' as const,
  data: {
    disputeId: 'D-1',
    invoiceId: 'INV-1',
    amount: 5_000,
    currency: 'EUR',
    category: 'damaged_goods' as const,
    raisedOn: '2024-02-12',
  },
};
const LINK = /(https?:\/\/\S+)\/pay\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/;

describe("the customer's side in the engine's letters", () => {
  let server: SmtpTestServer;
  let world: EngineWorld;
  let files: string;

  beforeEach(async () => {
    server = await SmtpTestServer.start();
    files = mkdtempSync(join(tmpdir(), 'collections-links-'));
    writeFileSync(
      join(files, 'customers.csv'),
      'customerId,name,email,address\nC-1,Acme Trading Ltd,payables@acme.example,1 Market Street\n',
    );
    const policy = JSON.parse(readFileSync(join(__dirname, '../../libs/policy/default-policy.json'), 'utf8')) as {
      selfService: Record<string, number>;
    };
    writeFileSync(join(files, 'policy.json'), JSON.stringify({ ...policy, selfService: { ...policy.selfService, linkValidDays: 10 } }));
    world = await startEngine({
      today: '2024-01-01',
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(server.port),
        CUSTOMERS_FILE: join(files, 'customers.csv'),
        POLICY_FILE: join(files, 'policy.json'),
        LETTERS_FROM: 'Receivables <receivables@seller.example>',
        CREDITOR_NAME: 'Seller GmbH',
        PUBLIC_URL: 'https://collect.seller.example',
        INBOUND_MAIL_DOMAIN: 'replies.seller.example',
        DISPUTE_OWNER_EMAILS: 'logistics=logistics@seller.example,quality=quality@seller.example',
      },
    });
  });
  afterEach(async () => {
    await world.close();
    await server.stop();
    rmSync(files, { recursive: true, force: true });
  });

  it("given reminders sent, then each letter links to the customer's page with a token for that customer and letter until the policy's last day, and replies to its own address", async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.engine.runDays('2024-02-06', '2024-02-16');
    await world.engine.writeAndDeliverLetters();

    const letters = await world.outbox.lettersOf('C-1');
    expect(letters.map(({ level, sentOn }) => [level, sentOn])).toEqual([
      [1, '2024-02-06'],
      [2, '2024-02-16'],
    ]);
    // The secret the embedded mode generated, where the api that opens the links reads it.
    const secret = loadOrCreateLinkSecret(world.dataDir, undefined);
    for (const letter of letters) {
      const [, base, token] = LINK.exec(letter.text) ?? [];
      expect(base).toBe('https://collect.seller.example');
      const expiresOn = addDays(letter.sentOn, 10);
      expect(checkCustomerLink(token, secret, expiresOn)).toEqual({
        valid: true,
        claims: { customerId: 'C-1', letterId: letter.letterId, expiresOn },
      });
      expect(checkCustomerLink(token, secret, addDays(expiresOn, 1))).toMatchObject({ valid: false, reason: 'expired' });
      expect(letter.html).toContain(`<a href="${base}/pay/${token}">`);
      expect(letter.replyTo).toBe(`reply+${letter.letterId}@replies.seller.example`);
    }
    expect(server.received.map((mail) => [mail.rcptTo, mail.message.header('reply-to')])).toEqual(
      letters.map((letter) => [['payables@acme.example'], letter.replyTo]),
    );
  });

  it('given a dispute raised, when the engine runs past its target date, then its owner is reminded once, by one e-mail, however many days follow', async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.act('C-1', dispute);
    await world.engine.runDays('2024-02-12', '2024-02-22');
    await world.engine.writeAndDeliverLetters();
    const assigned = (await world.events('C-1')).filter((event) => event.type === 'DisputeAssigned');
    expect(assigned.map((event) => event.data)).toEqual([expect.objectContaining({ ownerTeam: 'logistics', targetOn: '2024-02-22' })]);
    expect(server.received).toEqual([]);

    await world.engine.runDays('2024-02-23', '2024-03-20');
    await world.engine.writeAndDeliverLetters();
    await world.engine.runDays('2024-03-21', '2024-03-25');
    await world.engine.writeAndDeliverLetters();

    const reminded = (await world.events('C-1')).filter((event) => event.type === 'DisputeOwnerReminded');
    expect(reminded.map((event) => event.data)).toEqual([
      { disputeId: 'D-1', invoiceId: 'INV-1', ownerTeam: 'logistics', targetOn: '2024-02-22', remindedOn: '2024-02-23' },
    ]);
    const toOwner = server.received.filter((mail) => mail.rcptTo.includes('logistics@seller.example'));
    expect(toOwner).toHaveLength(1);
    const [mail] = toOwner;
    expect(mail.message.header('subject')).toBe('Dispute D-1 of Acme Trading Ltd is 1 day past its target date');
    const text = mail.message.part('text/plain')?.body ?? '';
    for (const fact of ['C-1', 'INV-1', 'damaged goods', '€50.00', '22 February 2024', '1 day past']) expect(text).toContain(fact);
    // Staff mail: no customer link, no customer Reply-To, and not among the customer's letters.
    expect(text).not.toMatch(/\/pay\//);
    expect(mail.message.header('reply-to')).toBeUndefined();
    const stored = await world.outbox.letter(disputeReminderIdFor('C-1', 'D-1', '2024-02-22'));
    expect(stored).toMatchObject({ kind: 'dispute_reminder', to: 'logistics@seller.example', delivery: { state: 'delivered' } });
    expect((await world.outbox.lettersOf('C-1')).map((letter) => letter.kind)).not.toContain('dispute_reminder');
  });
});

describe("reminders to a late dispute's owner without SMTP", () => {
  let world: EngineWorld;
  beforeEach(async () => {
    world = await startEngine({
      today: '2024-01-01',
      env: { DISPUTE_OWNER_EMAILS: 'logistics=logistics@seller.example,lina=lina@seller.example' },
    });
  });
  afterEach(() => world.close());

  it("given a dispute a manager gave to a person, when it is late, then the reminder goes to the person's address, as an .eml of the file delivery", async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.act('C-1', dispute);
    await world.engine.runFor('2024-02-12');
    const assign = { disputeId: 'D-1', ownerTeam: 'logistics', ownerId: 'lina', targetOn: '2024-02-15', assignedOn: '2024-02-13' };
    await world.act('C-1', { type: 'AssignDispute', data: assign }, 'manager');
    await world.engine.runDays('2024-02-13', '2024-02-20');
    await world.engine.writeAndDeliverLetters();

    const reminderId = disputeReminderIdFor('C-1', 'D-1', '2024-02-15');
    expect(await world.outbox.letter(reminderId)).toMatchObject({
      to: 'lina@seller.example',
      sentOn: '2024-02-16',
      delivery: { state: 'delivered' },
    });
    expect(readdirSync(join(world.dataDir, 'outbox'))).toContain(`${reminderId}.eml`);
  });
});
