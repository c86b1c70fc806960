import { CommandMetrics, CommandResult } from '@collections/accounts';
import { ReminderChannel } from '@collections/domain';
import { EventStore, NewEvent, WrongExpectedRevisionError } from '@collections/event-store';
import {
  LetterHandOverResult,
  PolicyEngineMetrics,
  PolicyRunCommandResult,
  PolicyRunFigures,
  PolicyRunRefusal,
} from '@collections/policy-engine';
import { EngineWorld, startEngine } from './engine-harness';

/** What the engine reported, as a metrics test reads it. */
class RecordingEngineMetrics implements PolicyEngineMetrics {
  readonly runs: PolicyRunFigures[] = [];
  readonly commands: Record<string, number> = {};
  readonly refusals: PolicyRunRefusal[] = [];
  readonly letters: string[] = [];

  runSettled(run: PolicyRunFigures): void {
    this.runs.push(run);
  }
  runCommandsSettled(type: string, result: PolicyRunCommandResult, count: number): void {
    this.commands[`${type} ${result}`] = (this.commands[`${type} ${result}`] ?? 0) + count;
  }
  runCustomerRefused(reason: PolicyRunRefusal): void {
    this.refusals.push(reason);
  }
  runCustomerPaused(): void {}
  letterHandedOver(channel: ReminderChannel, result: LetterHandOverResult): void {
    this.letters.push(`${channel} ${result}`);
  }
}

/** What the command side reported: commands by `type result`. */
class RecordingCommandMetrics implements CommandMetrics {
  readonly settled: Record<string, number> = {};

  commandSettled(type: string, result: CommandResult): void {
    this.settled[`${type} ${result}`] = (this.settled[`${type} ${result}`] ?? 0) + 1;
  }
  appended(): void {}
}

/** Makes every append to `streamId` fail with `error` (a conflict, or the store failing). */
function failAppendsTo(store: EventStore, streamId: string, error: () => Error): void {
  const append = store.appendToStream.bind(store);
  store.appendToStream = (stream: string, events: NewEvent[], options) =>
    stream === streamId ? Promise.reject(error()) : append(stream, events, options);
}

const invoice = (invoiceId: string, dueOn = '2024-02-09') => ({
  type: 'RegisterInvoice' as const,
  data: { invoiceId, amount: 50_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn },
});

/**
 * The policy engine's runs and letters as it reports them to its metrics port, and the commands
 * it sends as the command side reports them: what the processes' Prometheus registries count.
 */
describe("the policy engine's metrics", () => {
  let world: EngineWorld;
  let engineMetrics: RecordingEngineMetrics;
  let commandMetrics: RecordingCommandMetrics;

  beforeEach(async () => {
    engineMetrics = new RecordingEngineMetrics();
    commandMetrics = new RecordingCommandMetrics();
    world = await startEngine({ metrics: { engineMetrics, commandMetrics } });
    // Two customers overdue on 16 February, one whose invoice is due in June.
    await world.act('C-1', invoice('INV-1'), 'integration');
    await world.act('C-2', invoice('INV-2'), 'integration');
    await world.act('C-3', invoice('INV-3', '2024-06-30'), 'integration');
  });
  afterEach(() => world.close());

  it('given three customers, two of them overdue, when the engine runs for a date twice, then each run is counted with the customers it examined and planned for, and its commands by type, once on the command side', async () => {
    const first = await world.engine.runFor('2024-02-16');
    const again = await world.engine.runFor('2024-02-16');

    expect(first.appended).toEqual({ MarkInvoiceOverdue: 2, SendReminder: 2 });
    expect(engineMetrics.runs).toEqual([
      { outcome: 'completed', seconds: expect.any(Number), customersExamined: 3, customersPlanned: 2 },
      { outcome: 'completed', seconds: expect.any(Number), customersExamined: 3, customersPlanned: again.customers },
    ]);
    expect(engineMetrics.runs[0].seconds).toBeGreaterThan(0);
    expect(engineMetrics.commands).toEqual({ 'MarkInvoiceOverdue appended': 2, 'SendReminder appended': 2 });
    expect(engineMetrics.refusals).toEqual([]);
    // The engine's own process counts its commands through the command side, once each.
    expect(commandMetrics.settled).toMatchObject({
      'MarkInvoiceOverdue accepted': 2,
      'SendReminder accepted': 2,
      'RegisterInvoice accepted': 3,
    });
  });

  it("given one customer's account keeps changing, when the engine runs, then that customer is counted as refused for a conflict, with its commands, and the run completes", async () => {
    failAppendsTo(world.store, 'collection-C-2', () => new WrongExpectedRevisionError('collection-C-2', 1, 2));

    const report = await world.engine.runFor('2024-02-16');

    expect(report.refused.map((refusal) => refusal.customerId)).toEqual(['C-2']);
    expect(engineMetrics.refusals).toEqual(['conflict']);
    expect(engineMetrics.commands).toEqual({
      'MarkInvoiceOverdue appended': 1,
      'SendReminder appended': 1,
      'MarkInvoiceOverdue refused': 1,
      'SendReminder refused': 1,
    });
    expect(engineMetrics.runs.map((run) => run.outcome)).toEqual(['completed']);
    expect(commandMetrics.settled).toMatchObject({ 'MarkInvoiceOverdue conflict': 1, 'SendReminder conflict': 1 });
  });

  it("given the store fails for one customer, when the engine runs, then the run is counted as failed and that customer's commands as failed", async () => {
    failAppendsTo(world.store, 'collection-C-2', () => new Error('disk I/O error'));

    await expect(world.engine.runFor('2024-02-16')).rejects.toThrow('disk I/O error');

    expect(engineMetrics.runs).toEqual([{ outcome: 'failed', seconds: expect.any(Number), customersExamined: 3, customersPlanned: 2 }]);
    expect(engineMetrics.commands).toMatchObject({ 'MarkInvoiceOverdue failed': 1, 'SendReminder failed': 1 });
  });

  it('given reminders sent, when their letters are delivered to the file outbox, then each is counted as sent under its channel', async () => {
    // The courtesy e-mail three days before the due date, and the postal letter at 21 days past it.
    await world.engine.runFor('2024-02-06');
    await world.engine.runFor('2024-03-01');

    expect(await world.engine.writeAndDeliverLetters()).toEqual({ delivered: 4, failed: 0 });
    expect(engineMetrics.letters.sort()).toEqual(['email sent', 'email sent', 'letter sent', 'letter sent']);
  });
});
