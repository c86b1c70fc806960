import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LetterDelivery, createLetterOutbox } from '@collections/letters';
import { SmtpTestServer } from '@collections/letters/testing/smtp-test-server';
import { LetterWriter } from '@collections/policy-engine';
import { describeWaiting } from '../../apps/cli/src/policy/policy-run-command';
import { EngineWorld, startEngine } from './engine-harness';

/**
 * Letters from the engine's reminders through real SMTP (an smtp-server in the test) and the
 * file outbox, with the customers' addresses from CUSTOMERS_FILE.
 */
const invoice = {
  type: 'RegisterInvoice' as const,
  data: { invoiceId: 'INV-1', amount: 50_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' },
};

describe('letters from the policy engine', () => {
  let server: SmtpTestServer;
  let world: EngineWorld;
  let files: string;

  beforeEach(async () => {
    server = await SmtpTestServer.start();
    files = mkdtempSync(join(tmpdir(), 'collections-customers-'));
    writeFileSync(
      join(files, 'customers.csv'),
      'customerId,name,email,address\nC-1,Acme Trading Ltd,payables@acme.example,1 Market Street|Vilnius\nC-2,No Mail Ltd,,2 Harbour Road|Riga\n',
    );
    world = await startEngine({
      today: '2024-01-01', // the retries below move the clock from here
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(server.port),
        CUSTOMERS_FILE: join(files, 'customers.csv'),
        LETTERS_FROM: 'Receivables <receivables@seller.example>',
        CREDITOR_NAME: 'Seller GmbH',
      },
    });
  });
  afterEach(async () => {
    await world.close();
    await server.stop();
    rmSync(files, { recursive: true, force: true });
  });

  it('given e-mail and postal reminders, when delivered, then the e-mail goes by SMTP to the customer and the postal letter to the file outbox', async () => {
    await world.act('C-1', invoice, 'integration');
    await world.engine.runDays('2024-02-06', '2024-03-01');
    const delivered = await world.engine.writeAndDeliverLetters();

    const letters = await world.outbox.lettersOf('C-1');
    expect(letters.map(({ level, channel }) => [level, channel])).toEqual([
      [1, 'email'],
      [2, 'email'],
      [3, 'letter'],
    ]);
    expect(delivered).toEqual({ delivered: 3, failed: 0 });
    expect(server.received.map((mail) => [mail.rcptTo, mail.message.header('message-id')])).toEqual([
      [['payables@acme.example'], `<${letters[0].letterId}@collections>`],
      [['payables@acme.example'], `<${letters[1].letterId}@collections>`],
    ]);
    // The envelope sender is the letter's own reply address: a bounce comes back to it.
    expect(server.received[0].mailFrom).toBe(`reply+${letters[0].letterId}@seller.example`);
    expect(server.received[0].message.body).toContain('Acme Trading Ltd');
    // Each e-mail is the stored letter as text and as HTML, one multipart/alternative message.
    for (const [index, mail] of server.received.entries()) {
      expect(mail.message.header('content-type')).toMatch(/^multipart\/alternative;/);
      expect(mail.message.part('text/plain')?.body).toBe(letters[index].text);
      expect(mail.message.part('text/html')?.body).toBe(letters[index].html);
    }
    expect(readdirSync(join(world.dataDir, 'outbox'))).toEqual([`${letters[2].letterId}.eml`]);
    expect(letters[2].text).toContain('1 Market Street');
  });

  it('given the SMTP server refuses, when delivered, then the letter waits in the outbox, and once the server recovers it is sent exactly once', async () => {
    await world.act('C-1', invoice, 'integration');
    await world.engine.runFor('2024-02-06');
    server.refuseMessages(451, 'Requested action aborted: local error in processing');

    expect(await world.engine.writeAndDeliverLetters()).toEqual({ delivered: 0, failed: 1 });
    const [waiting] = await world.outbox.lettersOf('C-1');
    expect(waiting.delivery).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringContaining('451') });

    server.acceptMessages();
    expect(await world.engine.writeAndDeliverLetters()).toEqual({ delivered: 0, failed: 0 });
    world.clock.set('2024-01-01T09:01:00.000Z');
    expect(await world.engine.writeAndDeliverLetters()).toEqual({ delivered: 1, failed: 0 });
    world.clock.set('2024-01-01T10:00:00.000Z');
    expect(await world.engine.writeAndDeliverLetters()).toEqual({ delivered: 0, failed: 0 });
    expect(server.received.map((mail) => mail.message.header('message-id'))).toEqual([`<${waiting.letterId}@collections>`]);
  });

  it('given a customer without an e-mail address, when an e-mail reminder is delivered, then it stays in the outbox, visibly, and nothing is sent', async () => {
    await world.act('C-2', invoice, 'integration');
    await world.engine.runFor('2024-02-06');
    expect(await world.engine.writeAndDeliverLetters()).toEqual({ delivered: 0, failed: 1 });
    const [letter] = await world.outbox.lettersOf('C-2');
    expect(letter.delivery).toMatchObject({ state: 'pending', lastError: expect.stringMatching(/address/i) });
    expect(server.received).toEqual([]);
  });
});

