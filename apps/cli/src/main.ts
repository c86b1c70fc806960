import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { usePrivateUmask } from '@collections/platform';
import { BUSINESS_DATE_RULE, isBusinessDate, isCurrencyCode } from '@collections/domain';
import { EXIT } from './exit-codes';
import type { ImportOptions } from './import/import-command';
import type { PolicyRunOptions } from './policy/policy-run-command';
import type { PolicyWhatIfOptions } from './policy/policy-what-if-command';
import type { SimulateOptions } from './simulate/simulate-command';
import type { RebuildOptions } from './rebuild/rebuild-command';
import type { BackupOptions } from './backup/backup-command';
import type { RestoreOptions } from './backup/restore-command';
import type { VerifyOptions } from './verify/verify-command';
import type { AnchorOptions } from './anchor/anchor-command';
import type { ImportStatementOptions } from './cash/import-statement-command';
import type { PredictionsRefreshOptions } from './predictions/predictions-refresh-command';

function currency(value: string): string {
  if (!isCurrencyCode(value)) throw new InvalidArgumentError('Not an ISO 4217 currency code such as USD or EUR.');
  return value;
}

function businessDate(value: string): string {
  if (!isBusinessDate(value)) throw new InvalidArgumentError(`Not ${BUSINESS_DATE_RULE}.`);
  return value;
}

function wholeNumber(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError('Not a whole number.');
  return Number(value);
}

function positiveInteger(value: string): number {
  const number = wholeNumber(value);
  if (number < 1) throw new InvalidArgumentError('Must be at least 1.');
  return number;
}

