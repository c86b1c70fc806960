import { CollectionEvent, CollectionEventType } from '@collections/domain';
import { SimulatedBook } from './book';
import { CUSTOMER_PROFILES, CustomerProfile } from './profiles';
import { InMemoryRun, SimulatedEvent, runInMemory } from './testing/in-memory-run';

/**
 * Half a year of a 200-customer book under the default policy, run through decide, the policy
 * engine and its sagas. The run itself is the first check: a command decide refuses fails it.
 */
const book = new SimulatedBook({ customers: 200, days: 180, seed: 2025 });
let run: InMemoryRun;

beforeAll(() => {
  run = runInMemory(book);
});

const customersWith = (profile: CustomerProfile) => book.customers.filter((customer) => customer.profile === profile);
const typesOf = (events: readonly SimulatedEvent[]) => events.map(({ event }) => event.type);
const ofType = <T extends CollectionEventType>(events: readonly SimulatedEvent[], type: T) =>
  events.map(({ event }) => event).filter((event): event is Extract<CollectionEvent, { type: T }> => event.type === type);
/** True when `types` occur in `events` in this order (not necessarily next to each other). */
const inOrder = (events: readonly SimulatedEvent[], types: CollectionEventType[]): boolean => {
  let next = 0;
  for (const type of typesOf(events)) if (type === types[next]) next++;
  return next === types.length;
};
/** The customers of a profile whose events tell the story `told` does. */
const telling = (profile: CustomerProfile, told: (events: readonly SimulatedEvent[]) => boolean) =>
  customersWith(profile).filter(({ customerId }) => told(run.eventsOf(customerId)));

