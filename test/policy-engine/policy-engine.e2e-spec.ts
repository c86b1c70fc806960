import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@collections/event-store';
import { Reactor, RunStoppedError } from '@collections/policy-engine';
import { CrashingStore, EngineWorld, startEngine } from './engine-harness';

/**
 * The policy engine through the command side, with the default policy that ships: levels at
 * -3 (courtesy e-mail), 7, 21, 35 (a collector's call from 100.00), 45 days; a final notice at
 * 60 naming a referral 14 days on; an agency referral proposed from 75 days and 250.00.
 */
const invoice = (invoiceId: string, amount = 50_000, issuedOn = '2024-01-10', dueOn = '2024-02-09') => ({
  type: 'RegisterInvoice' as const,
  data: { invoiceId, amount, currency: 'EUR', issuedOn, dueOn },
});
const summary = (events: { type: string; data: Record<string, unknown> }[]) =>
  events.map(({ type, data }) =>
    type === 'ReminderSent'
      ? `${type} ${String(data.level)} ${String(data.sentOn)}`
      : type === 'CallTaskScheduled'
        ? `${type} ${String(data.reason)} ${String(data.scheduledOn)}`
        : type === 'EscalationProposed'
          ? `${type} ${String(data.kind)} ${String(data.proposedOn)}`
          : type,
  );

