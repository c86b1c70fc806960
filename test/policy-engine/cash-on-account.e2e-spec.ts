import { randomUUID } from 'node:crypto';
import { CollectionEvent, unidentifiedCashStreamIdOf } from '@collections/domain';
import { NO_POLICY_ENGINE_METRICS, PolicyEngineMetrics } from '@collections/policy-engine';
import { CashPauseReason } from '@collections/policy';
import { EngineWorld, startEngine } from './engine-harness';

/**
 * Nobody is dunned for money already received: the policy engine, with the default policy that
 * ships (a courtesy e-mail 3 days before the due date, reminders from 7 days past due; cash
 * application grace 5 days), leaves a customer alone while their unapplied cash covers what is
 * overdue, or while unidentified cash naming them waits.
 */
const invoice = (invoiceId: string, amount = 50_000) => ({
  type: 'RegisterInvoice' as const,
  data: { invoiceId, amount, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' },
});
const dunning = (events: { type: string; data: Record<string, unknown> }[]) =>
  events
    .filter(({ type }) => ['ReminderSent', 'FinalNoticeSent', 'CallTaskScheduled', 'EscalationProposed', 'PromiseBroken'].includes(type))
    .map(({ type, data }) => `${type} ${String(data.sentOn ?? data.scheduledOn ?? data.proposedOn ?? data.brokenOn)}`);

/** Unidentified cash as the bank import records it, on its own stream (no command path for it in the engine's context). */
async function recordUnidentified(world: EngineWorld, paymentId: string, events: CollectionEvent[]): Promise<void> {
  const streamId = unidentifiedCashStreamIdOf(paymentId);
  const revision = (await world.store.readStream(streamId)).length;
  await world.store.appendToStream(
    streamId,
    events.map((event) => {
      const id = randomUUID();
      const metadata = {
        eventId: id,
        commandId: id,
        correlationId: id,
        causationId: id,
        actor: { id: 'bank-import', role: 'integration' },
        occurredAt: Object.entries(event.data).find(([key]) => key.endsWith('On'))?.[1] as string,
        recordedAt: world.clock.now(),
        schemaVersion: 1,
      };
      return { id, type: event.type, data: event.data as never, metadata };
    }),
    { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 },
  );
}

describe('the policy engine and cash not yet applied', () => {
  let world: EngineWorld;
  const paused: CashPauseReason[] = [];
  const metrics: PolicyEngineMetrics = { ...NO_POLICY_ENGINE_METRICS, runCustomerPaused: (reason) => paused.push(reason) };
  beforeEach(async () => {
    paused.length = 0;
    world = await startEngine({ metrics: { engineMetrics: metrics } });
  });
  afterEach(() => world.close());

  it('given a transfer that arrived without a reference as unapplied cash, when the engine runs, then nobody is reminded while it waits; once applied, the invoices are paid and the engine sends nothing', async () => {
    // given two invoices and, before their due date, a transfer covering both whose remittance names neither
    await world.act('C-1', invoice('INV-1', 30_000), 'integration');
    await world.act('C-1', invoice('INV-2', 20_000), 'integration');
    await world.act(
      'C-1',
      {
        type: 'ReceiveCash',
        data: { paymentId: 'PAY-1', amount: 50_000, currency: 'EUR', receivedOn: '2024-02-05', remittance: 'March payment' },
      },
      'integration',
    );
    // and a customer without one, for comparison
    await world.act('C-2', invoice('INV-9'), 'integration');

    // when the engine runs every day to 20 days past due
    const reports = await world.engine.runDays('2024-02-01', '2024-02-29');

    // then the other customer is dunned, this one only marked overdue (what happened), and each run says why
    expect(dunning(await world.events('C-1'))).toEqual([]);
    expect(dunning(await world.events('C-2'))).toEqual(['ReminderSent 2024-02-06', 'ReminderSent 2024-02-16']);
    expect((await world.events('C-1')).map(({ type }) => type)).toContain('InvoiceOverdue');
    // (from the courtesy e-mail's day on, the policy would have sent the reminder it holds back every day)
    const pausedOn = reports.filter((report) => report.paused.length > 0);
    expect(pausedOn.map((report) => report.date)).toEqual(reports.map((report) => report.date).filter((date) => date >= '2024-02-06'));
    expect(pausedOn.map((report) => report.paused)).toEqual(pausedOn.map(() => [{ customerId: 'C-1', reason: 'cash_to_apply' }]));
    expect(paused).toEqual(pausedOn.map(() => 'cash_to_apply'));

    // when a person applies the cash to the invoices
    await world.act(
      'C-1',
      {
        type: 'ApplyCash',
        data: {
          paymentId: 'PAY-1',
          applicationId: 'APP-1',
          allocations: [
            { invoiceId: 'INV-1', amount: 30_000 },
            { invoiceId: 'INV-2', amount: 20_000 },
          ],
          appliedOn: '2024-03-01',
        },
      },
      'manager',
    );
    const later = await world.engine.runDays('2024-03-01', '2024-05-31');

    // then the invoices are paid, nothing is overdue, and the engine sends nothing for them, ever
    const account = (await world.engine.accounts()).account('C-1');
    if (account.status !== 'active') throw new Error('C-1 has an account');
    expect([...account.invoices.values()].map(({ invoiceId, balance }) => [invoiceId, balance])).toEqual([
      ['INV-1', 0],
      ['INV-2', 0],
    ]);
    expect(account.cash.get('PAY-1')).toMatchObject({ applied: 50_000, unapplied: 0 });
    expect(dunning(await world.events('C-1'))).toEqual([]);
    expect(later.flatMap((report) => report.paused)).toEqual([]);
  });

  it('given a transfer nobody can place that names the customer as a candidate, when the engine runs, then the customer is not reminded for the grace days, and is after them', async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.act('C-2', invoice('INV-2'), 'integration');
    await world.engine.runDays('2024-02-01', '2024-02-13');
    await recordUnidentified(world, 'PAY-U1', [
      {
        type: 'UnidentifiedCashReceived',
        data: {
          paymentId: 'PAY-U1',
          amount: 50_000,
          currency: 'EUR',
          receivedOn: '2024-02-14',
          payer: { name: 'ACME HOLDING' },
          candidates: [{ customerId: 'C-1', reason: 'payer name resembles the customer' }],
        },
      },
    ]);

    const reports = await world.engine.runDays('2024-02-14', '2024-02-20');

    // the ladder's 7-day reminder was due on 2024-02-16; C-1 waits through 2024-02-18 (5 days from 2024-02-14)
    expect(dunning(await world.events('C-2'))).toEqual(['ReminderSent 2024-02-06', 'ReminderSent 2024-02-16']);
    expect(dunning(await world.events('C-1'))).toEqual(['ReminderSent 2024-02-06', 'ReminderSent 2024-02-19']);
    expect(reports.flatMap((report) => report.paused.map((p) => `${report.date} ${p.customerId} ${p.reason}`))).toEqual([
      '2024-02-16 C-1 unidentified_cash_waiting',
      '2024-02-17 C-1 unidentified_cash_waiting',
      '2024-02-18 C-1 unidentified_cash_waiting',
    ]);
    // the unidentified cash's stream is no customer's: the book opened no account for it
    expect((await world.engine.accounts()).customerIds()).toEqual(['C-1', 'C-2']);
  });

  it('given the waiting cash is assigned to another customer, then the candidate is reminded that day, and the one it went to is not', async () => {
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.act('C-2', invoice('INV-2'), 'integration');
    await world.engine.runDays('2024-02-01', '2024-02-13');
    const candidates = [
      { customerId: 'C-1', reason: 'amount matches an open invoice' },
      { customerId: 'C-2', reason: 'amount matches an open invoice' },
    ];
    await recordUnidentified(world, 'PAY-U1', [
      {
        type: 'UnidentifiedCashReceived',
        data: { paymentId: 'PAY-U1', amount: 50_000, currency: 'EUR', receivedOn: '2024-02-14', candidates },
      },
    ]);
    await world.engine.runDays('2024-02-14', '2024-02-16');

    // when a manager assigns it to C-2 on 2024-02-17, where it arrives as unapplied cash
    await recordUnidentified(world, 'PAY-U1', [
      { type: 'UnidentifiedCashAssigned', data: { paymentId: 'PAY-U1', customerId: 'C-2', assignedOn: '2024-02-17' } },
    ]);
    await world.act(
      'C-2',
      { type: 'ReceiveCash', data: { paymentId: 'PAY-U1', amount: 50_000, currency: 'EUR', receivedOn: '2024-02-17' } },
      'integration',
    );
    await world.engine.runDays('2024-02-17', '2024-02-28');

    // then C-1 is reminded the day it was assigned, within what would have been the grace days; C-2's cash waits to be applied
    expect(dunning(await world.events('C-1'))).toEqual(['ReminderSent 2024-02-06', 'ReminderSent 2024-02-17']);
    expect(dunning(await world.events('C-2'))).toEqual(['ReminderSent 2024-02-06']);
  });
});
