/**
 * npm run bench:write — the write side's throughput on the embedded store:
 *  1. commands/s through the full path (command bus → load stream → fold → decide → append with
 *     the expected revision, synchronous=FULL) for 10,000 customers × 10 commands;
 *  2. raw appends/s of 100-event batches next to plain better-sqlite3 inserts of the same rows.
 * Figures are printed, never asserted. Sizes can be lowered for a quick look:
 *   BENCH_CUSTOMERS=1000 npm run bench:write
 */
import { CommandBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectionCommand, SettableClock } from '@collections/domain';
import { SqliteEventStore } from '@collections/event-store';
import { ExecuteAccountCommand, WriteSideModule } from '@collections/accounts';
import { benchAppends } from './append.bench';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
/** Customers worked on at once, as many collectors and integrations would. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

/** Ten commands a customer might see in a week: billing, cash, and a collector's work. */
function commandsFor(customer: number): CollectionCommand[] {
  const invoice = (n: number): CollectionCommand => ({
    type: 'RegisterInvoice',
    data: { invoiceId: `INV-${customer}-${n}`, amount: 100_000 + n, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' },
  });
  const payment = (n: number): CollectionCommand => ({
    type: 'ReceivePayment',
    data: {
      paymentId: `PAY-${customer}-${n}`,
      invoiceId: `INV-${customer}-${n}`,
      amount: 100_000 + n,
      currency: 'EUR',
      receivedOn: '2024-02-01',
    },
  });
  return [
    invoice(1),
    invoice(2),
    invoice(3),
    invoice(4),
    payment(1),
    payment(2),
    {
      type: 'SendReminder',
      data: {
        reminderId: `REM-${customer}`,
        invoiceIds: [`INV-${customer}-3`, `INV-${customer}-4`],
        level: 1,
        channel: 'email',
        template: 'friendly',
        sentOn: '2024-02-20',
      },
    },
    {
      type: 'LogContact',
      data: { contactId: `CALL-${customer}`, contactedOn: '2024-02-25', channel: 'phone', person: 'Accounts payable', outcome: 'reached' },
    },
    {
      type: 'MakePromise',
      data: {
        promiseId: `PR-${customer}`,
        invoiceIds: [`INV-${customer}-3`],
        amount: 50_000,
        currency: 'EUR',
        promisedFor: '2024-03-10',
        madeOn: '2024-02-25',
      },
    },
    payment(3),
  ];
}

export async function benchFullPath(): Promise<{ commands: number; seconds: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'write-bench-'));
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  const app = await NestFactory.createApplicationContext(
    WriteSideModule.forRoot({
      eventStore: { kind: 'embedded', dataDir },
      clock: new SettableClock('2024-03-01T09:00:00.000Z'),
      openStore: store,
    }),
    { logger: false },
  );
  const bus = app.get(CommandBus);
  const actor = { id: 'bench', role: 'integration' as const };
  let nextCustomer = 0;
  let commands = 0;
  const worker = async () => {
    while (nextCustomer < CUSTOMERS) {
      const customer = nextCustomer++;
      for (const command of commandsFor(customer)) {
        await bus.execute(new ExecuteAccountCommand(`CUST-${customer}`, command, { actor, request: command }));
        commands++;
      }
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await app.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { commands, seconds };
}

async function main(): Promise<void> {
  const format = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`Write side on the embedded store (SQLite WAL, synchronous=FULL), Node ${process.version}`);

  const full = await benchFullPath();
  console.log(
    `full path: ${format(full.commands)} commands (${format(CUSTOMERS)} customers × 10, ${CONCURRENCY} customers in flight) ` +
      `in ${full.seconds.toFixed(2)} s = ${format(full.commands / full.seconds)} commands/s (target >= 5,000)`,
  );

  const appends = await benchAppends();
  console.log(`batch append: ${format(appends.storeEventsPerSecond)} events/s in 100-event batches through the store (group commit)`);
  console.log(`              ${format(appends.sequentialStoreEventsPerSecond)} events/s one append at a time`);
  console.log(`plain insert: ${format(appends.plainEventsPerSecond)} events/s with better-sqlite3, one transaction per 100 rows`);
  console.log(`ratio: ${(appends.ratio * 100).toFixed(0)}% of the plain-insert rate (target >= 50%)`);
}

if (require.main === module)
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