describe('the policy engine', () => {
  let world: EngineWorld;
  beforeEach(async () => {
    world = await startEngine();
  });
  afterEach(() => world.close());

  it('given an unpaid invoice, when the engine runs every day to 90 days past due, then it climbs the whole ladder, one step a day at most', async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.engine.runDays('2024-02-01', '2024-05-09');
    expect(summary(await world.events('C-1'))).toEqual([
      'InvoiceRegistered',
      'ReminderSent 1 2024-02-06',
      'InvoiceOverdue',
      'ReminderSent 2 2024-02-16',
      'ReminderSent 3 2024-03-01',
      'CallTaskScheduled dunning 2024-03-15',
      'ReminderSent 5 2024-03-25',
      'FinalNoticeSent',
      'EscalationProposed agency_referral 2024-04-24',
    ]);
    const [notice] = (await world.events('C-1')).filter((event) => event.type === 'FinalNoticeSent');
    expect(notice.data).toMatchObject({ sentOn: '2024-04-09', referralOn: '2024-04-23', invoiceIds: ['INV-1'] });
  });

  it('given a run for a date, when it runs twice more for that date, then nothing more is appended', async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.act('C-2', invoice('INV-2', 20_000, '2024-01-01', '2024-01-31'), 'integration');
    const first = await world.engine.runFor('2024-02-16');
    const afterFirst = await world.everything();
    const again = [await world.engine.runFor('2024-02-16'), await world.engine.runFor('2024-02-16')];
    expect(first.appended).toEqual({ MarkInvoiceOverdue: 2, SendReminder: 2 });
    expect(again.map((report) => report.appended)).toEqual([{}, {}]);
    expect(await world.everything()).toEqual(afterFirst);
  });

  it('given several invoices of a customer at different levels, when the engine runs, then one combined reminder lists them all at the highest level due', async () => {
    await world.act('C-1', invoice('INV-OLD', 30_000, '2024-01-01', '2024-01-20'), 'integration');
    await world.act('C-1', invoice('INV-NEW', 10_000, '2024-01-20', '2024-02-09'), 'integration');
    await world.engine.runFor('2024-02-10');
    const reminders = (await world.events('C-1')).filter((event) => event.type === 'ReminderSent');
    expect(reminders.map((event) => event.data)).toEqual([
      expect.objectContaining({ level: 3, invoiceIds: ['INV-OLD', 'INV-NEW'], sentOn: '2024-02-10', channel: 'letter' }),
    ]);
  });

  it('given a run that dies half-way, when it is run again, then the store holds exactly what an uninterrupted run appends', async () => {
    await book(world);
    await world.engine.runFor('2024-02-20');
    const uninterrupted = byStream(await world.everything());

    const dataDir = mkdtempSync(join(tmpdir(), 'collections-crash-'));
    const crashed = await startEngine({ dataDir });
    await book(crashed);
    await crashed.close();
    const healthy = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const dying = await startEngine({ dataDir, store: CrashingStore.wrap(healthy, 15) });
    await expect(dying.engine.runFor('2024-02-20')).rejects.toThrow('the process died');
    await dying.close();
    const rerun = await startEngine({ dataDir, store: healthy });
    const partial = byStream(await rerun.everything());
    expect(partial).not.toEqual(uninterrupted);
    await rerun.engine.runFor('2024-02-20');
    expect(byStream(await rerun.everything())).toEqual(uninterrupted);
    await rerun.close();
    await healthy.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a run that a shutdown stops half-way, when the next process runs the date again, then the store holds exactly what an uninterrupted run appends', async () => {
    await book(world);
    await world.engine.runFor('2024-02-20');
    const uninterrupted = byStream(await world.everything());

    // given a process whose shutdown stops its run after the 15th customer of 40
    const dataDir = mkdtempSync(join(tmpdir(), 'collections-stopped-'));
    const stopping = await startEngine({ dataDir });
    await book(stopping);
    const onCustomer = (done: number) => done === 15 && stopping.engine.stop();
    await expect(stopping.engine.runFor('2024-02-20', { onCustomer })).rejects.toThrow(RunStoppedError);
    // then the customers' batches already sent are appended, the others are not, and no later run starts
    expect(byStream(await stopping.everything())).not.toEqual(uninterrupted);
    await expect(stopping.engine.runFor('2024-02-21')).rejects.toThrow(RunStoppedError);
    await stopping.close();
    // when the next process runs the date again
    const next = await startEngine({ dataDir });
    await next.engine.runFor('2024-02-20');
    // then
    expect(byStream(await next.everything())).toEqual(uninterrupted);
    await next.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a promise that is not kept, when the engine runs past its date and tolerance, then it is broken with the shortfall and the saga asks the collector to call', async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.act('C-1', { type: 'AssignCollector', data: { collectorId: 'COL-7', assignedOn: '2024-02-01' } }, 'manager');
    await world.act('C-1', {
      type: 'MakePromise',
      data: { promiseId: 'PR-1', invoiceIds: ['INV-1'], amount: 50_000, currency: 'EUR', promisedFor: '2024-02-20', madeOn: '2024-02-12' },
    });
    await world.act(
      'C-1',
      {
        type: 'ReceivePayment',
        data: { paymentId: 'PAY-1', invoiceId: 'INV-1', amount: 20_000, currency: 'EUR', receivedOn: '2024-02-19' },
      },
      'integration',
    );
    await world.engine.runDays('2024-02-20', '2024-02-24');
    const events = await world.events('C-1');
    expect(events.filter((event) => event.type === 'PromiseBroken').map((event) => event.data)).toEqual([
      { promiseId: 'PR-1', brokenOn: '2024-02-24', amountPaid: 20_000, shortfall: 30_000, currency: 'EUR' },
    ]);
    expect(events.filter((event) => event.type === 'CallTaskScheduled').map((event) => event.data)).toEqual([
      expect.objectContaining({
        reason: 'promise_broken',
        promiseId: 'PR-1',
        collectorId: 'COL-7',
        invoiceIds: ['INV-1'],
        dueOn: '2024-02-24',
      }),
    ]);
  });

  it('given a promise paid in full, when the engine runs, then it is kept that day', async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.act('C-1', {
      type: 'MakePromise',
      data: { promiseId: 'PR-1', invoiceIds: ['INV-1'], amount: 50_000, currency: 'EUR', promisedFor: '2024-02-20', madeOn: '2024-02-12' },
    });
    await world.act(
      'C-1',
      {
        type: 'ReceivePayment',
        data: { paymentId: 'PAY-1', invoiceId: 'INV-1', amount: 50_000, currency: 'EUR', receivedOn: '2024-02-18' },
      },
      'integration',
    );
    await world.engine.runFor('2024-02-18');
    expect((await world.events('C-1')).filter((event) => event.type === 'PromiseKept').map((event) => event.data)).toEqual([
      expect.objectContaining({ promiseId: 'PR-1', keptOn: '2024-02-18' }),
    ]);
  });

  it('given a manager refers a customer to an agency, when the sagas catch up, then the customer is placed on credit hold, once', async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.act(
      'C-1',
      {
        type: 'ReferToAgency',
        data: {
          referralId: 'REF-1',
          agency: 'Baltic Recovery UAB',
          invoiceIds: ['INV-1'],
          reason: 'No answer for 90 days',
          referredOn: '2024-05-10',
        },
      },
      'manager',
    );
    const reactor = world.app.get(Reactor);
    await reactor.catchUp();
    await reactor.catchUp();
    expect((await world.events('C-1')).filter((event) => event.type === 'CreditHoldPlaced').map((event) => event.data)).toEqual([
      { reason: 'Referred to Baltic Recovery UAB (referral REF-1)', placedOn: '2024-05-10' },
    ]);
  });

  it('given a payment plan, when the engine runs, then a call is asked for before the installment, no reminder goes while the plan is current, and once missed dunning resumes', async () => {
    await world.act('C-1', invoice('INV-1', 60_000), 'integration');
    await world.act('C-1', {
      type: 'AgreePaymentPlan',
      data: {
        planId: 'PL-1',
        invoiceIds: ['INV-1'],
        currency: 'EUR',
        interestRateBasisPoints: 0,
        guarantors: [],
        agreedOn: '2024-02-15',
        installments: [
          { number: 1, dueOn: '2024-03-01', amount: 30_000 },
          { number: 2, dueOn: '2024-04-01', amount: 30_000 },
        ],
      },
    });
    await world.engine.runDays('2024-02-25', '2024-03-05');
    const events = (await world.events('C-1')).filter((event) =>
      ['CallTaskScheduled', 'InstallmentMissed', 'ReminderSent'].includes(event.type),
    );
    expect(events.map((event) => [event.type, event.data])).toEqual([
      [
        'CallTaskScheduled',
        expect.objectContaining({ reason: 'installment_due', planId: 'PL-1', installmentNumber: 1, scheduledOn: '2024-02-27' }),
      ],
      ['InstallmentMissed', expect.objectContaining({ planId: 'PL-1', installmentNumber: 1, detectedOn: '2024-03-05' })],
      ['ReminderSent', expect.objectContaining({ level: 3, sentOn: '2024-03-05' })],
    ]);
  });

  it('given reminders were sent, when the letters are written and delivered, then each is in the outbox with its text and as an .eml file', async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.engine.runDays('2024-02-06', '2024-02-16');
    await world.engine.writeAndDeliverLetters();
    const letters = await world.outbox.lettersOf('C-1');
    expect(
      letters.map(({ level, channel, sentOn, invoiceIds, delivery }) => ({ level, channel, sentOn, invoiceIds, state: delivery.state })),
    ).toEqual([
      { level: 1, channel: 'email', sentOn: '2024-02-06', invoiceIds: ['INV-1'], state: 'delivered' },
      { level: 2, channel: 'email', sentOn: '2024-02-16', invoiceIds: ['INV-1'], state: 'delivered' },
    ]);
    expect(letters[1].text).toContain('INV-1');
    expect(letters[1].text).toContain('500.00');
    const files = readdirSync(join(world.dataDir, 'outbox'));
    expect(files.sort()).toEqual(letters.map((letter) => `${letter.letterId}.eml`).sort());
    expect(existsSync(join(world.dataDir, 'policy-engine.sqlite'))).toBe(true);
  });

  it('given letters written and delivered, when the letter writer has lost its checkpoint and follows the events again, then nothing is stored or sent twice', async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.engine.runDays('2024-02-06', '2024-02-16');
    await world.engine.writeAndDeliverLetters();
    const before = await world.outbox.lettersOf('C-1');
    const db = new Database(join(world.dataDir, 'policy-engine.sqlite'));
    db.prepare('DELETE FROM checkpoints').run();
    db.close();
    expect(await world.engine.writeAndDeliverLetters()).toEqual({ delivered: 0, failed: 0 });
    expect(await world.outbox.lettersOf('C-1')).toEqual(before);
  });

  it('given the engine runs for the first time, then the policy it runs under is recorded in its stream, and a replaced version applies from its date', async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.engine.runFor('2024-02-06');
    const [adopted] = await world.store.readStream('policy-default');
    expect(adopted.type).toBe('CollectionPolicyReplaced');
    expect(adopted.data).toMatchObject({ previousVersion: null, replacedOn: '2024-02-06', policy: { name: 'default', version: 1 } });
    const report = await world.engine.runFor('2024-02-07');
    expect(report.policy).toEqual({ name: 'default', version: 1 });
  });
});

/** 40 customers with two open invoices each, due on 2024-01-31 and 2024-02-19. */
async function book(target: EngineWorld): Promise<void> {
  for (let n = 1; n <= 40; n++) {
    const customerId = `C-${String(n).padStart(2, '0')}`;
    await target.act(customerId, invoice(`${customerId}-A`, 10_000 + n * 1_000, '2024-01-01', '2024-01-31'), 'integration');
    await target.act(customerId, invoice(`${customerId}-B`, 5_000 + n, '2024-01-20', '2024-02-19'), 'integration');
  }
}

function byStream(events: { id: string; streamId: string; type: string; data: unknown }[]): Record<string, unknown[]> {
  const streams: Record<string, unknown[]> = {};
  for (const { id, streamId, type, data } of events) (streams[streamId] ??= []).push({ id, type, data });
  return streams;
}
