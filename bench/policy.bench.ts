/**
 * npm run bench:policy — the policy engine on the embedded store:
 *  1. one engine run for one business date over 100,000 open invoices (20,000 customers × 5,
 *     due dates spread over four months): the first run, which finds every past-due invoice
 *     and sends every customer's combined reminder, then the next day's run (a normal day);
 *  2. a 365-day simulation of 1,000 customers through the command side and the engine
 *     (`collections simulate`): events/s and wall time.
 * Figures are printed, never asserted. Sizes can be lowered for a quick look:
 *   BENCH_CUSTOMERS=2000 BENCH_SIM_CUSTOMERS=100 BENCH_SIM_DAYS=60 npm run bench:policy
 */
import { CommandBus } from '@nestjs/cqrs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectionCommand, SettableClock, addDays } from '@collections/domain';
import { SqliteEventStore } from '@collections/event-store';
import { ExecuteAccountCommands } from '@collections/accounts';
import { loadConfig } from '@collections/config';
import { createEngineContext, DayReport, PolicyEngine } from '@collections/policy-engine';
import { runSimulation } from '../apps/cli/src/simulate/simulation-driver';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const INVOICES_PER_CUSTOMER = 5;
const SIM_CUSTOMERS = Number(process.env.BENCH_SIM_CUSTOMERS ?? 1_000);
const SIM_DAYS = Number(process.env.BENCH_SIM_DAYS ?? 365);
const RUN_DATE = '2024-04-15';

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const commandsOf = (report: DayReport) => Object.values(report.appended).reduce((sum, n) => sum + (n ?? 0), 0);

function invoicesOf(customer: number): CollectionCommand[] {
  return Array.from({ length: INVOICES_PER_CUSTOMER }, (_, k): CollectionCommand => {
    const dueOn = addDays('2024-01-01', (customer * 7 + k * 19) % 120);
    return {
      type: 'RegisterInvoice',
      data: {
        invoiceId: `INV-${customer}-${k}`,
        amount: 20_000 + ((customer * 31 + k * 977) % 500_000),
        currency: 'EUR',
        issuedOn: addDays(dueOn, -30),
        dueOn,
      },
    };
  });
}

async function benchEngineRun(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'policy-bench-'));
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', POLICY_RUN_INTERVAL_MINUTES: '0' });
  const app = await createEngineContext(config, {
    hosted: false,
    clock: new SettableClock(`${RUN_DATE}T06:00:00.000Z`),
    eventStore: store,
    logger: false,
  });
  const bus = app.get(CommandBus);
  const engine = app.get(PolicyEngine);

  let started = process.hrtime.bigint();
  let next = 0;
  const billing = { id: 'billing', role: 'integration' as const };
  const worker = async () => {
    while (next < CUSTOMERS) {
      const customer = next++;
      const commands = invoicesOf(customer).map((command, k) => ({ command, idempotencyKey: `bench-${customer}-${k}` }));
      await bus.execute(new ExecuteAccountCommands(`CUST-${String(customer).padStart(6, '0')}`, commands, { actor: billing }));
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  const invoices = CUSTOMERS * INVOICES_PER_CUSTOMER;
  console.log(`Book: ${format(invoices)} open invoices of ${format(CUSTOMERS)} customers, written in ${seconds(started).toFixed(1)} s`);

  for (const [label, date] of [
    ['first run (every past-due invoice found, every customer reminded)', RUN_DATE],
    ['next day (a normal day)', addDays(RUN_DATE, 1)],
    ['same day again (idempotent rerun)', addDays(RUN_DATE, 1)],
  ] as const) {
    started = process.hrtime.bigint();
    const report = await engine.runFor(date);
    const wall = seconds(started);
    const byType = Object.entries(report.appended)
      .map(([type, n]) => `${type} ${format(n ?? 0)}`)
      .join(', ');
    console.log(
      `  ${label}, ${date}: ${wall.toFixed(2)} s — ${format(commandsOf(report))} commands for ${format(report.customers)} customers` +
        `${byType ? ` (${byType})` : ''}, ${format(invoices / wall)} invoices/s`,
    );
  }
  await app.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}

async function benchSimulation(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'policy-sim-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', POLICY_RUN_INTERVAL_MINUTES: '0' });
  const started = process.hrtime.bigint();
  const result = await runSimulation(config, { customers: SIM_CUSTOMERS, days: SIM_DAYS, seed: 42 });
  const wall = seconds(started);
  console.log(
    `Simulation: ${format(SIM_CUSTOMERS)} customers × ${SIM_DAYS} days: ${format(result.events)} events ` +
      `(${format(result.peopleCommands)} people's commands, ${format(result.engineCommands)} by the engine, ${format(result.letters)} letters) ` +
      `in ${wall.toFixed(1)} s = ${format(result.events / wall)} events/s`,
  );
  rmSync(dataDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  console.log(`Policy engine on the embedded store (SQLite WAL, synchronous=FULL), Node ${process.version}`);
  await benchEngineRun();
  await benchSimulation();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
