import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Actor, WriteSideModule } from '@collections/accounts';
import { StatementFormatError, StatementImportReport, StatementImporter, parseStatement } from '@collections/cash-application';
import { Clock, formatMoney } from '@collections/domain';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { CLOCK } from '@collections/platform';
import { CollectionPolicies } from '@collections/policy';
import { loadCliConfig } from '../config';
import { EXIT } from '../exit-codes';
import { NO_PROGRESS, progressBar } from '../progress';

export interface ImportStatementOptions {
  format?: 'camt.053' | 'csv';
  progress?: boolean;
}

/** Who the booked payments say recorded them. */
const IMPORTER: Actor = { id: 'statement-import', role: 'integration' };

/**
 * `collections import-statement FILE`: reads the whole file first (a file with any error is
 * refused whole, with the line or XML path, and books nothing), then books each credit through
 * the same write side as the api. Importing the same file again books nothing. Exit code 0 when
 * every entry is booked (or was before), 1 when the file is refused or an entry was.
 */
export async function importStatement(file: string, options: ImportStatementOptions): Promise<number> {
  const config = loadCliConfig();
  if (!config) return EXIT.usage;
  let statement;
  try {
    const format = options.format ?? (/\.csv$/i.test(file) ? 'csv' : undefined);
    statement = parseStatement(await readFile(file, 'utf8'), format);
  } catch (error) {
    const where =
      error instanceof StatementFormatError
        ? `${file}: ${error.location}: ${error.problem}`
        : `cannot read ${file}: ${(error as Error).message}`;
    process.stderr.write(`error: ${where}\nNothing was imported.\n`);
    return EXIT.failed;
  }
  process.stdout.write(`Read ${statement.entries.length.toLocaleString('en-US')} entries from ${basename(file)} (${statement.format}).\n`);

  @Module({
    imports: [WriteSideModule.forRoot({ eventStore: config.eventStore, accountCacheSize: config.accountCacheSize })],
    providers: [StatementImporter],
  })
  class StatementImportModule {}

  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(StatementImportModule, { logger: false, abortOnError: false });
  } catch (error) {
    process.stderr.write(`error: cannot open the event store: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  const progress = (options.progress ?? process.stderr.isTTY) ? progressBar(statement.entries.length, 'entries') : NO_PROGRESS;
  const started = performance.now();
  let report: StatementImportReport;
  try {
    // The policy in force says whether cash no rule places goes to the oldest invoices first.
    const { policyName, initialPolicy } = config.policyEngine;
    const clock = app.get<Clock>(CLOCK);
    const policy =
      (await new CollectionPolicies(app.get<EventStore>(EVENT_STORE), clock).inForceOn(policyName, clock.today())) ?? initialPolicy;
    const oldestFirst = policy.applyCashOldestFirst ?? false;
    report = await app.get(StatementImporter).import(statement, { actor: IMPORTER, oldestFirst, onEntry: () => progress.advance(1) });
  } catch (error) {
    process.stderr.write(
      `error: the import stopped: ${(error as Error).message}\nWhat was booked stays; importing the same file again completes it.\n`,
    );
    return EXIT.failed;
  } finally {
    progress.stop();
    await app.close();
  }
  const seconds = (performance.now() - started) / 1000;
  for (const item of report.items) {
    const money = formatMoney(item.amount, item.currency);
    if (item.outcome === 'refused') process.stderr.write(`${item.source}: refused: ${money} (${item.reference}): ${item.reason}\n`);
    if (item.outcome === 'unidentified') {
      const candidates = (item.candidates ?? []).map(({ customerId }) => customerId).join(', ') || 'none';
      process.stdout.write(`${item.source}: unidentified: ${money} (${item.reference}); candidates: ${candidates}\n`);
    }
  }
  const { counts } = report;
  process.stdout.write(
    `Entries: ${counts.applied} applied, ${counts.unapplied} left unapplied, ${counts.unidentified} unidentified, ` +
      `${counts['already-imported']} already imported, ${counts.skipped} skipped, ${counts.refused} refused, in ${seconds.toFixed(1)} s.\n`,
  );
  return counts.refused > 0 ? EXIT.failed : EXIT.ok;
}
