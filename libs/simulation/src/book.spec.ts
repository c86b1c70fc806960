import { AccountState, addDays, daysBetween, decide, evolve, initialState } from '@collections/domain';
import { DEFAULT_SIMULATION_START, SimulatedBook, SimulatedCommand } from './book';
import { CUSTOMER_PROFILES, INVOICE_AMOUNTS, PROFILE_MIX } from './profiles';
import { Draws } from './random';
import { InMemoryRun, runInMemory } from './testing/in-memory-run';

const withoutDay = ({ on, ...command }: SimulatedCommand & { on: string }): SimulatedCommand => command;

/** A small book run for 120 days, shared by the tests that look at its commands. */
const options = { customers: 60, days: 120, seed: 7 };
let first: InMemoryRun;

beforeAll(() => {
  first = runInMemory(new SimulatedBook(options));
});

describe('SimulatedBook', () => {
  describe('the book', () => {
    const book = new SimulatedBook({ customers: 1_000, days: 365, seed: 42 });

    it('given 1,000 customers, then each profile has its documented share within sampling error', () => {
      const counts = new Map(CUSTOMER_PROFILES.map((profile) => [profile, 0]));
      for (const { profile } of book.customers) counts.set(profile, (counts.get(profile) ?? 0) + 1);
      for (const profile of CUSTOMER_PROFILES) {
        const expected = PROFILE_MIX[profile] / 100;
        const tolerance = 4 * Math.sqrt((expected * (1 - expected)) / book.customers.length);
        const share = (counts.get(profile) ?? 0) / book.customers.length;
        expect({ profile, share, near: Math.abs(share - expected) <= tolerance }).toEqual({ profile, share, near: true });
      }
      expect(Object.values(PROFILE_MIX).reduce((sum, share) => sum + share, 0)).toBe(100);
    });

    it('given a book, then customers are SIM-00001… in portfolios of 40 for collectors COL-1…COL-25, with terms of 30, 45 or 60 days', () => {
      expect(book.customers.slice(0, 2).map((c) => c.customerId)).toEqual(['SIM-00001', 'SIM-00002']);
      expect(book.customers[999].customerId).toBe('SIM-01000');
      expect(book.customers.map((c) => c.collectorId)).toEqual(Array.from({ length: 1_000 }, (_, i) => `COL-${Math.floor(i / 40) + 1}`));
      expect(new Set(book.customers.map((c) => c.termsDays))).toEqual(new Set([30, 45, 60]));
      expect(new SimulatedBook({ customers: 1_001, days: 1, seed: 1 }).customers[1_000].collectorId).toBe('COL-1');
    });

    it("given a book, then invoices are numbered per customer, issued within the simulated days at the customer's cadence, due after their terms", () => {
      const lastDay = addDays(DEFAULT_SIMULATION_START, 364);
      expect(book.lastDay).toBe(lastDay);
      const problems: string[] = [];
      for (const { invoices, customerId, termsDays, cadenceDays } of book.customers) {
        if (invoices.length === 0 || daysBetween(DEFAULT_SIMULATION_START, invoices[0].issuedOn) > 6)
          problems.push(`${customerId}: first invoice late`);
        if (cadenceDays < 10 || cadenceDays > 40) problems.push(`${customerId}: cadence ${cadenceDays}`);
        invoices.forEach((invoice, index) => {
          const gap = index === 0 ? undefined : daysBetween(invoices[index - 1].issuedOn, invoice.issuedOn);
          if (
            invoice.invoiceId !== `${customerId}-INV-${String(index + 1).padStart(4, '0')}` ||
            invoice.issuedOn > lastDay ||
            invoice.issuedOn < DEFAULT_SIMULATION_START ||
            daysBetween(invoice.issuedOn, invoice.dueOn) !== termsDays ||
            invoice.currency !== 'EUR' ||
            (gap !== undefined && (gap < Math.round(cadenceDays * 0.7) || gap > Math.round(cadenceDays * 1.3)))
          ) {
            problems.push(JSON.stringify({ customerId, termsDays, cadenceDays, gap, invoice }));
          }
        });
      }
      expect(problems).toEqual([]);
    });

    it('given a book, then amounts are whole minor units around a median of 2,000.00 with a long tail, clipped to 50.00–50,000.00', () => {
      const amounts = book.customers.flatMap((c) => c.invoices.map((i) => i.amount)).sort((a, b) => a - b);
      const at = (q: number) => amounts[Math.floor(q * (amounts.length - 1))];
      expect(amounts.every((a) => Number.isSafeInteger(a) && a >= INVOICE_AMOUNTS.minimum && a <= INVOICE_AMOUNTS.maximum)).toBe(true);
      expect(at(0.5)).toBeGreaterThan(150_000);
      expect(at(0.5)).toBeLessThan(270_000);
      // A long right tail: the 95th percentile is several times the median, the 5th a fraction of it.
      expect(at(0.95) / at(0.5)).toBeGreaterThan(3);
      expect(at(0.05) / at(0.5)).toBeLessThan(0.35);
    });

    it('given a shorter run with the same seed, then its customers and invoices are the first ones of the longer run', () => {
      const shorter = new SimulatedBook({ customers: 100, days: 120, seed: 42 });
      shorter.customers.forEach((customer, index) => {
        const { invoices, ...rest } = book.customers[index];
        expect(customer).toEqual({ ...rest, invoices: invoices.filter((i) => i.issuedOn < addDays(DEFAULT_SIMULATION_START, 120)) });
      });
    });

    it('given bad options, then the book refuses them', () => {
      expect(() => new SimulatedBook({ customers: -1, days: 10, seed: 1 })).toThrow(RangeError);
      expect(() => new SimulatedBook({ customers: 1, days: 1.5, seed: 1 })).toThrow(RangeError);
      expect(() => new SimulatedBook({ customers: 1, days: 10, seed: Number.NaN })).toThrow(RangeError);
      expect(() => new SimulatedBook({ customers: 1, days: 10, seed: 1, startOn: '2025-02-30' })).toThrow(RangeError);
      expect(() => new SimulatedBook({ customers: 1, days: 10, seed: 1, currency: 'EURO' })).toThrow(RangeError);
      expect(() => book.actionsOn('2025-1-1', () => initialState())).toThrow(RangeError);
    });

    it('given options with a start and a currency, then the book uses them', () => {
      const usd = new SimulatedBook({ customers: 3, days: 30, seed: 9, startOn: '2024-06-01', currency: 'USD' });
      expect(usd.options).toEqual({ customers: 3, days: 30, seed: 9, startOn: '2024-06-01', currency: 'USD' });
      expect(
        usd.customers
          .flatMap((c) => c.invoices)
          .every((i) => i.currency === 'USD' && i.issuedOn >= '2024-06-01' && i.issuedOn <= '2024-06-30'),
      ).toBe(true);
      expect(usd.dates()).toHaveLength(30);
    });
  });

  describe('determinism', () => {
    it('given the same seed, when two books are run for 120 days, then they ask for identical commands', () => {
      const second = runInMemory(new SimulatedBook(options));
      expect(first.commands.length).toBeGreaterThan(500);
      expect(second.commands).toEqual(first.commands);
      expect([...second.events]).toEqual([...first.events]);
    });

    it('given a different seed, then the commands differ', () => {
      const other = runInMemory(new SimulatedBook({ ...options, seed: 8 }));
      expect(other.commands.map(withoutDay)).not.toEqual(first.commands.map(withoutDay));
    });

    it('given a fresh book asked about one day alone, with the accounts as they stood, then it says what the day-by-day book said', () => {
      const dayNumber = 90;
      const until = runInMemory(new SimulatedBook(options), { days: dayNumber });
      const date = addDays(DEFAULT_SIMULATION_START, dayNumber);
      const fresh = new SimulatedBook(options);
      const expected = first.commands.filter((command) => command.on === date).map(withoutDay);
      expect(expected.length).toBeGreaterThan(0);
      expect(fresh.actionsOn(date, until.accountOf)).toEqual(expected);
      // Asked again, or after a later day, it answers the same.
      fresh.actionsOn(addDays(date, 20), until.accountOf);
      expect(fresh.actionsOn(date, until.accountOf)).toEqual(expected);
    });

    it('given a day whose commands and engine run were applied, when asked about it again, then nothing new is asked for', () => {
      const book = new SimulatedBook(options);
      expect(book.actionsOn(book.lastDay, first.accountOf)).toEqual([]);
    });

    it('given keyed draws, then a draw depends only on the seed and its key', () => {
      const draws = new Draws(1);
      const a = draws.int(['SIM-00001', 'x'], 1, 1_000_000);
      draws.int(['SIM-00002', 'y'], 1, 1_000_000);
      expect(new Draws(1).int(['SIM-00001', 'x'], 1, 1_000_000)).toBe(a);
      expect(new Draws(2).int(['SIM-00001', 'x'], 1, 1_000_000)).not.toBe(a);
      expect(draws.weighted(['k'], { only: 1 })).toBe('only');
    });
  });

  describe('commands', () => {
    const book = new SimulatedBook(options);

    it('given a run, then each customer starts with its first invoice and its collector, and idempotency keys are sim:<type>:<id>', () => {
      for (const customer of book.customers) {
        const own = first.commands.filter((c) => c.customerId === customer.customerId);
        const { invoiceId, amount, currency, issuedOn, dueOn } = customer.invoices[0];
        expect(own.slice(0, 2)).toEqual([
          {
            on: issuedOn,
            customerId: customer.customerId,
            command: { type: 'RegisterInvoice', data: { invoiceId, amount, currency, issuedOn, dueOn } },
            idempotencyKey: `sim:RegisterInvoice:${invoiceId}`,
            actor: 'integration',
          },
          {
            on: issuedOn,
            customerId: customer.customerId,
            command: { type: 'AssignCollector', data: { collectorId: customer.collectorId, assignedOn: issuedOn } },
            idempotencyKey: `sim:AssignCollector:${customer.customerId}`,
            actor: 'manager',
          },
        ]);
      }
      expect(first.commands.every((c) => c.idempotencyKey.startsWith(`sim:${c.command.type}:`))).toBe(true);
    });

    it('given a day, then commands come customer by customer in id order', () => {
      const byDay = new Map<string, string[]>();
      for (const { on, customerId } of first.commands) byDay.set(on, [...(byDay.get(on) ?? []), customerId]);
      for (const customers of byDay.values()) expect(customers).toEqual([...customers].sort());
    });

    it('given 1,000 customers for 365 days, then the book says what happens each day in well under 10 seconds', () => {
      const big = new SimulatedBook({ customers: 1_000, days: 365, seed: 3 });
      const accounts = new Map<string, AccountState>();
      let spent = 0;
      let commands = 0;
      for (const date of big.dates()) {
        const started = performance.now();
        const actions = big.actionsOn(date, (id) => accounts.get(id) ?? initialState());
        spent += performance.now() - started;
        commands += actions.length;
        for (const { customerId, command } of actions) {
          const state = accounts.get(customerId) ?? initialState();
          accounts.set(customerId, decide(command, state).reduce(evolve, state));
        }
      }
      expect(commands).toBeGreaterThan(20_000);
      expect(spent).toBeLessThan(8_000);
    });

    it('given the accounts only the book itself changes (no policy engine), when run for a year, then decide still accepts every command', () => {
      const accounts = new Map<string, AccountState>();
      const quiet = new SimulatedBook({ customers: 100, days: 365, seed: 11 });
      for (const date of quiet.dates()) {
        for (const { customerId, command } of quiet.actionsOn(date, (id) => accounts.get(id) ?? initialState())) {
          const state = accounts.get(customerId) ?? initialState();
          accounts.set(customerId, decide(command, state).reduce(evolve, state));
        }
      }
      // Without reminders, only the payers who need none have paid.
      const paid = [...accounts].filter(
        ([, account]) => account.status === 'active' && [...account.invoices.values()].some((i) => i.paid > 0),
      );
      const profiles = new Set(paid.map(([customerId]) => quiet.customer(customerId)?.profile));
      expect([...profiles].sort()).toEqual(['disputer', 'late_payer', 'on_time']);
    });
  });
});
