import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { CurrencyCode } from '@collections/domain';
import { Actor, ExecuteAccountCommand, WriteSideModule } from '@collections/accounts';
import { loadCliConfig } from '../config';
import { EXIT } from '../exit-codes';
import { DispatchReport, dispatchPlanned } from './dispatch';
import { IbmArFile, planIbmArImport, readIbmAr } from './ibm-ar';
import { NO_PROGRESS, progressBar } from '../progress';

export interface ImportOptions {
  currency: CurrencyCode;
  /** true or false forces the progress bar on or off; undefined shows it on a terminal. */
  progress?: boolean;
}

/** Who the imported events say recorded them. */
const IMPORTER: Actor = { id: 'importer', role: 'integration' };

/**
 * Commands admitted at once. A customer's commands still run one at a time, so this bounds
 * memory and lets up to this many customers share each group commit.
 */
const MAX_IN_FLIGHT = 256;

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * `collections import`: reads and checks the whole file first (bad rows are reported and
 * skipped, and a file that cannot be read touches nothing), then sends the valid rows'
 * commands through the same command bus and handler as the HTTP api. Returns the exit code:
 * 0 when every valid row is in the store; 1 when the file cannot be read, holds no valid row,
 * or a row was refused; 2 for an invalid environment.
 */
export async function importFile(file: string, options: ImportOptions): Promise<number> {
  const config = loadCliConfig();
  if (!config) return EXIT.usage;
  let parsed: IbmArFile;
  try {
    parsed = await readIbmAr(createReadStream(file), options.currency);
  } catch (error) {
    process.stderr.write(`error: cannot read ${file}: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  for (const { line, problems } of parsed.badRows) process.stderr.write(`line ${line}: ${problems.join('; ')}\n`);
  process.stdout.write(
    `Read ${count(parsed.rows)} rows from ${basename(file)}: ${count(parsed.invoices.length)} valid, ` +
      `${count(parsed.badRows.length)} bad (skipped).\n`,
  );
  if (parsed.invoices.length === 0) {
    process.stderr.write(`error: nothing to import: ${file} holds no valid row\n`);
    return EXIT.failed;
  }

  const planned = planIbmArImport(parsed.invoices, options.currency);
  let app: INestApplicationContext;
  try {
    // The importer only writes events: the api (or the projector process) owns the read side and
    // picks them up from the store.
    const commandSide = WriteSideModule.forRoot({ eventStore: config.eventStore, accountCacheSize: config.accountCacheSize });
    app = await NestFactory.createApplicationContext(commandSide, {
      logger: false,
      // Report a store that cannot be opened instead of letting Nest end the process.
      abortOnError: false,
    });
  } catch (error) {
    process.stderr.write(`error: cannot open the event store: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  const bus = app.get(CommandBus);
  const progress = (options.progress ?? process.stderr.isTTY) ? progressBar(planned.length, 'commands') : NO_PROGRESS;
  const started = performance.now();
  let report: DispatchReport;
  let seconds: number;
  try {
    report = await dispatchPlanned(
      planned,
      ({ customerId, command, idempotencyKey }) =>
        bus.execute(
          new ExecuteAccountCommand(customerId, command, { actor: IMPORTER, idempotencyKey, keyScope: 'service', request: command }),
        ),
      { maxInFlight: MAX_IN_FLIGHT, onResult: () => progress.advance(1) },
    );
    seconds = (performance.now() - started) / 1000;
  } catch (error) {
    process.stderr.write(
      `error: the import stopped: ${(error as Error).message}\n` + 'What was appended stays; running the same import again completes it.\n',
    );
    return EXIT.failed;
  } finally {
    progress.stop();
    await app.close();
  }

  for (const { line, reason } of report.refusals) process.stderr.write(`line ${line}: refused: ${reason}\n`);
  const { rows, commands } = report;
  process.stdout.write(
    `Invoices: ${count(rows.imported)} imported, ${count(rows.alreadyPresent)} already present, ${count(rows.refused)} refused.\n` +
      `Commands: ${count(commands.appended)} appended, ${count(commands.replayed)} already present, ` +
      `${count(commands.refused)} refused, ${count(commands.skipped)} skipped after a refusal, ` +
      `in ${seconds.toFixed(1)} s (${count(Math.round(planned.length / seconds))} commands/s).\n`,
  );
  if (commands.appended === 0 && commands.refused === 0) {
    process.stdout.write('Nothing new: every command was already in the event store.\n');
  }
  return rows.refused > 0 ? EXIT.failed : EXIT.ok;
}