function program(): Command {
  const cli = new Command('collections')
    .description('Command-line tools for the collections backend')
    // Usage errors end in exit code 2 (below), not commander's process.exit(1).
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  cli
    .command('import')
    .description(
      'Import a file of invoices and settlements as collection events, through the same command handler ' +
        'as the api. Bad rows are reported by line and skipped; importing the same file again appends nothing.',
    )
    .addOption(new Option('--format <format>', 'the file format').choices(['ibm-ar']).makeOptionMandatory())
    .option('--currency <code>', 'ISO 4217 currency of the amounts', currency, 'USD')
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .option('--no-progress', 'never show the progress bar')
    .argument('<file>', 'the CSV file to import')
    .action(async (file: string, options: ImportOptions) => {
      // Loaded on use: Nest and the stores take a second to load, which --help and usage errors need not wait for.
      const { importFile } = await import('./import/import-command');
      process.exitCode = await importFile(file, options);
    });

  cli
    .command('import-statement')
    .description(
      'Import a bank statement (ISO 20022 camt.053, or the documented CSV): each credit is matched to a customer and its ' +
        'invoices, or left as unapplied or unidentified cash. A file with any error is refused whole; importing it again books nothing.',
    )
    .addOption(new Option('--format <format>', 'the file format (default: from the content)').choices(['camt.053', 'csv']))
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .option('--no-progress', 'never show the progress bar')
    .argument('<file>', 'the statement file')
    .action(async (file: string, options: ImportStatementOptions) => {
      const { importStatement } = await import('./cash/import-statement-command');
      process.exitCode = await importStatement(file, options);
    });

  cli
    .command('rebuild')
    .description(
      'Drop read models and project every event again, with a progress bar. Names the projections to ' +
        'rebuild (all when none). In embedded mode, stop the api first: it owns the read store.',
    )
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .option('--no-progress', 'never show the progress bar')
    .argument(
      '[projections...]',
      'projection names: invoice-ledger, audit-trail, worklist, collection-path, promises, escalation-proposals, cash, replies, disputes, payment-predictions, kpi-days',
    )
    .action(async (projections: string[], options: RebuildOptions) => {
      const { rebuildProjections } = await import('./rebuild/rebuild-command');
      process.exitCode = await rebuildProjections(projections, options);
    });

  const policy = cli.command('policy').description('The collection policy engine');
  policy
    .command('run')
    .description(
      'Run the policy engine for a business date (--date), or for each date of a range in order (--from/--to, also ' +
        'how it catches up after downtime), through the same command side as the api, whether or not the api runs. ' +
        'Then writes and delivers the letters. Running a date again appends nothing.',
    )
    .option('--date <YYYY-MM-DD>', 'the business date to run for', businessDate)
    .option('--from <YYYY-MM-DD>', 'the first date of a range', businessDate)
    .option('--to <YYYY-MM-DD>', 'the last date of a range (inclusive)', businessDate)
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .option('--no-progress', 'never show the progress bar')
    .action(async (options: PolicyRunOptions) => {
      const { runPolicy } = await import('./policy/policy-run-command');
      process.exitCode = await runPolicy(options);
    });
  policy
    .command('what-if')
    .description(
      'Replay the recorded history of a period under a proposed policy, in memory (nothing is written), and print what it ' +
        "would have done beside what the policy in force did. Customers' behaviour is held as recorded.",
    )
    .requiredOption('--policy <file>', 'the proposed collection policy (JSON, checked as a replacement is)')
    .requiredOption('--from <YYYY-MM-DD>', 'the first day of the period', businessDate)
    .requiredOption('--to <YYYY-MM-DD>', 'the last day of the period (inclusive)', businessDate)
    .option('--json', 'print the report as JSON instead of a table')
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .option('--no-progress', 'never show the progress bar')
    .action(async (options: PolicyWhatIfOptions) => {
      const { policyWhatIf } = await import('./policy/policy-what-if-command');
      process.exitCode = await policyWhatIf(options);
    });

  cli
    .command('predictions')
    .description('The predicted payment dates (docs/predictions.md)')
    .command('refresh')
    .description(
      "Fit the payment model on every customer's settled invoices, store it in the predictions read model, and predict " +
        'every open invoice again as of today (what the api or the projector does every PREDICTION_REFRESH_HOURS). ' +
        'In embedded mode, stop the api first: it owns the read store.',
    )
    .option('--today <YYYY-MM-DD>', 'predict as of this business date (default: today by the clock; never later)', businessDate)
    .action(async (options: PredictionsRefreshOptions) => {
      const { refreshPredictions } = await import('./predictions/predictions-refresh-command');
      process.exitCode = await refreshPredictions(options);
    });

  cli
    .command('simulate')
    .description(
      'Generate a book of customers and invoices and drive it day by day through the command side and the policy ' +
        'engine with a settable clock: demo data and benchmark load. The same seed gives the same events.',
    )
    .requiredOption('--customers <n>', 'how many customers', positiveInteger)
    .requiredOption('--days <n>', 'how many business days to simulate', positiveInteger)
    .option('--seed <n>', 'the random seed', wholeNumber, 1)
    .option('--start <YYYY-MM-DD>', 'the first simulated day (default 2025-01-01)', businessDate)
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .option('--no-progress', 'never show the progress bar')
    .action(async (options: SimulateOptions) => {
      const { simulate } = await import('./simulate/simulate-command');
      process.exitCode = await simulate(options);
    });

  cli
    .command('backup')
    .description(
      'Copy DATA_DIR (event store, engine state, letters outbox, letters, keys; not the read models, which are rebuilt) ' +
        'into a new private directory with a manifest of sizes and SHA-256s, while the api keeps writing.',
    )
    .requiredOption('--to <dir>', 'the backup directory: new or empty')
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .option('--no-progress', 'never show the progress bar')
    .action(async (options: BackupOptions) => {
      const { backupDataDir } = await import('./backup/backup-command');
      process.exitCode = await backupDataDir(options);
    });

  cli
    .command('restore')
    .description(
      'Restore a backup into DATA_DIR (stop the api first), after checking every file against its manifest. ' +
        'The api rebuilds the read models from the restored event store when it starts (or run rebuild).',
    )
    .requiredOption('--from <dir>', 'the backup directory')
    .option('--force', 'delete what a non-empty DATA_DIR holds first')
    .action(async (options: RestoreOptions) => {
      const { restoreDataDir } = await import('./backup/restore-command');
      process.exitCode = await restoreDataDir(options);
    });

  cli
    .command('verify')
    .description(
      "Check every stream's hash chain (tamper evidence), or one customer's, and with --anchor a signed anchor. Names each broken stream and its first " +
        'revision that does not verify, and exits 1 if any.',
    )
    .option('--customer <id>', "only this customer's stream")
    .option(
      '--anchor <file>',
      "also check an anchor's signature and that every stream still holds the head it records (an evidence pack's anchor.json: the one stream it records)",
    )
    .option('--public-key <file>', "the anchors' public key (PEM; default: DATA_DIR/anchor-signing-key.pub.pem)")
    .action(async (options: VerifyOptions) => {
      const { verify } = await import('./verify/verify-command');
      process.exitCode = await verify(options);
    });

  cli
    .command('anchor')
    .description(
      "Write a signed anchor (every stream's head and the store's position, one Merkle root, Ed25519) into a folder " +
        'kept away from the store; verify --anchor later shows any stream that lost or changed what it held then.',
    )
    .requiredOption('--to <dir>', 'the folder to write the anchor file into')
    .action(async (options: AnchorOptions) => {
      const { anchor } = await import('./anchor/anchor-command');
      process.exitCode = await anchor(options);
    });

  return cli;
}

async function main(): Promise<void> {
  // Before any store is opened: what the CLI creates in DATA_DIR is its user's alone (loadCliConfig prepares the directory).
  usePrivateUmask();
  try {
    await program().parseAsync(process.argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Commander has printed the problem; --help and --version end with 0.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = EXIT.failed;
});
