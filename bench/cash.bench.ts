/**
 * npm run bench:cash — the matcher's rate on a generated book of bank statements, and what an
 * import of them costs, on the embedded store:
 *  1. a book of customers and invoices from the simulation (`SimulatedBook`), its payments as bank
 *     transfers of known truth (`generateStatementBook`: which customer, which invoices), written
 *     as camt.053.001.08 files of up to 20,000 entries;
 *  2. before each file, the invoices issued in its period registered through the command side;
 *     then the file read and parsed, and imported by `StatementImporter` as the CLI does;
 *  3. every entry's outcome compared with the truth: applied automatically, wrongly applied (money
 *     on an invoice or a customer the truth does not say: must be 0), left unapplied, unidentified
 *     (and whether the true customer is among the candidates);
 *  4. the same files imported again: every entry already imported, nothing appended.
 * Figures are printed, never asserted. Sizes can be lowered for a quick look:
 *   CASH_BENCH_ENTRIES=5000 npm run bench:cash
 * (CASH_BENCH_FILE_ENTRIES, 20,000 by default; CASH_BENCH_SEED, 42.)
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Actor, CustomerAccounts, ExecuteAccountCommands, WriteSideModule } from '@collections/accounts';
import { ImportedEntry, StatementImporter, parseStatement } from '@collections/cash-application';
import { buildCamt053 } from '@collections/cash-application/testing/camt053-builder';
import {
  GeneratedTransfer,
  PAY_DAYS_FROM_DUE,
  StatementBook,
  StatementBookFile,
  TRANSFER_KINDS,
  TRANSFER_MIX,
  TransferKind,
  generateStatementBook,
} from '@collections/cash-application/testing/statement-book';
import { SettableClock } from '@collections/domain';
import { SqliteEventStore } from '@collections/event-store';

const ENTRIES = Number(process.env.CASH_BENCH_ENTRIES ?? 100_000);
const ENTRIES_PER_FILE = Number(process.env.CASH_BENCH_FILE_ENTRIES ?? 20_000);
const SEED = Number(process.env.CASH_BENCH_SEED ?? 42);
/** Customers whose invoices are registered at once. */
const IN_FLIGHT = 64;