describe('a simulated half year under the default policy', () => {
  it('given 200 customers, when run for 180 days, then decide accepts every command and every profile is there', () => {
    expect(run.commands.length).toBeGreaterThan(2_000);
    for (const profile of CUSTOMER_PROFILES)
      expect({ profile, present: customersWith(profile).length > 0 }).toEqual({ profile, present: true });
    // Every customer got its first invoice and its collector.
    for (const { customerId, collectorId } of book.customers) {
      expect(typesOf(run.eventsOf(customerId)).slice(0, 2)).toEqual(['InvoiceRegistered', 'CollectorAssigned']);
      expect(run.accountOf(customerId)).toMatchObject({ status: 'active', collectorId });
    }
  });

  it('given on_time customers, then none is ever reminded beyond the courtesy e-mail (level 1) nor found overdue', () => {
    const onTime = customersWith('on_time');
    expect(onTime.length).toBeGreaterThan(0);
    for (const { customerId } of onTime) {
      const events = run.eventsOf(customerId);
      expect({
        customerId,
        levels: ofType(events, 'ReminderSent')
          .filter((r) => r.data.level > 1)
          .map((r) => r.data.level),
      }).toEqual({ customerId, levels: [] });
      expect({ customerId, overdue: ofType(events, 'InvoiceOverdue').length }).toEqual({ customerId, overdue: 0 });
    }
    expect(onTime.some(({ customerId }) => ofType(run.eventsOf(customerId), 'ReminderSent').some((r) => r.data.level === 1))).toBe(true);
  });

  it('given late payers, then they pay after the due date, once overdue', () => {
    const stories = telling('late_payer', (events) => inOrder(events, ['InvoiceRegistered', 'InvoiceOverdue', 'PaymentReceived']));
    expect(stories.length).toBeGreaterThan(0);
  });

  it('given customers who pay after a reminder, then each of their payments follows a reminder for that invoice', () => {
    const customers = customersWith('pays_after_reminder');
    let payments = 0;
    for (const { customerId } of customers) {
      const reminded = new Set<string>();
      for (const { event } of run.eventsOf(customerId)) {
        if (event.type === 'ReminderSent') event.data.invoiceIds.forEach((id) => reminded.add(id));
        if (event.type === 'PaymentReceived') {
          payments++;
          expect({ payment: event.data.paymentId, reminded: reminded.has(event.data.invoiceId) }).toEqual({
            payment: event.data.paymentId,
            reminded: true,
          });
        }
      }
    }
    expect(payments).toBeGreaterThan(0);
  });

  it('given an agency_bound customer, then its account goes overdue, is reminded at rising levels, gets a final notice, is proposed for and referred to an agency, and is put on credit hold', () => {
    const stories = telling('agency_bound', (events) =>
      inOrder(events, [
        'InvoiceOverdue',
        'ReminderSent',
        'ReminderSent',
        'FinalNoticeSent',
        'EscalationProposed',
        'ReferredToAgency',
        'CreditHoldPlaced',
      ]),
    );
    expect(stories.length).toBeGreaterThan(0);
    for (const { customerId } of stories) {
      const events = run.eventsOf(customerId);
      const referral = ofType(events, 'ReferredToAgency')[0];
      const proposal = ofType(events, 'EscalationProposed').find((p) => p.data.kind === 'agency_referral');
      expect(proposal).toBeDefined();
      expect(referral.data.referredOn > (proposal?.data.proposedOn ?? '')).toBe(true);
      expect(ofType(events, 'CreditHoldPlaced')[0].data.placedOn).toBe(referral.data.referredOn);
      // Per invoice, the reminder levels only rise.
      for (const invoiceId of referral.data.invoiceIds) {
        const levels = ofType(events, 'ReminderSent')
          .filter((r) => r.data.invoiceIds.includes(invoiceId))
          .map((r) => r.data.level);
        expect(levels).toEqual([...levels].sort((a, b) => a - b));
        expect(new Set(levels).size).toBeGreaterThan(1);
      }
      // Nobody pays it and nothing more is invoiced once it is on hold.
      const heldOn = ofType(events, 'CreditHoldPlaced')[0].data.placedOn;
      expect(ofType(events, 'InvoiceRegistered').filter((i) => i.data.issuedOn > heldOn)).toEqual([]);
    }
  });

  it('given a promise_keeper, then a collector calls, takes a promise, and the promise is kept', () => {
    const stories = telling('promise_keeper', (events) =>
      inOrder(events, ['ReminderSent', 'ContactLogged', 'PromiseMade', 'PaymentReceived', 'PromiseKept']),
    );
    expect(stories.length).toBeGreaterThan(0);
    for (const { customerId } of customersWith('promise_keeper')) {
      expect({ customerId, broken: ofType(run.eventsOf(customerId), 'PromiseBroken') }).toEqual({ customerId, broken: [] });
    }
  });

  it('given a promise_breaker, then the engine declares a promise broken and asks the collector to call back', () => {
    const stories = telling('promise_breaker', (events) => inOrder(events, ['PromiseMade', 'PromiseBroken', 'CallTaskScheduled']));
    expect(stories.length).toBeGreaterThan(0);
    // Some pay part of what they promised before breaking it.
    const partial = customersWith('promise_breaker')
      .flatMap(({ customerId }) => ofType(run.eventsOf(customerId), 'PromiseBroken'))
      .filter((b) => b.data.amountPaid > 0);
    expect(partial.length).toBeGreaterThan(0);
  });

  it('given a disputer, then a disputed invoice is never in a reminder while its dispute is open, and disputes get resolved', () => {
    let raised = 0;
    let resolved = 0;
    for (const { customerId } of customersWith('disputer')) {
      const open = new Set<string>();
      for (const { event } of run.eventsOf(customerId)) {
        if (event.type === 'DisputeRaised' || event.type === 'DeductionClaimed') {
          raised++;
          open.add(event.data.invoiceId);
        }
        if (event.type === 'DisputeResolved') {
          resolved++;
          open.delete(event.data.invoiceId);
        }
        if (event.type === 'ReminderSent' || event.type === 'FinalNoticeSent') {
          expect({ reminder: event.data, disputed: event.data.invoiceIds.filter((id) => open.has(id)) }).toEqual({
            reminder: event.data,
            disputed: [],
          });
        }
      }
    }
    expect(raised).toBeGreaterThan(0);
    expect(resolved).toBeGreaterThan(0);
    expect(
      telling('disputer', (events) => inOrder(events, ['DisputeRaised', 'DisputeResolved', 'CreditMemoIssued'])).length,
    ).toBeGreaterThan(0);
  });

  it('given a payment_plan customer, then a collector agrees a plan and its installments are confirmed paid', () => {
    const stories = telling('payment_plan', (events) =>
      inOrder(events, ['ReminderSent', 'ContactLogged', 'PaymentPlanAgreed', 'PaymentReceived', 'InstallmentPaid']),
    );
    expect(stories.length).toBeGreaterThan(0);
  });

  it('given a write_off customer, then a manager writes its invoices off and records a post-mortem', () => {
    const stories = telling('write_off', (events) =>
      inOrder(events, ['FinalNoticeSent', 'EscalationProposed', 'CreditHoldPlaced', 'WrittenOff', 'PostMortemRecorded']),
    );
    expect(stories.length).toBeGreaterThan(0);
    for (const { customerId } of customersWith('write_off')) {
      expect({ customerId, paid: ofType(run.eventsOf(customerId), 'PaymentReceived') }).toEqual({ customerId, paid: [] });
    }
  });

  it('given the whole run, then people act only as their profile says', () => {
    const actorsOf = (type: string) => new Set(run.commands.filter((c) => c.command.type === type).map((c) => c.actor));
    expect(actorsOf('RegisterInvoice')).toEqual(new Set(['integration']));
    expect(actorsOf('ReceivePayment')).toEqual(new Set(['integration']));
    expect(actorsOf('AssignCollector')).toEqual(new Set(['manager']));
    expect(actorsOf('ReferToAgency')).toEqual(new Set(['manager']));
    expect(actorsOf('MakePromise')).toEqual(new Set(['collector']));
    const profileOf = new Map(book.customers.map((c) => [c.customerId, c.profile]));
    const who = (type: string) => new Set(run.commands.filter((c) => c.command.type === type).map((c) => profileOf.get(c.customerId)));
    expect(who('ReferToAgency')).toEqual(new Set(['agency_bound']));
    expect(who('MakePromise')).toEqual(new Set(['promise_keeper', 'promise_breaker']));
    expect(who('AgreePaymentPlan')).toEqual(new Set(['payment_plan']));
    expect([...who('WriteOff')].every((p) => p === 'write_off' || p === 'agency_bound')).toBe(true);
    // Every idempotency key is used once.
    expect(new Set(run.commands.map((c) => c.idempotencyKey)).size).toBe(run.commands.length);
  });
});
