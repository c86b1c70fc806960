import fc from 'fast-check';
import { AccountState, CollectionCommand, CollectionEvent, DomainError, addDays, decide, evolve, initialState } from '@collections/domain';
import { DEFAULT_COLLECTION_POLICY } from './default-policy';
import { planCollectionActions } from './plan';
import { TEST_POLICY, appendDecided } from './testing/policy-specification';
import { fold } from '@collections/domain/testing/decider-specification';

/**
 * Whatever the history, the planned commands are accepted by `decide` in order (no DomainError),
 * and a rerun for the same date after appending them plans nothing. Histories come from random
 * commands a collector or the ledger might send, of which the accepted ones are kept.
 */
const INVOICES = ['INV-1', 'INV-2', 'INV-3'];
const day = fc.integer({ min: 0, max: 150 }).map((n) => addDays('2024-01-01', n));
const invoiceId = fc.constantFrom(...INVOICES);
const invoiceIds = fc.subarray(INVOICES, { minLength: 1 });
const amount = fc.constantFrom(1_000, 5_000, 10_000, 2_000_000);
const currency = fc.constantFrom('EUR', 'EUR', 'USD');

const anyCommand: fc.Arbitrary<CollectionCommand> = fc.oneof(
  fc.record({ invoiceId, amount, currency, issuedOn: day, due: fc.integer({ min: 0, max: 45 }) }).map(({ due, ...data }) => ({
    type: 'RegisterInvoice' as const,
    data: { ...data, dueOn: addDays(data.issuedOn, due) },
  })),
  fc
    .record({ paymentId: fc.uuid(), invoiceId, amount, currency, receivedOn: day })
    .map((data) => ({ type: 'ReceivePayment' as const, data })),
  fc.record({ collectorId: fc.constantFrom('alice', 'bob'), assignedOn: day }).map((data) => ({ type: 'AssignCollector' as const, data })),
  fc
    .record({
      disputeId: fc.constantFrom('D-1', 'D-2'),
      invoiceId,
      amount,
      currency,
      category: fc.constant('pricing' as const),
      raisedOn: day,
    })
    .map((data) => ({ type: 'RaiseDispute' as const, data })),
  fc
    .record({ disputeId: fc.constantFrom('D-1', 'D-2'), resolution: fc.constant('customer_liable' as const), resolvedOn: day })
    .map((data) => ({ type: 'ResolveDispute' as const, data })),
  fc
    .record({
      promiseId: fc.constantFrom('PR-1', 'PR-2'),
      invoiceIds,
      amount,
      currency,
      madeOn: day,
      days: fc.integer({ min: 0, max: 20 }),
    })
    .map(({ days, ...data }) => ({ type: 'MakePromise' as const, data: { ...data, promisedFor: addDays(data.madeOn, days) } })),
  fc
    .record({
      contactId: fc.uuid(),
      contactedOn: day,
      channel: fc.constant('phone' as const),
      person: fc.constant('AP'),
      outcome: fc.constant('reached' as const),
    })
    .map((data) => ({ type: 'LogContact' as const, data })),
  fc
    .record({ referralId: fc.constantFrom('AG-1'), agency: fc.constant('Acme'), invoiceIds, reason: fc.constant('r'), referredOn: day })
    .map((data) => ({ type: 'ReferToAgency' as const, data })),
  fc.record({ invoiceId, agreedOn: day, parts: fc.integer({ min: 1, max: 3 }) }).map(({ invoiceId: id, agreedOn, parts }) => ({
    type: 'AgreePaymentPlan' as const,
    // Installment amounts rarely add up to the balance: refused plans are simply dropped.
    data: {
      planId: 'PL-1',
      invoiceIds: [id],
      currency: 'EUR',
      installments: Array.from({ length: parts }, (_, index) => ({
        number: index + 1,
        dueOn: addDays(agreedOn, 10 * (index + 1)),
        amount: 10_000 / parts,
      })),
      interestRateBasisPoints: 0,
      guarantors: [],
      agreedOn,
    },
  })),
);

/** The events of the commands `decide` accepts, in order. */
function historyOf(commands: CollectionCommand[]): CollectionEvent[] {
  const events: CollectionEvent[] = [];
  let state: AccountState = initialState();
  for (const command of commands) {
    try {
      for (const event of decide(command, state)) {
        events.push(event);
        state = evolve(state, event);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return events;
}

describe('planCollectionActions, whatever the history', () => {
  it.each([
    ['the test policy', TEST_POLICY],
    ['the default policy', DEFAULT_COLLECTION_POLICY],
  ])('plans only commands decide accepts, and nothing more on a rerun (%s)', (_name, policy) => {
    fc.assert(
      fc.property(fc.array(anyCommand, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 300 }), (commands, offset) => {
        const history = historyOf(commands);
        const date = addDays('2024-01-01', offset);
        const planned = planCollectionActions(fold(history), policy, date);
        const appended = appendDecided(history, planned); // throws on a DomainError
        expect(planCollectionActions(fold(appended), policy, date)).toEqual([]);
        expect(planCollectionActions(fold(history), policy, date)).toEqual(planned);
      }),
      { numRuns: 300 },
    );
  });
});