const IMPORTER: Actor = { id: 'statement-import', role: 'integration' };
const BILLING: Actor = { id: 'billing', role: 'integration' };

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)}%`);
const since = (started: number) => (performance.now() - started) / 1000;

/** What became of the entries of one kind (or all), measured against the truth. */
interface Tally {
  entries: number;
  applied: number;
  /** Applied exactly as the truth says: the same invoices, the same amounts. */
  appliedInFull: number;
  unapplied: number;
  /** Left unapplied because the account refused the matcher's application (it moved, or a rule of the domain). */
  applicationRefused: number;
  unidentified: number;
  /** Unidentified entries of a known customer, and of those, how many list it among the candidates. */
  unidentifiedOfCustomer: number;
  candidateHits: number;
  /** Money put on an invoice the truth does not say, or more of it than the truth says. */
  wronglyApplied: number;
  /** Money booked on an account that is not the payer's (applied or not). */
  wrongCustomer: number;
  refused: number;
  other: number;
  identifiedByAccount: number;
  rules: Map<string, number>;
}

const newTally = (): Tally => ({
  entries: 0,
  applied: 0,
  appliedInFull: 0,
  unapplied: 0,
  applicationRefused: 0,
  unidentified: 0,
  unidentifiedOfCustomer: 0,
  candidateHits: 0,
  wronglyApplied: 0,
  wrongCustomer: 0,
  refused: 0,
  other: 0,
  identifiedByAccount: 0,
  rules: new Map(),
});

interface Mistake {
  transfer: GeneratedTransfer;
  why: string;
}

/** Compares one entry's outcome with its truth. */
function judge(transfer: GeneratedTransfer, item: ImportedEntry, tallies: Tally[], mistakes: Mistake[]): void {
  const { truth } = transfer;
  const wrong = (why: string, customer: boolean) => {
    for (const tally of tallies) {
      if (customer) tally.wrongCustomer++;
      else tally.wronglyApplied++;
    }
    mistakes.push({ transfer, why });
  };
  for (const tally of tallies) tally.entries++;
  switch (item.outcome) {
    case 'applied':
    case 'unapplied': {
      for (const tally of tallies) {
        tally[item.outcome]++;
        if (item.identifiedBy === 'payer-account') tally.identifiedByAccount++;
      }
      if (item.customerId !== truth.customerId) {
        wrong(`booked on ${item.customerId}, sent by ${truth.customerId ?? 'nobody known'}`, item.outcome === 'unapplied');
        if (item.outcome === 'applied') return;
      }
      if (item.outcome === 'unapplied') {
        if (item.reason !== undefined) for (const tally of tallies) tally.applicationRefused++;
        return;
      }
      for (const tally of tallies) tally.rules.set(item.rule!, (tally.rules.get(item.rule!) ?? 0) + 1);
      const owed = new Map(truth.allocations.map(({ invoiceId, amount }) => [invoiceId, amount]));
      const astray = (item.allocations ?? []).filter(({ invoiceId, amount }) => amount > (owed.get(invoiceId) ?? 0));
      if (astray.length > 0) {
        wrong(`${item.rule} put ${astray.map(({ invoiceId, amount }) => `${amount} on ${invoiceId}`).join(', ')}`, false);
        return;
      }
      const exact =
        item.allocations?.length === truth.allocations.length &&
        item.allocations.every(({ invoiceId, amount }) => owed.get(invoiceId) === amount);
      if (exact) for (const tally of tallies) tally.appliedInFull++;
      return;
    }
    case 'unidentified': {
      const hit = truth.customerId !== undefined && (item.candidates ?? []).some(({ customerId }) => customerId === truth.customerId);
      for (const tally of tallies) {
        tally.unidentified++;
        if (truth.customerId !== undefined) tally.unidentifiedOfCustomer++;
        if (hit) tally.candidateHits++;
      }
      return;
    }
    case 'refused':
      for (const tally of tallies) tally.refused++;
      mistakes.push({ transfer, why: `refused: ${item.reason}` });
      return;
    default:
      for (const tally of tallies) tally.other++;
      mistakes.push({ transfer, why: `${item.outcome} on the first import` });
  }
}

function countEvents(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Columns padded to their widest cell: the first and any named in `left` to the left, the others (figures) to the right. */
function printTable(header: string[], rows: string[][], left: readonly number[] = [0]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (left.includes(column) ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

function describeBook(statements: StatementBook, generatedIn: number): void {
  const { book, files, kinds } = statements;
  const invoices = files.reduce((sum, file) => sum + file.invoices.length, 0);
  const payers = [...statements.payerIbans.values()];
  console.log(
    `Book: ${format(book.customers.length)} customers of the simulation (seed ${SEED}), ${format(invoices)} invoices issued by ` +
      `${files[files.length - 1].to}; ${format(ENTRIES)} transfers from ${files[0].from}, generated in ${generatedIn.toFixed(1)} s`,
  );
  const never = Object.entries(PAY_DAYS_FROM_DUE)
    .filter(([, window]) => window === undefined)
    .map(([profile]) => profile);
  console.log(
    `  pay days by profile, from the due date: ` +
      Object.entries(PAY_DAYS_FROM_DUE)
        .filter(([, window]) => window !== undefined)
        .map(([profile, window]) => `${profile} ${window![0]}..${window![1]}`)
        .join(', ') +
      `; never: ${never.join(', ')}`,
  );
  console.log(
    `  payer accounts: ${format(payers.filter((ibans) => ibans.length === 2).length)} customers pay from two IBANs, ` +
      `${format(payers.filter((ibans) => ibans.length === 1).length)} from one; a quarter written in groups of four`,
  );
  console.log('\nTransfers by kind (the mix drawn; a transfer drawn to pay several when the customer has no other invoice out pays one):');
  printTable(
    ['kind', 'mix', 'in the files', 'share'],
    TRANSFER_KINDS.map((kind) => [kind, `${TRANSFER_MIX[kind]}%`, format(kinds[kind]), percent(kinds[kind], ENTRIES)]),
  );
}

async function registerInvoices(bus: CommandBus, file: StatementBookFile): Promise<void> {
  const byCustomer = new Map<string, StatementBookFile['invoices']>();
  for (const each of file.invoices) byCustomer.set(each.customerId, [...(byCustomer.get(each.customerId) ?? []), each]);
  const batches = [...byCustomer];
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const [customerId, invoices] = batches[next++];
      const commands = invoices.map(({ invoice: { invoiceId, amount, currency, issuedOn, dueOn } }) => ({
        command: { type: 'RegisterInvoice' as const, data: { invoiceId, amount, currency, issuedOn, dueOn } },
        idempotencyKey: `bench:RegisterInvoice:${invoiceId}`,
      }));
      await bus.execute(new ExecuteAccountCommands(customerId, commands, { actor: BILLING }));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

async function main(): Promise<void> {
  console.log(`Cash application on the embedded store (SQLite WAL, synchronous=FULL), Node ${process.version}`);
  let started = performance.now();
  const statements = generateStatementBook({ entries: ENTRIES, seed: SEED, entriesPerFile: ENTRIES_PER_FILE });
  describeBook(statements, since(started));

  const work = mkdtempSync(join(tmpdir(), 'cash-bench-'));
  const dataDir = join(work, 'data');
  const statementDir = join(work, 'statements');
  mkdirSync(dataDir);
  mkdirSync(statementDir);
  const eventsFile = join(dataDir, 'events.sqlite');
  const store = new SqliteEventStore(eventsFile);
  const { files } = statements;

  @Module({
    imports: [
      WriteSideModule.forRoot({
        eventStore: { kind: 'embedded', dataDir },
        clock: new SettableClock(`${files[files.length - 1].to}T20:00:00.000Z`),
        openStore: store,
      }),
    ],
    providers: [StatementImporter],
  })
  class CashBenchModule {}

  const app = await NestFactory.createApplicationContext(CashBenchModule, { logger: false });
  try {
    const bus = app.get(CommandBus);
    const importer = app.get(StatementImporter);
    const paths: string[] = [];
    started = performance.now();
    let bytes = 0;
    for (const file of files) {
      const xml = buildCamt053(file.description, '001.08', { pretty: false });
      bytes += Buffer.byteLength(xml);
      paths.push(join(statementDir, file.name));
      writeFileSync(paths[paths.length - 1], xml);
    }
    console.log(
      `\n${files.length} camt.053.001.08 files of up to ${format(ENTRIES_PER_FILE)} entries, ${(bytes / 1e6).toFixed(1)} MB, written in ${since(started).toFixed(1)} s`,
    );

    const total = newTally();
    const byKind = new Map<TransferKind, Tally>(TRANSFER_KINDS.map((kind) => [kind, newTally()]));
    const mistakes: Mistake[] = [];
    /** Payer IBANs the import taught (a payment identified by its remittance), and in which file. */
    const taught = new Map<string, number>();
    const learning = { neverTaught: 0, taughtInEarlierFile: 0, taughtEarlierInSameFile: 0 };
    const payments = new Map<string, { transfer: GeneratedTransfer; item: ImportedEntry }>();
    let registering = 0;
    let invoices = 0;
    let parsing = 0;
    let booking = 0;
    const fileRows: string[][] = [];
    const eventsBefore = countEvents(eventsFile);
    let registeredEvents = 0;

    for (const [index, file] of files.entries()) {
      started = performance.now();
      const beforeRegistering = countEvents(eventsFile);
      await registerInvoices(bus, file);
      registering += since(started);
      invoices += file.invoices.length;
      registeredEvents += countEvents(eventsFile) - beforeRegistering;

      started = performance.now();
      const statement = parseStatement(await readFile(paths[index], 'utf8'), 'camt.053');
      const parsed = since(started);
      started = performance.now();
      const report = await importer.import(statement, { actor: IMPORTER, oldestFirst: false });
      const booked = since(started);
      parsing += parsed;
      booking += booked;

      const byReference = new Map(file.transfers.map((transfer) => [transfer.reference, transfer]));
      const fileTally = newTally();
      report.items.forEach((item) => {
        const transfer = byReference.get(item.reference);
        if (transfer === undefined) throw new Error(`the import reported ${item.reference}, which no transfer has`);
        judge(transfer, item, [total, byKind.get(transfer.truth.kind)!, fileTally], mistakes);
        if (item.paymentId !== undefined) payments.set(item.paymentId, { transfer, item });
        if (item.outcome === 'unidentified' && transfer.truth.customerId !== undefined && !transfer.truth.referenced) {
          const when = taught.get(transfer.payerIban);
          if (when === undefined) learning.neverTaught++;
          else if (when < index) learning.taughtInEarlierFile++;
          else learning.taughtEarlierInSameFile++;
        }
        if (item.identifiedBy === 'remittance-reference' && !taught.has(transfer.payerIban)) taught.set(transfer.payerIban, index);
      });
      fileRows.push([
        file.name,
        `${file.from} – ${file.to}`,
        format(file.transfers.length),
        format(file.invoices.length),
        `${parsed.toFixed(2)} s`,
        `${booked.toFixed(2)} s`,
        format(file.transfers.length / (parsed + booked)),
        percent(fileTally.applied, fileTally.entries),
        percent(fileTally.unapplied, fileTally.entries),
        percent(fileTally.unidentified, fileTally.entries),
      ]);
    }
    const appended = countEvents(eventsFile) - eventsBefore - registeredEvents;

    console.log(
      `\nBefore each file, the invoices issued in its period registered through the command side (ExecuteAccountCommands, ` +
        `${IN_FLIGHT} customers in flight): ${format(invoices)} invoices in ${registering.toFixed(1)} s (not part of the import below)\n`,
    );
    // Many small files (CASH_BENCH_FILE_ENTRIES=500, about a day's statement): the first and the last few.
    const shown = fileRows.length <= 12 ? fileRows : [...fileRows.slice(0, 8), fileRows[0].map(() => '…'), ...fileRows.slice(-3)];
    printTable(
      ['file', 'booked', 'entries', 'invoices before it', 'read+parse', 'import', 'entries/s', 'applied', 'unapplied', 'unidentified'],
      shown,
    );

    // The deductions the short payments stated, as claims on the invoices they name.
    const accounts = app.get(CustomerAccounts);
    let deductionsStated = 0;
    let deductionsOpened = 0;
    for (const [paymentId, { transfer, item }] of payments) {
      if (transfer.truth.deductions.length === 0 || item.outcome !== 'applied') continue;
      deductionsStated++;
      const account = (await accounts.load(item.customerId!)).state;
      const [stated] = transfer.truth.deductions;
      const claim = account.status === 'active' ? account.disputes.get(`${paymentId}-d1`) : undefined;
      if (claim?.kind === 'deduction' && claim.invoiceId === stated.invoiceId && claim.amount === stated.amount) deductionsOpened++;
    }

    // The same files again: each entry already imported, nothing appended.
    const beforeAgain = countEvents(eventsFile);
    started = performance.now();
    let again = 0;
    let alreadyImported = 0;
    let parsingAgain = 0;
    for (const path of paths) {
      const reading = performance.now();
      const statement = parseStatement(await readFile(path, 'utf8'), 'camt.053');
      parsingAgain += since(reading);
      const report = await importer.import(statement, { actor: IMPORTER, oldestFirst: false });
      again += report.entries;
      alreadyImported += report.counts['already-imported'];
    }
    const secondImport = since(started);
    const appendedAgain = countEvents(eventsFile) - beforeAgain;

    const withCustomer = total.entries - byKind.get('unknown-payer')!.entries;
    console.log(`\nAgainst the truth, ${format(total.entries)} entries:`);
    printTable(
      ['measure', 'figure'],
      [
        [
          'applied automatically (money put on invoices by a rule)',
          `${percent(total.applied, total.entries)} (${format(total.applied)}); exactly the invoices and amounts of the truth: ${format(total.appliedInFull)}`,
        ],
        [
          'wrongly applied (an invoice or customer the truth does not say)',
          `${format(total.wronglyApplied)}; booked unapplied on the wrong customer: ${format(total.wrongCustomer)}`,
        ],
        [
          'left unapplied on the right account',
          `${percent(total.unapplied, total.entries)} (${format(total.unapplied)}; ${format(total.applicationRefused)} of them because the account refused the matcher's application)`,
        ],
        [
          'unidentified',
          `${percent(total.unidentified, total.entries)} (${format(total.unidentified)}; ${format(total.unidentified - total.unidentifiedOfCustomer)} of them unknown payers, ` +
            `${format(byKind.get('unknown-payer')!.entries)} sent)`,
        ],
        [
          '  the true customer among the candidates',
          `${percent(total.candidateHits, total.unidentifiedOfCustomer)} (${format(total.candidateHits)} of ${format(total.unidentifiedOfCustomer)} sent by a customer)`,
        ],
        [
          '  unreferenced, from an account the import had taught',
          `${format(learning.taughtEarlierInSameFile)} earlier in the same file, ${format(learning.taughtInEarlierFile)} in an earlier file; ` +
            `${format(learning.neverTaught)} from an account never taught before`,
        ],
        [
          'identified by the payer account',
          `${format(total.identifiedByAccount)} (${percent(total.identifiedByAccount, withCustomer)} of entries sent by customers)`,
        ],
        ['refused, or anything else', `${format(total.refused)}, ${format(total.other)}`],
        ['deductions stated and opened as claims', `${format(deductionsOpened)} of ${format(deductionsStated)} applied short payments`],
        [
          'read and parse (camt.053.001.08)',
          `${parsing.toFixed(1)} s (${format(total.entries / parsing)} entries/s, ${(bytes / 1e6 / parsing).toFixed(1)} MB/s)`,
        ],
        ['import (identify, match, book: fsync per commit)', `${booking.toFixed(1)} s (${format(total.entries / booking)} entries/s)`],
        [
          'read, parse and import',
          `${(parsing + booking).toFixed(1)} s for ${format(total.entries)} entries = ${format(total.entries / (parsing + booking))} entries/s; ${format(appended)} events appended`,
        ],
        [
          'the same files again',
          `${format(alreadyImported)} of ${format(again)} already imported in ${secondImport.toFixed(1)} s (${parsingAgain.toFixed(1)} s of it reading and parsing); ${format(appendedAgain)} events appended`,
        ],
      ],
      [0, 1],
    );

    console.log('\nBy kind:');
    printTable(
      ['kind', 'entries', 'applied', 'as the truth', 'unapplied', 'unidentified', 'candidates hit', 'wrong', 'rules'],
      TRANSFER_KINDS.map((kind) => {
        const tally = byKind.get(kind)!;
        const rules = [...tally.rules].map(([rule, n]) => `${rule} ${format(n)}`).join(', ');
        return [
          kind,
          format(tally.entries),
          percent(tally.applied, tally.entries),
          percent(tally.appliedInFull, tally.entries),
          percent(tally.unapplied, tally.entries),
          percent(tally.unidentified, tally.entries),
          tally.unidentifiedOfCustomer === 0 ? '–' : percent(tally.candidateHits, tally.unidentifiedOfCustomer),
          format(tally.wronglyApplied + tally.wrongCustomer),
          rules || '–',
        ];
      }),
      [0, 8],
    );

    if (mistakes.length > 0) {
      console.log(`\n${format(mistakes.length)} entries the truth does not bear out (the first 20):`);
      for (const { transfer, why } of mistakes.slice(0, 20)) {
        const truth = transfer.truth.allocations.map(({ invoiceId, amount }) => `${invoiceId} ${amount}`).join(', ');
        console.log(
          `  ${transfer.reference} ${transfer.truth.kind} ${transfer.amount} from ${transfer.truth.customerId ?? 'a stranger'} for [${truth}]: ${why}`,
        );
      }
    }
  } finally {
    await app.close();
    await store.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
