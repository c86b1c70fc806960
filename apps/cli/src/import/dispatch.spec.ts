import { CollectionCommand, DomainError } from '@collections/domain';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from '@collections/accounts';
import { CommandResult, PlannedCommand, dispatchPlanned } from './dispatch';

const command: CollectionCommand = {
  type: 'LogContact',
  data: { contactId: 'x', contactedOn: '2024-01-01', channel: 'phone', person: 'AP', outcome: 'reached' },
};
const planned = (line: number, customerId: string, step: string): PlannedCommand => ({
  line,
  customerId,
  command,
  idempotencyKey: `test:${line}:${step}`,
});
const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3));

describe('dispatching planned commands', () => {
  it('runs each customer’s commands one at a time in plan order, customers side by side, within the bound', async () => {
    const plan = Array.from({ length: 300 }, (_, index) => planned(index + 2, `C-${index % 7}`, 'only'));
    const started: string[] = [];
    const running = new Set<string>();
    let mostAtOnce = 0;
    const report = await dispatchPlanned(
      plan,
      async (item) => {
        expect(running.has(item.customerId)).toBe(false);
        running.add(item.customerId);
        mostAtOnce = Math.max(mostAtOnce, running.size);
        started.push(item.idempotencyKey);
        await pause();
        running.delete(item.customerId);
        return { replayed: false };
      },
      { maxInFlight: 20 },
    );
    for (let customer = 0; customer < 7; customer++) {
      const expected = plan.filter((item) => item.customerId === `C-${customer}`).map((item) => item.idempotencyKey);
      expect(started.filter((key) => expected.includes(key))).toEqual(expected);
    }
    expect(mostAtOnce).toBeGreaterThan(1);
    expect(report.commands).toEqual({ appended: 300, replayed: 0, refused: 0, skipped: 0 });
  });

  it('admits no more than maxInFlight commands at once', async () => {
    let admitted = 0;
    let mostAdmitted = 0;
    const plan = Array.from({ length: 100 }, (_, index) => planned(index + 2, `C-${index}`, 'only'));
    await dispatchPlanned(
      plan,
      async () => {
        mostAdmitted = Math.max(mostAdmitted, ++admitted);
        await pause();
        admitted--;
        return { replayed: false };
      },
      { maxInFlight: 8 },
    );
    expect(mostAdmitted).toBe(8);
  });

  it('reports a refused row by line, skips its later commands, and goes on with the other rows', async () => {
    const plan = [
      planned(2, 'C-1', 'register'),
      planned(3, 'C-1', 'register'),
      planned(2, 'C-1', 'payment'),
      planned(3, 'C-1', 'payment'),
      planned(4, 'C-2', 'register'),
      planned(4, 'C-2', 'payment'),
      planned(5, 'C-3', 'register'),
    ];
    const executed: string[] = [];
    const results: CommandResult[] = [];
    const report = await dispatchPlanned(
      plan,
      async (item) => {
        executed.push(item.idempotencyKey);
        if (item.idempotencyKey === 'test:3:register')
          throw new DomainError('invoice-already-registered', 'Invoice 3 is already registered');
        if (item.idempotencyKey === 'test:4:payment') throw new IdempotencyKeyReusedError(item.idempotencyKey);
        return { replayed: item.line === 5 };
      },
      { maxInFlight: 4, onResult: (result) => results.push(result) },
    );
    expect(executed).not.toContain('test:3:payment');
    expect(report.refusals).toEqual([
      { line: 3, reason: 'Invoice 3 is already registered (invoice-already-registered)' },
      { line: 4, reason: expect.stringContaining('an earlier import recorded this row with different values (key test:4:payment)') },
    ]);
    expect(report.commands).toEqual({ appended: 3, replayed: 1, refused: 2, skipped: 1 });
    expect(report.rows).toEqual({ imported: 1, alreadyPresent: 1, refused: 2 });
    expect(results).toHaveLength(plan.length);
  });

  it('counts a row imported when some of its commands were there already (an import that stopped half way)', async () => {
    const report = await dispatchPlanned(
      [planned(2, 'C-1', 'register'), planned(2, 'C-1', 'payment')],
      async (item) => ({ replayed: item.idempotencyKey.endsWith('register') }),
      { maxInFlight: 4 },
    );
    expect(report.rows).toEqual({ imported: 1, alreadyPresent: 0, refused: 0 });
  });

  it('treats a concurrency conflict that outlived the retries as a refusal of the row', async () => {
    const report = await dispatchPlanned(
      [planned(2, 'C-1', 'register')],
      async () => {
        throw new ConcurrencyConflictError('Customer C-1', 8);
      },
      { maxInFlight: 4 },
    );
    expect(report.refusals).toEqual([{ line: 2, reason: expect.stringContaining('Customer C-1 was changed by others') }]);
  });

  it('stops at an error that is not a refusal, lets what runs finish, and throws it', async () => {
    const plan = Array.from({ length: 50 }, (_, index) => planned(index + 2, `C-${index % 5}`, 'only'));
    let executed = 0;
    const failing = dispatchPlanned(
      plan,
      async (item) => {
        executed++;
        await pause();
        if (item.line === 6) throw new Error('SQLITE_IOERR');
        return { replayed: false };
      },
      { maxInFlight: 10 },
    );
    await expect(failing).rejects.toThrow('SQLITE_IOERR');
    expect(executed).toBeLessThan(plan.length);
  });
});
