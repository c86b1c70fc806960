/**
 * The book bench:http works on: customers with four open, overdue invoices each, assigned round
 * robin to collector-0 … collector-N (or as the bench assigns them), written through the write side (as the api would) into
 * DATA_DIR/events.sqlite before the service starts.
 */
import { CommandBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import { ExecuteAccountCommand, WriteSideModule } from '@collections/accounts';
import { CollectionCommand, SettableClock } from '@collections/domain';
import { SqliteEventStore } from '@collections/event-store';

const INVOICES_PER_CUSTOMER = 4;

/** Who works a customer: round robin over collector-0 … collector-(N-1) unless the bench says otherwise. */
export type CollectorOf = (customer: number) => string;

function commandsFor(customer: number, collectorOf: CollectorOf): CollectionCommand[] {
  const invoices = Array.from({ length: INVOICES_PER_CUSTOMER }, (_, n): CollectionCommand => ({
    type: 'RegisterInvoice',
    data: {
      invoiceId: `INV-${customer}-${n}`,
      amount: 10_000 + ((customer * 37 + n * 101) % 90_000),
      currency: 'EUR',
      issuedOn: '2024-01-10',
      dueOn: `2024-02-${String(1 + ((customer + n) % 28)).padStart(2, '0')}`,
    },
  }));
  return [...invoices, { type: 'AssignCollector', data: { collectorId: collectorOf(customer), assignedOn: '2024-01-15' } }];
}

export async function seedBook(
  dataDir: string,
  customers: number,
  collectors: number | CollectorOf,
): Promise<{ invoices: number; seconds: number }> {
  const collectorOf: CollectorOf = typeof collectors === 'number' ? (customer) => `collector-${customer % collectors}` : collectors;
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  const app = await NestFactory.createApplicationContext(
    WriteSideModule.forRoot({
      eventStore: { kind: 'embedded', dataDir },
      clock: new SettableClock('2024-01-15T09:00:00.000Z'),
      openStore: store,
    }),
    { logger: false },
  );
  const bus = app.get(CommandBus);
  const actor = { id: 'bench-seed', role: 'integration' as const };
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < customers) {
      const customer = next++;
      for (const command of commandsFor(customer, collectorOf)) {
        await bus.execute(new ExecuteAccountCommand(`CUST-${customer}`, command, { actor, request: command }));
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await app.close();
  await store.close();
  return { invoices: customers * INVOICES_PER_CUSTOMER, seconds };
}
