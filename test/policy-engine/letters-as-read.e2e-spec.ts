import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountState, CollectionEvent, evolve, initialState, toCollectionEvent } from '@collections/domain';
import { SqliteEventStore } from '@collections/event-store';
import { StoredLetter, createLetterOutbox, formatMinorUnits, letterIdFor } from '@collections/letters';
import { loadConfig } from '@collections/config';
import { runSimulation } from '../../apps/cli/src/simulate/simulation-driver';

/**
 * The letters of a simulated book (`simulate --customers 30 --days 100 --seed 7`, where the probe
 * found letters demanding what was not yet due), read as the customer reads them: what a letter
 * demands, and what its next step is about, is what is overdue on its date, and nothing else.
 */
describe('the letters of a simulated book, as the customer reads them', () => {
  let dataDir: string;
  const letters: { letter: StoredLetter; account: AccountState; event: Extract<CollectionEvent, { type: 'ReminderSent' | 'FinalNoticeSent' }> }[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'collections-letters-as-read-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', POLICY_RUN_INTERVAL_MINUTES: '0' });
    await runSimulation(config, { customers: 30, days: 100, seed: 7 });
    const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    const outbox = createLetterOutbox(dataDir);
    try {
      const recorded = await store.readAll({ filter: { streamPrefixes: ['collection-'] } });
      const accounts = new Map<string, AccountState>();
      for (const stored of recorded) {
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
        letters.push({ letter, account, event });
      }
    } finally {
      await outbox.close();
      await store.close();
    }
  }, 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** The invoices of the letter, split as of its date, with the amount it must demand. */
  const split = ({ account, event }: (typeof letters)[number]) => {
    if (account.status !== 'active') throw new Error('a letter to an account that does not exist');
    const invoices = event.data.invoiceIds.map((invoiceId) => account.invoices.get(invoiceId)!);
    const overdue = invoices.filter((invoice) => invoice.dueOn < event.data.sentOn);
    const upcoming = invoices.filter((invoice) => invoice.dueOn >= event.data.sentOn);
    const byCurrency = new Map<string, number>();
    for (const invoice of overdue) byCurrency.set(invoice.currency, (byCurrency.get(invoice.currency) ?? 0) + invoice.balance);
    const demanded = [...byCurrency].map(([currency, amount]) => formatMinorUnits(amount, currency, 'en-GB')).join(' and ');
    return { overdue, upcoming, demanded };
  };
  /** From the greeting to the first mention of what falls due soon (or to how to pay): what the letter demands. */
  const demandPart = (text: string) => text.slice(text.indexOf('Dear '), text.search(/due soon and (is|are) not part|\nHow to pay/));

  it('given the book, then it has friendly and firm letters of every level, pre-due courtesies among them, and combined letters with invoices not yet due', () => {
    // (100 days take no account to its final notice: the rendering property covers the final tone.)
    expect(new Set(letters.map(({ letter }) => letter.tone))).toEqual(new Set(['friendly', 'firm']));
    // Every level the default ladder writes a letter for (level 4 is a call).
    expect(new Set(letters.map(({ letter }) => letter.level))).toEqual(new Set([1, 2, 3, 5]));
    expect(letters.some((entry) => split(entry).overdue.length === 0)).toBe(true);
    expect(letters.some((entry) => split(entry).overdue.length > 0 && split(entry).upcoming.length > 0)).toBe(true);
  });

  it('given every letter with something overdue, then it demands exactly the overdue open balance, and lists no invoice not yet due under the demand', () => {
    for (const entry of letters) {
      const { overdue, upcoming, demanded } = split(entry);
      if (overdue.length === 0) continue;
      const { text, subject } = entry.letter;
      const demand = demandPart(text);
      expect({ letter: entry.letter.letterId, demands: text.includes(`open amount of ${demanded}`) }).toEqual({ letter: entry.letter.letterId, demands: true });
      for (const invoice of overdue) expect(demand).toContain(invoice.invoiceId);
      for (const invoice of upcoming) expect(demand).not.toContain(invoice.invoiceId);
      if (entry.letter.tone !== 'friendly' && !subject.startsWith('FINAL NOTICE')) expect(subject).toContain(demanded);
    }
  });

  it('given every letter with nothing overdue, then it is a courtesy about the due date, never "after the due date"', () => {
    for (const entry of letters) {
      const { overdue, upcoming } = split(entry);
      if (overdue.length > 0) continue;
      const { text, subject } = entry.letter;
      expect(text).not.toContain('after the due date');
      expect(text).not.toMatch(/overdue payment|remain unpaid|collection agency/);
      expect(subject).toMatch(/^Payment due soon/);
      for (const invoice of upcoming) expect(text).toMatch(new RegExp(`Invoice ${invoice.invoiceId} \\(.+\\) is due on `));
    }
  });

  it('given every letter, then it goes as HTML too, with the same invoices in a table', () => {
    for (const { letter } of letters) {
      expect(letter.html).toMatch(/^<!DOCTYPE html>/);
      for (const invoiceId of letter.invoiceIds) expect(letter.html).toContain(`<td>${invoiceId}</td>`);
    }
  });
});