describe('a policy run killed while delivering', () => {
  let world: EngineWorld;
  beforeEach(async () => (world = await startEngine({ today: '2024-02-06' })));
  afterEach(() => world.close());

  it('given a run killed halfway through writing a letter, when the policy runs again, then it reports the letter as claimed until its lease lapses, leaves no temporary file, and sends it once the lease has lapsed', async () => {
    // given: the pre-due reminder's letter, claimed by a run that died while writing its file
    await world.act('C-1', invoice, 'integration');
    await world.engine.runFor('2024-02-06');
    await world.app.get(LetterWriter).catchUp();
    const outboxFolder = join(world.dataDir, 'outbox');
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    let killed!: () => void;
    const wasKilled = new Promise<void>((resolve) => (killed = resolve));
    const dying: LetterDelivery = {
      deliver: (letter) => {
        mkdirSync(outboxFolder, { recursive: true });
        writeFileSync(join(outboxFolder, `.${letter.letterId}.eml.${deadPid}.00000000-0000-4000-8000-00000000000a.tmp`), 'From: half');
        killed();
        return new Promise(() => undefined); // SIGKILL: nothing after this happens
      },
    };
    const killedRun = createLetterOutbox(world.dataDir);
    void killedRun.deliverPending(dying, { now: world.clock.now() });
    await wasKilled;

    // when: the rerun, a minute later
    world.clock.set('2024-02-06T09:01:00.000Z');
    const rerun = await world.engine.writeAndDeliverLetters();
    const waiting = await world.engine.lettersWaiting();

    // then
    expect(rerun).toEqual({ delivered: 0, failed: 0 });
    expect(waiting).toEqual({ pending: 1, claimed: 1, claimedUntil: '2024-02-06T09:10:00.000Z' });
    expect(`Letters: ${rerun.delivered} delivered, ${describeWaiting(waiting)}.`).toBe(
      'Letters: 0 delivered, 0 waiting to be retried, 1 claimed by an earlier run until 09:10 UTC (then retried).',
    );
    expect(readdirSync(outboxFolder)).toEqual([]);

    // and once the lease has lapsed, the letter goes, once
    world.clock.set('2024-02-06T09:10:00.000Z');
    expect(await world.engine.writeAndDeliverLetters()).toEqual({ delivered: 1, failed: 0 });
    expect(await world.engine.lettersWaiting()).toEqual({ pending: 0, claimed: 0 });
    const [letter] = await world.outbox.lettersOf('C-1');
    expect(readdirSync(outboxFolder)).toEqual([`${letter.letterId}.eml`]);
    await killedRun.close();
  });
});

describe('the customers file', () => {
  it('given bad lines, when the engine starts, then it refuses to, naming each line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'collections-customers-'));
    try {
      writeFileSync(join(dir, 'customers.csv'), 'customerId,name,email,address\nC-1,Acme,not-an-address,\nC 2,Bad Id,,\nC-1,Again,,\n');
      await expect(startEngine({ env: { CUSTOMERS_FILE: join(dir, 'customers.csv') } })).rejects.toThrow(
        /line 2: email "not-an-address" is not an address\n.*line 3: customerId "C 2" is not an id\n.*line 4: customer C-1 is listed twice/s,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
