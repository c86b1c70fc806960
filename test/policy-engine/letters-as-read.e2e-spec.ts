import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountState, FinalNoticeSent, ReminderSent, evolve, initialState, toCollectionEvent } from '@collections/domain';
import { SqliteEventStore } from '@collections/event-store';
import { StoredLetter, createLetterOutbox, letterIdFor } from '@collections/letters';
import { ParsedMessage, parseMessage } from '@collections/letters/testing/eml';
import { loadConfig } from '@collections/config';
import { runSimulation } from '../../apps/cli/src/simulate/simulation-driver';

/**
 * The letters of a simulated book, read as the customer reads them: from the delivered `.eml`
 * files, by what they print. The book is `simulate --customers 30 --seed 7`, where the probe found
 * letters demanding what was not yet due, run for 160 days instead of 100 so that it reaches
 * final notices too (its first 100 days write the same letters). What a letter demands, and what
 * its next step is about, must be what is overdue on its date, and nothing else.
 */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "7 March 2025" → "2025-03-07": the dates as printed. */
const isoOf = (printed: string): string => {
  const [day, month, year] = printed.split(' ');
  const index = MONTHS.indexOf(month);
  if (index < 0 || !/^\d{1,2}$/.test(day)) throw new Error(`Not a printed date: ${printed}`);
  return `${year}-${String(index + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
};
/** "€2,509.68" → 250968 (the book is in euros). */
const centsOf = (printed: string): number => {
  if (!/^€\d{1,3}(,\d{3})*\.\d{2}$/.test(printed)) throw new Error(`Not a euro amount: ${printed}`);
  return Number(printed.replace(/[€,.]/g, ''));
};
const euros = (cents: number): string => `€${(cents / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;

interface Row {
  invoiceId: string;
  dueOn: string;
  open: number;
  daysOverdue: number;
}

/** A letter as its reader sees it: the date, the tables and where each paragraph stands. */
interface ReadLetter {
  date: string;
  lines: string[];
  /** Each table with the line of its header. */
  tables: { at: number; rows: Row[] }[];
  /** The amounts after "open amount of", with their line. */
  demands: { at: number; amount: string }[];
  /** Lines naming what follows if the customer does not pay. */
  nextSteps: number[];
  /** The line that introduces invoices falling due soon (-1: none). */
  dueSoonAt: number;
}

function read(text: string): ReadLetter {
  const lines = text.split('\n');
  const date = isoOf(lines[lines.findIndex((line) => line.startsWith('Customer number:')) - 1]);
  const tables: ReadLetter['tables'] = [];
  lines.forEach((header, at) => {
    if (!header.startsWith('  Invoice ')) return;
    const rows: Row[] = [];
    for (let index = at + 1; lines[index]?.startsWith('  '); index++) {
      const cells = /^ {2}(\S+) +(\d{1,2} [A-Z][a-z]+ \d{4}) +(€\S+) +(€\S+) {2}(\d+)$/.exec(lines[index]);
      if (!cells) throw new Error(`A table row that does not read: ${JSON.stringify(lines[index])}`);
      // In line with the header: the due date starts under "Due on".
      expect(lines[index].indexOf(cells[2], 2 + cells[1].length)).toBe(header.indexOf('Due on'));
      rows.push({ invoiceId: cells[1], dueOn: isoOf(cells[2]), open: centsOf(cells[4]), daysOverdue: Number(cells[5]) });
    }
    tables.push({ at, rows });
  });
  const demands = lines.flatMap((line, at) => [...line.matchAll(/open amount of (€[\d,.]+)/g)].map((match) => ({ at, amount: match[1] })));
  const nextSteps = lines.flatMap((line, at) => (/further reminder|final notice,|collection agency|further steps/.test(line) ? [at] : []));
  const dueSoonAt = lines.findIndex((line) => /falls? due soon and (is|are) not part of the amount above/.test(line));
  return { date, lines, tables, demands, nextSteps, dueSoonAt };
}

type LetterEvent = ReminderSent | FinalNoticeSent;
interface Sent {
  letter: StoredLetter;
  /** The message as delivered to the outbox folder. */
  message: ParsedMessage;
  text: string;
  account: AccountState;
  event: LetterEvent;
}

describe('the letters of a simulated book, as the customer reads them', () => {
  let dataDir: string;
  const sent: Sent[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'collections-letters-as-read-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', POLICY_RUN_INTERVAL_MINUTES: '0' });
    await runSimulation(config, { customers: 30, days: 160, seed: 7 });
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const outbox = createLetterOutbox(dataDir);
    try {
      const accounts = new Map<string, AccountState>();
      for (const stored of await store.readAll({ filter: { streamPrefixes: ['collection-'] } })) {
        const event = toCollectionEvent(stored);
        if (event === undefined) continue;
        const customerId = stored.streamId.slice('collection-'.length);
        const account = evolve(accounts.get(customerId) ?? initialState(), event);
        accounts.set(customerId, account);
        if (event.type !== 'ReminderSent' && event.type !== 'FinalNoticeSent') continue;
        const letterId =
          event.type === 'ReminderSent'
            ? letterIdFor(customerId, 'reminder', event.data.reminderId)
            : letterIdFor(customerId, 'final_notice', event.data.noticeId);
        const letter = await outbox.letter(letterId);
        if (letter === undefined) throw new Error(`No letter for ${event.type} of ${customerId}`);
        const message = parseMessage(readFileSync(join(dataDir, 'outbox', `${letterId}.eml`)));
        const text = message.part('text/plain')?.body;
        if (text === undefined) throw new Error(`The letter ${letterId} has no text part`);
        sent.push({ letter, message, text, account, event });
      }
    } finally {
      await outbox.close();
      await store.close();
    }
  }, 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** The account's view of a letter's invoices on its date: what is overdue, and the open balance of it. */
  const truth = ({ account, event }: Sent) => {
    if (account.status !== 'active') throw new Error('a letter to an account that does not exist');
    const invoices = event.data.invoiceIds.map((invoiceId) => account.invoices.get(invoiceId)!);
    const overdue = invoices.filter((invoice) => invoice.dueOn < event.data.sentOn);
    const upcoming = invoices.filter((invoice) => invoice.dueOn >= event.data.sentOn);
    return { overdue, upcoming, owed: overdue.reduce((sum, invoice) => sum + invoice.balance, 0) };
  };
  const find = (customerId: string, sentOn: string) => {
    const found = sent.find(({ letter }) => letter.customerId === customerId && letter.sentOn === sentOn);
    if (!found) throw new Error(`No letter to ${customerId} on ${sentOn}`);
    return found;
  };

  it('given the book, then it has letters of every level and tone, pre-due courtesies, and letters with invoices overdue and not yet due together', () => {
    expect(new Set(sent.map(({ letter }) => `${letter.kind} ${letter.level}`))).toEqual(
      new Set(['reminder 1', 'reminder 2', 'reminder 3', 'reminder 5', 'final_notice 6']), // level 4 is a call
    );
    expect(new Set(sent.map(({ letter }) => letter.tone))).toEqual(new Set(['friendly', 'firm', 'final']));
    expect(sent.filter((entry) => truth(entry).overdue.length === 0).length).toBeGreaterThan(5);
    const mixed = sent.filter((entry) => truth(entry).overdue.length > 0 && truth(entry).upcoming.length > 0);
    expect(new Set(mixed.map(({ letter }) => letter.level))).toEqual(new Set([2, 3, 5]));
  });

  it('given every letter with something overdue, then every invoice under the demand is past due on its date, the demand is their open balance, and what is not yet due comes only after the demand and the next step', () => {
    for (const entry of sent) {
      const { overdue, upcoming, owed } = truth(entry);
      if (overdue.length === 0) continue;
      const letter = read(entry.text);
      const context = `${entry.letter.customerId} ${entry.letter.sentOn} level ${entry.letter.level}`;
      const [demanded, ...others] = letter.tables;
      const dueSoon = others.filter((table) => table.at > letter.dueSoonAt && letter.dueSoonAt >= 0);

      expect({ context, date: letter.date }).toEqual({ context, date: entry.letter.sentOn });
      // what it demands: the first table, all past due, its open total in every demand
      for (const row of demanded.rows)
        expect({ context, row, pastDue: row.dueOn < letter.date && row.daysOverdue > 0 }).toMatchObject({ pastDue: true });
      const total = euros(demanded.rows.reduce((sum, row) => sum + row.open, 0));
      expect({ context, demands: letter.demands.map((demand) => demand.amount) }).toEqual({
        context,
        demands: letter.demands.map(() => total),
      });
      expect({ context, total }).toEqual({ context, total: euros(owed) });
      expect(demanded.rows.map((row) => row.invoiceId).sort()).toEqual(overdue.map((invoice) => invoice.invoiceId).sort());
      if (entry.letter.kind === 'reminder' && entry.letter.tone !== 'friendly') expect(entry.letter.subject).toContain(total);
      // what is not yet due: only in the table after the demand and the next step
      const demandEnds = Math.max(...letter.demands.map((demand) => demand.at), ...letter.nextSteps);
      expect({ context, dueSoon: dueSoon.flatMap((table) => table.rows.map((row) => row.invoiceId)).sort() }).toEqual({
        context,
        dueSoon: upcoming.map((invoice) => invoice.invoiceId).sort(),
      });
      if (upcoming.length > 0) expect({ context, after: letter.dueSoonAt > demandEnds }).toEqual({ context, after: true });
      for (const row of dueSoon.flatMap((table) => table.rows))
        expect({ context, row, notYetDue: row.dueOn >= letter.date }).toMatchObject({ notYetDue: true });
      expect(letter.tables.length).toBe(1 + dueSoon.length);
    }
  });

  it('given every letter with nothing overdue, then it is a courtesy that names each due date ahead, demanding nothing and naming no next step', () => {
    for (const entry of sent) {
      const { overdue, upcoming } = truth(entry);
      if (overdue.length > 0) continue;
      const letter = read(entry.text);
      expect(entry.letter.subject).toMatch(/^Payment due soon to /);
      expect(entry.text).not.toMatch(
        /after the due date|overlooked|overdue payment|open amount|immediately|further reminder|final notice|agency/i,
      );
      expect(letter.demands).toEqual([]);
      for (const invoice of upcoming) {
        const printed = letter.tables[0].rows.find((row) => row.invoiceId === invoice.invoiceId)!;
        expect(printed.dueOn).toBe(invoice.dueOn);
        expect(entry.text).toMatch(new RegExp(`Invoice ${invoice.invoiceId} \\(€[\\d,.]+\\) is due on \\d{1,2} [A-Z][a-z]+ \\d{4}\\.`));
      }
    }
  });

  it('given the three letters the probe read, then each now says what it should', () => {
    // (a) the pre-due courtesy, three days before the due date
    const courtesy = find('SIM-00017', '2025-03-07');
    expect(courtesy.text).toContain('Invoice SIM-00017-INV-0003 (€501.39) is due on 10 March 2025.');
    expect(courtesy.text).not.toContain('after the due date');
    // (b) level 3 demands the overdue €2,509.68, not it and the €2,358.65 due on 27 March
    const combined = read(find('SIM-00019', '2025-03-24').text);
    expect(combined.demands.map((demand) => demand.amount)).toEqual(['€2,509.68']);
    expect(combined.tables.map((table) => table.rows.map((row) => row.invoiceId))).toEqual([
      ['SIM-00019-INV-0002'],
      ['SIM-00019-INV-0003'],
    ]);
    // (c) level 5's final-notice threat is over the overdue €491.54; €2,541.27 due on 24 March comes after it
    const level5 = read(find('SIM-00028', '2025-03-21').text);
    expect(level5.demands.map((demand) => demand.amount)).toEqual(['€491.54']);
    expect(level5.lines[level5.nextSteps[0]]).toContain('final notice');
    expect(level5.tables[1].at).toBeGreaterThan(Math.max(...level5.nextSteps));
    expect(level5.tables[1].rows).toEqual([{ invoiceId: 'SIM-00028-INV-0003', dueOn: '2025-03-24', open: 254127, daysOverdue: 0 }]);
  });

  it('given every delivered letter, then it is one multipart/alternative message whose HTML says the same from the same data', () => {
    for (const { letter, message, text } of sent) {
      expect(message.header('content-type')).toMatch(/^multipart\/alternative;/);
      expect(text).toBe(letter.text);
      const html = message.part('text/html')?.body;
      expect(html).toBe(letter.html);
      for (const invoiceId of letter.invoiceIds) expect(html!.split(`<tr><td>${invoiceId}</td>`)).toHaveLength(2);
      for (const { amount } of read(text).demands) expect(html).toContain(`open amount of ${amount}`);
    }
  });
});
