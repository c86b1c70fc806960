import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusinessDate, addDays } from '@collections/domain';
import { RecordedEvent, SqliteEventStore } from '@collections/event-store';
import { createLetterOutbox } from '@collections/letters';
import { SimulatedBook, SimulatedCustomer, SimulationOptions } from '@collections/simulation';
import { loadConfig } from '@collections/config';
import { SimulationResult, runSimulation } from '../../apps/cli/src/simulate/simulation-driver';

/**
 * A 120-day simulated book driven through the command side and the policy engine (the default
 * policy), as `collections simulate` does, then read back from the event store: the stories the
 * collection procedure describes, customer by customer, with their exact dates.
 */
const OPTIONS: SimulationOptions = { customers: 80, days: 120, seed: 7, startOn: '2025-01-01' };
const LAST_DAY = addDays('2025-01-01', 119);

type Data = Record<string, unknown>;
const invoiceIdsOf = (data: Data): string[] =>
  Array.isArray(data.invoiceIds) ? (data.invoiceIds as string[]) : typeof data.invoiceId === 'string' ? [data.invoiceId] : [];
const occurredOn = (event: RecordedEvent) => String((event.metadata as Data).occurredAt);

describe('a simulated book, 120 days through the policy engine', () => {
  const book = new SimulatedBook(OPTIONS);
  let dataDir: string;
  let result: SimulationResult;
  let streams: Map<string, RecordedEvent[]>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'collections-simulation-'));
    result = await runSimulation(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', POLICY_RUN_INTERVAL_MINUTES: '0' }), {
      customers: OPTIONS.customers,
      days: OPTIONS.days,
      seed: OPTIONS.seed,
      startOn: OPTIONS.startOn,
    });
    streams = await readStreams(dataDir);
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const eventsOf = (customer: SimulatedCustomer) => streams.get(`collection-${customer.customerId}`) ?? [];
  const storyOf = (customer: SimulatedCustomer, invoiceId: string) =>
    eventsOf(customer).filter((event) => invoiceIdsOf(event.data).includes(invoiceId));
  const customersWith = (profile: SimulatedCustomer['profile'], where: (customer: SimulatedCustomer) => boolean = () => true) => {
    const found = book.customers.filter((customer) => customer.profile === profile && where(customer));
    if (found.length === 0) throw new Error(`The book has no ${profile} customer for this story: pick another seed`);
    return found;
  };

  it('given the simulated people, then the command side refused none of their commands', () => {
    expect(result.refused).toEqual([]);
    expect(result.engineCommands).toBeGreaterThan(0);
  });

  it('given a customer who never pays, then the first invoice goes overdue → friendly → firm → final notice → agency referral proposed, each on its day, and the referral puts the account on hold', () => {
    const [customer] = customersWith(
      'agency_bound',
      ({ invoices }) => invoices.length > 0 && addDays(invoices[0].dueOn, 85) <= addDays(OPTIONS.startOn!, OPTIONS.days - 1),
    );
    const { invoiceId, dueOn } = customer.invoices[0];
    // The first time each step lists the invoice.
    const firsts: string[] = [];
    for (const event of storyOf(customer, invoiceId)) {
      const label =
        event.type === 'ReminderSent'
          ? `ReminderSent ${String(event.data.level)}`
          : event.type === 'EscalationProposed'
            ? `EscalationProposed ${String(event.data.kind)}`
            : event.type;
      if (['InvoiceRegistered', 'CallTaskScheduled'].includes(event.type) || firsts.some((seen) => seen.startsWith(`${label} `))) continue;
      firsts.push(`${label} ${occurredOn(event)}`);
    }
    expect(firsts.slice(0, 8)).toEqual([
      `ReminderSent 1 ${addDays(dueOn, -3)}`,
      `InvoiceOverdue ${addDays(dueOn, 1)}`,
      `ReminderSent 2 ${addDays(dueOn, 7)}`,
      `ReminderSent 3 ${addDays(dueOn, 21)}`,
      `ReminderSent 5 ${addDays(dueOn, 45)}`,
      `FinalNoticeSent ${addDays(dueOn, 60)}`,
      `EscalationProposed agency_referral ${addDays(dueOn, 75)}`,
      expect.stringMatching(/^ReferredToAgency /),
    ]);
    const referredOn = firsts[7].split(' ')[1];
    const hold = eventsOf(customer).filter((event) => event.type === 'CreditHoldPlaced');
    expect(hold.map((event) => event.data.placedOn)).toEqual([referredOn]);
  });

  it('given reminders and notices, then each has its letter, friendly, then firm, then final', async () => {
    const [customer] = customersWith(
      'agency_bound',
      ({ invoices }) => invoices.length > 0 && addDays(invoices[0].dueOn, 60) <= addDays(OPTIONS.startOn!, OPTIONS.days - 1),
    );
    const sent = eventsOf(customer).filter((event) => event.type === 'ReminderSent' || event.type === 'FinalNoticeSent');
    const outbox = createLetterOutbox(dataDir);
    try {
      const letters = await outbox.lettersOf(customer.customerId);
      expect(letters).toHaveLength(sent.length);
      // The first invoice's letters grow sterner; later invoices start their own ladder.
      const first = customer.invoices[0].invoiceId;
      const tones = letters
        .filter((letter) => letter.invoiceIds.includes(first))
        .map((letter) => letter.tone)
        .filter((tone, index, all) => tone !== all[index - 1]);
      expect(tones).toEqual(['friendly', 'firm', 'final']);
      expect(letters.every((letter) => letter.delivery.state === 'delivered')).toBe(true);
    } finally {
      await outbox.close();
    }
  });

  it('given customers who promise and pay, then each promise is kept, none broken, and no reminder lists the promised invoices while the promise holds', () => {
    const keepers = customersWith('promise_keeper', (customer) => eventsOf(customer).some((event) => event.type === 'PromiseMade'));
    for (const customer of keepers) {
      const events = eventsOf(customer);
      // A promise still running when the simulation ends is not judged yet.
      const made = events.filter((event) => event.type === 'PromiseMade' && addDays(String(event.data.promisedFor), 3) < LAST_DAY);
      const judged = new Set(made.map((event) => event.data.promiseId));
      expect({
        customer: customer.customerId,
        kept: events
          .filter((event) => event.type === 'PromiseKept' && judged.has(event.data.promiseId))
          .map((event) => event.data.promiseId),
      }).toEqual({ customer: customer.customerId, kept: made.map((event) => event.data.promiseId) });
      expect(events.filter((event) => event.type === 'PromiseBroken')).toEqual([]);
      for (const promise of made) {
        const kept = events.find(
          (event) => event.type === 'PromiseKept' && event.data.promiseId === promise.data.promiseId,
        ) as RecordedEvent;
        const during = events.filter(
          (event) => event.type === 'ReminderSent' && occurredOn(event) >= occurredOn(promise) && occurredOn(event) <= occurredOn(kept),
        );
        expect(during.filter((event) => invoiceIdsOf(event.data).some((id) => invoiceIdsOf(promise.data).includes(id)))).toEqual([]);
      }
    }
  });

  it('given customers who promise and do not pay, then the promise is broken the day after its tolerance with the shortfall, and the collector is asked to call that day', () => {
    const breakers = customersWith('promise_breaker', (customer) => eventsOf(customer).some((event) => event.type === 'PromiseBroken'));
    for (const customer of breakers) {
      const events = eventsOf(customer);
      for (const broken of events.filter((event) => event.type === 'PromiseBroken')) {
        const promise = events.find(
          (event) => event.type === 'PromiseMade' && event.data.promiseId === broken.data.promiseId,
        ) as RecordedEvent;
        expect(broken.data.brokenOn).toBe(addDays(String(promise.data.promisedFor), 4));
        expect(Number(broken.data.shortfall)).toBeGreaterThan(0);
        const call = events.find((event) => event.type === 'CallTaskScheduled' && event.data.promiseId === broken.data.promiseId);
        expect(call?.data).toMatchObject({
          reason: 'promise_broken',
          scheduledOn: broken.data.brokenOn,
          collectorId: customer.collectorId,
        });
      }
    }
  });

  it('given disputed invoices, then no reminder or notice lists one while its dispute is open', () => {
    const disputers = customersWith('disputer', (customer) =>
      eventsOf(customer).some((event) => event.type === 'DisputeRaised' || event.type === 'DeductionClaimed'),
    );
    let checked = 0;
    for (const customer of disputers) {
      const events = eventsOf(customer);
      for (const raised of events.filter((event) => event.type === 'DisputeRaised')) {
        const resolved = events.find((event) => event.type === 'DisputeResolved' && event.data.disputeId === raised.data.disputeId);
        const until: BusinessDate = resolved ? occurredOn(resolved) : '9999-12-31';
        const dunned = events.filter(
          (event) =>
            (event.type === 'ReminderSent' || event.type === 'FinalNoticeSent') &&
            occurredOn(event) >= occurredOn(raised) &&
            occurredOn(event) < until &&
            invoiceIdsOf(event.data).includes(String(raised.data.invoiceId)),
        );
        expect({ dispute: raised.data.disputeId, dunned: dunned.map((event) => event.data) }).toEqual({
          dispute: raised.data.disputeId,
          dunned: [],
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('given the same seed, when simulated again elsewhere, then every stream holds the same events with the same ids', async () => {
    const again = mkdtempSync(join(tmpdir(), 'collections-simulation-'));
    try {
      await runSimulation(loadConfig({ DATA_DIR: again, LOG_LEVEL: 'silent', POLICY_RUN_INTERVAL_MINUTES: '0' }), {
        customers: OPTIONS.customers,
        days: OPTIONS.days,
        seed: OPTIONS.seed,
        startOn: OPTIONS.startOn,
      });
      const comparable = (all: Map<string, RecordedEvent[]>) =>
        [...all].map(([stream, events]) => [stream, events.map(({ id, type, data }) => ({ id, type, data }))]).sort();
      expect(comparable(await readStreams(again))).toEqual(comparable(streams));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }, 120_000);
});

async function readStreams(dataDir: string): Promise<Map<string, RecordedEvent[]>> {
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  try {
    const streams = new Map<string, RecordedEvent[]>();
    for (const event of await store.readAll({ filter: { streamPrefixes: ['collection-'] } })) {
      streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
    }
    return streams;
  } finally {
    await store.close();
  }
}
